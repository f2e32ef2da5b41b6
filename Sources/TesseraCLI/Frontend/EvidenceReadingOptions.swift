import ArgumentParser
import TesseraIngest
import TesseraSDK

/// `--plugin`, `--source-tz`, `--strict`: how evidence files are read (`ingest`, `normalize`).
struct EvidenceReadingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Use this plugin instead of auto-detection (see `tessera plugins`).", valueName: "NAME"))
    var plugin: String?

    @OptionGroup var sourceZone: SourceZoneOptions

    @Flag(help: "Fail when a file inside a directory is not recognized by any plugin (default: list it as skipped).")
    var strict = false

    /// The pipeline options these flags give.
    var ingestOptions: IngestOptions {
        var options = IngestOptions()
        options.plugin = plugin
        options.sourceTimeZoneName = sourceZone.sourceTZ
        options.sourceTimeZone = sourceZone.zone
        options.strict = strict
        return options
    }
}
