import ArgumentParser
import TesseraReport

/// `tessera export`: events for timeline tools (Timesketch, Timeline Explorer, SOF-ELK) or
/// spreadsheets, with the report's filters.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export events (or interaction_access rows) as Timesketch, l2t_csv, CSV or JSON Lines.",
        discussion: """
            Formats: timesketch-jsonl and timesketch-csv (message, datetime, timestamp_desc, timestamp plus \
            Tessera's fields), l2t-csv (plaso's 17 columns, for Timeline Explorer and SOF-ELK), csv and jsonl \
            (every event column with source file, SHA-256 and locator; --rows access exports interaction_access \
            instead). Values are exported whole; CSV cells starting with = + - @ tab or CR get a leading '.

            Example:
              tessera export --format timesketch-jsonl --output case.jsonl
              tessera export --format l2t-csv --tz America/New_York --from 2023-04-01 --to 2023-04-30 --output april.csv
              tessera export --format csv --rows access --interaction TKT-2023-0467 --output access.csv
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "timesketch-jsonl, timesketch-csv, l2t-csv, csv or jsonl.")
    var format: ExportFormat

    @Option(help: "events, or access (interaction_access rows; csv and jsonl only).")
    var rows: ExportRows = .events

    @Option(help: ArgumentHelp("The file to write (replaced whole when the export is complete).", valueName: "FILE"))
    var output: String

    @OptionGroup var filterOptions: ReportFilterOptions

    func validate() throws {
        if rows == .access && !format.supportsAccessRows {
            throw ValidationError("--rows access is available with --format csv or jsonl only")
        }
    }

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(.readOnly)
            let written = try Exporter.export(
                store: store, format: format, rows: rows, filter: try filterOptions.filter(),
                zone: try filterOptions.zone(), to: output)
            print("wrote \(output): \(written.rows) \(rows == .events ? "events" : "interaction_access rows"), \(written.bytes) bytes")
        }
    }
}
