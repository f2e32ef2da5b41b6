import ArgumentParser
import TesseraSDK

/// The `tessera` command line: a thin layer over the library modules.
public struct TesseraCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "Forensic timeline reconstruction: who accessed which resources during each vendor support interaction.",
        discussion: """
            Evidence goes into one SQLite event store (default ./tessera.db, or TESSERA_STORE, or --store).

            Example:
              tessera ingest Samples/
              tessera correlate
              tessera report --format html --output report.html
              tessera query "SELECT time_utc, actor, action, resource FROM timeline LIMIT 20"

            Exit codes: 0 success; 1 an error (a file failed, the store failed); 2 `verify` found a changed \
            or missing source or an altered annotation; 3 detection refused a named file (nothing ingested); 64 usage error.
            """,
        version: TesseraVersion.current,
        subcommands: [
            IngestCommand.self, NormalizeCommand.self, CorrelateCommand.self, DetectCommand.self, ReportCommand.self, ExportCommand.self, QueryCommand.self,
            SourcesCommand.self, VerifyCommand.self, TriageCommand.self, PluginsCommand.self, MappingCommand.self,
            SparkCommand.self, PrunePlanCommand.self,
        ]
    )

    public init() {}
}
