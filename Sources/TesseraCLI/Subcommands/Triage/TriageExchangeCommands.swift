import ArgumentParser
import Foundation
import TesseraTriage

/// `tessera triage export`.
struct TriageExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every annotation, with its hash chain, to a JSON Lines file another analyst can import.",
        discussion: """
            The store is opened read-only. The file's first line names the store's evidence (source \
            SHA-256s) and the row count; each further line is one annotation exactly as stored.

            Example:
              tessera triage export --output review-alice.jsonl
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The file to write (replaced whole).", valueName: "FILE.jsonl"))
    var output: String

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(.readOnly)
            if URL(fileURLWithPath: output).standardizedFileURL == URL(fileURLWithPath: store.path).standardizedFileURL {
                throw CLIError(message: "--output \(output) is the store itself; choose another file")
            }
            let rows = try TriageExchange.export(database: store.database, to: output, exportedUTC: TriageLedger.now())
            print("wrote \(output): \(rows) annotation\(rows == 1 ? "" : "s")")
        }
    }
}

/// `tessera triage import`.
struct TriageImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append the annotations of another analyst's `triage export` file (all of them or none).",
        discussion: """
            Every line is checked first: the exporting store's hash chain must hold, and each target must \
            be in this store (the same evidence, and for findings the same correlation). Any problem is \
            reported by line and nothing is imported. Annotations this store already holds are skipped, \
            so importing a file twice adds nothing.

            Example:
              tessera triage import review-alice.jsonl
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("A file written by `tessera triage export`.", valueName: "FILE.jsonl"))
    var file: String

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(.readWrite)
            let result = try TriageExchange.importFile(file, into: store.database)
            print(
                "imported \(result.added) annotation\(result.added == 1 ? "" : "s") from \(file)"
                    + (result.alreadyPresent > 0 ? " (\(result.alreadyPresent) already in this store, skipped)" : ""))
        }
    }
}
