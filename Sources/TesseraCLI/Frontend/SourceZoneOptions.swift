import ArgumentParser
import Foundation
import TesseraSDK

/// `--source-tz TZ`, shared by the commands that read evidence (`ingest`, `mapping check`).
struct SourceZoneOptions: ParsableArguments {
    @Option(
        name: .customLong("source-tz"),
        help: ArgumentHelp("Zone for timestamps that carry none: an IANA name (America/New_York), UTC, or +05:30.", valueName: "TZ"))
    var sourceTZ: String?

    /// The zone named by --source-tz, nil when none was given.
    var zone: TimeZone? { sourceTZ.flatMap(Timestamp.zone(named:)) }

    func validate() throws {
        if let sourceTZ, Timestamp.zone(named: sourceTZ) == nil {
            throw ValidationError("--source-tz '\(sourceTZ)' is not a known zone; use an IANA name such as America/New_York, UTC, or an offset such as -05:00")
        }
    }
}
