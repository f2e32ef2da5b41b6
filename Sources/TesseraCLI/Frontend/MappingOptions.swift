import ArgumentParser
import Foundation
import TesseraIngest
import TesseraSDK

/// `--mapping FILE`: the analyst's own declarative mappings (see docs/mappings.md).
struct MappingOptions: ParsableArguments {
    @Option(
        name: .customLong("mapping"),
        help: ArgumentHelp("A mapping file (YAML) to use besides the built-ins and $TESSERA_MAPPINGS (repeatable).", valueName: "FILE"))
    var files: [String] = []

    /// Built-in plugins plus every user mapping in force.
    func plugins() throws -> [any IngestPlugin] {
        try PluginRegistry.plugins(mappingFiles: files)
    }
}
