import Foundation
import Testing

@testable import TesseraIngest

@Suite struct PluginRegistryTests {
    /// Every folder under Plugins/ is a target named `<Folder>Plugin` and must be registered.
    @Test func everyPluginFolderIsRegistered() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: packageRoot + "/Plugins")
            .filter { !$0.hasPrefix(".") }
        #expect(!folders.isEmpty)
        let registeredModules = Set(PluginRegistry.builtIn.map { String(reflecting: type(of: $0)).split(separator: ".")[0] })
        for folder in folders {
            #expect(registeredModules.contains(Substring(folder + "Plugin")), "Plugins/\(folder) is not in PluginRegistry.builtIn")
        }
    }

    @Test func pluginNamesAreUniqueAndDescribed() {
        let names = PluginRegistry.builtIn.map(\.descriptor.name)
        #expect(Set(names).count == names.count)
        #expect(PluginRegistry.builtIn.allSatisfy { !$0.descriptor.summary.isEmpty && !$0.descriptor.formats.isEmpty })
    }
}
