import ArgumentParser
import TesseraIngest
import TesseraSDK

/// `--plugin`, `--source-tz`, `--strict`: how evidence files are read (`ingest`, `normalize`).
struct EvidenceReadingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Use this plugin instead of auto-detection (see `tessera plugins`).", valueName: "NAME"))
    var plugin: String?

    @Option(name: .customLong("source-tz"),
            help: ArgumentHelp("Zone for timestamps that carry none: an IANA name (America/New_York), UTC, or +05:30.", valueName: "TZ"))
    var sourceTZ: String?

    @Flag(help: "Fail when a file inside a directory is not recognized by any plugin (default: list it as skipped).")
    var strict = false

    func validate() throws {
        if let sourceTZ, Timestamp.zone(named: sourceTZ) == nil {
            throw ValidationError("--source-tz '\(sourceTZ)' is not a known zone; use an IANA name such as America/New_York, UTC, or an offset such as -05:00")
        }
    }

    /// The pipeline options these flags give.
    var ingestOptions: IngestOptions {
        var options = IngestOptions()
        options.plugin = plugin
        options.sourceTimeZoneName = sourceTZ
        options.sourceTimeZone = sourceTZ.flatMap(Timestamp.zone(named:))
        options.strict = strict
        return options
    }
}
