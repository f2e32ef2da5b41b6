import ArgumentParser
import TesseraStore

/// `tessera sources`: what is in the store.
struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the evidence sources in the store with their hashes and counts.",
        discussion: """
            Counts always add up: read = stored + duplicates + rejects.

            Example:
              tessera sources --format csv > sources.csv
            """)

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var formatOptions: OutputFormatOptions
    var format: OutputFormat { formatOptions.format }

    static let sql = """
        SELECT source_id AS id, path, plugin, format, sha256, size_bytes AS bytes, records_read AS read,
               records_stored AS stored, duplicates, rejects, events_stored AS events,
               json_array_length(warnings) AS warnings, ingested_at
        FROM sources ORDER BY source_id
        """

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(.readOnly)
            var writer = RowWriter(format: format)
            try QueryRunner(store: store).run(Self.sql, into: &writer)
        }
    }
}
