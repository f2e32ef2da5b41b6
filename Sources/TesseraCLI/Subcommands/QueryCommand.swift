import ArgumentParser
import Foundation
import TesseraStore

/// `tessera query`: investigators' SQL on a read-only connection.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run read-only SQL against the event store.",
        discussion: """
            The store is opened read-only: INSERT, UPDATE, DELETE, DROP and other writes fail and change \
            nothing. Tables and views are documented in docs/schema.md.

            Examples:
              tessera query "SELECT time_utc, actor, action, resource FROM timeline WHERE actor LIKE '%@vendor.example'"
              tessera query --format csv "SELECT count(*) FROM events"
              echo "SELECT * FROM sources" | tessera query -
            """)

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var formatOptions: OutputFormatOptions
    var format: OutputFormat { formatOptions.format }

    @Argument(help: "The SQL to run, or - to read it from standard input.")
    var sql: String

    func run() throws {
        try reportingErrors {
            let text = sql == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : sql
            let store = try storeOptions.open(.readOnly)
            var writer = RowWriter(format: format)
            do {
                try QueryRunner(store: store).run(text, into: &writer)
            } catch let error as SQLiteError {
                throw CLIError(message: "SQL error: \(error.message)")
            }
        }
    }
}
