import ArgumentParser
import Foundation
import TesseraIngest
import TesseraSDK
import TesseraStore

/// `tessera ingest`: evidence files into the event store.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest evidence files and directories into the event store.",
        discussion: """
            Directories are read recursively; .gz files are decompressed transparently. Each file is \
            detected by its content, hashed (SHA-256), and stored in one transaction: fully or not at \
            all. A file already in the store (same SHA-256) is skipped unless --force replaces it. \
            Records already stored from any file are counted as duplicates.

            Examples:
              tessera ingest Samples/
              tessera ingest --store case.db --source-tz America/New_York vendor/support-2023.csv
              tessera ingest --plugin support-log --json export.txt
              tessera ingest --mapping my-vendor.yaml vendor-export.csv
              tessera ingest --store case.db samples.normalized   # the output of tessera normalize or tessera spark
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var mappingOptions: MappingOptions

    @OptionGroup var reading: EvidenceReadingOptions

    @Flag(help: "Replace sources already ingested (same SHA-256) instead of skipping them.")
    var force = false

    @Flag(help: "Print a machine-readable JSON summary on standard output.")
    var json = false

    @Argument(help: "Evidence files and directories.")
    var paths: [String]

    func run() throws {
        try reportingErrors {
            var options = reading.ingestOptions
            options.force = force
            let store = try storeOptions.open(.readWrite)
            let pipeline = IngestPipeline(store: store, plugins: try mappingOptions.plugins(), options: options)
            let progress = TerminalProgress.ifTerminal()
            pipeline.progress = progress
            let report = try pipeline.run(paths: paths)
            progress?.clear()
            if json {
                print(IngestSummary.json(report, storePath: storeOptions.path))
            } else {
                print(IngestSummary.text(report, storePath: storeOptions.path))
            }
            if report.failures > 0 { throw ExitStatus.failure.exitCode }
        }
    }
}
