import ArgumentParser
import TesseraIngest
import TesseraStore

/// `tessera plugins`: what Tessera can read.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the ingest plugins: name, version, formats and what each reads.",
        discussion: """
            Use a name with `tessera ingest --plugin NAME` when auto-detection cannot decide. \
            Declarative mappings are listed as mapping:NAME with where each came from \
            ([built-in] or the mapping file's path).

            Example:
              tessera plugins --format markdown
            """)

    @OptionGroup var mappingOptions: MappingOptions

    @OptionGroup var formatOptions: OutputFormatOptions
    var format: OutputFormat { formatOptions.format }

    func run() throws {
        try reportingErrors {
            var writer = RowWriter(format: format)
            try writer.begin(columns: ["name", "version", "formats", "description"])
            for plugin in try mappingOptions.plugins() {
                let d = plugin.descriptor
                try writer.row(values: [.text(d.name), .text(d.version), .text(d.formats.joined(separator: ", ")), .text(d.summary)])
            }
            try writer.end()
        }
    }
}
