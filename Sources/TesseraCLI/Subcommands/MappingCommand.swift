import ArgumentParser
import Foundation
import MappingPlugin
import TesseraIngest
import TesseraSDK

/// `tessera mapping`: work on declarative mappings.
struct MappingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping",
        abstract: "Write and check declarative mappings for new log shapes (docs/mappings.md).",
        subcommands: [MappingCheckCommand.self])
}

/// `tessera mapping check FILE SAMPLE`: try a mapping on a sample, without a store.
struct MappingCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a mapping and show the first events and rejects it makes of a sample.",
        discussion: """
            FILE is a mapping (YAML) or the name of a built-in mapping (e.g. google-drive). Errors in the \
            mapping name the file, line and key. Nothing is written anywhere.

            Example:
              tessera mapping check my-vendor.yaml samples/vendor-export.csv
            """)

    @Argument(help: "The mapping file, or a built-in mapping's name.")
    var mapping: String

    @Argument(help: "A sample evidence file (not compressed).")
    var sample: String

    @OptionGroup var sourceZone: SourceZoneOptions

    @Option(help: "How many events to show.")
    var limit = 10

    func run() throws {
        try reportingErrors {
            print(
                try MappingCheck.run(
                    mappingFile: mapping, sample: sample,
                    sourceTimeZone: sourceZone.zone, limit: limit))
            // A compiled plugin's claim wins over every mapping's during auto-detection.
            let head = try EvidenceFile(path: sample, named: true).sniff()
            for plugin in PluginRegistry.compiled {
                guard let format = plugin.detect(head) else { continue }
                print(
                    "note: \(plugin.descriptor.name) (a compiled plugin) claims this file as \(format) and takes precedence over mappings when detecting; ingest it with this mapping only by naming it: --plugin mapping:NAME"
                )
            }
        }
    }
}
