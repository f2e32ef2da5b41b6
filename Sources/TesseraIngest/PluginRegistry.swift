import AzureMonitorPlugin
import CustomerLockboxPlugin
import ExchangeAuditPlugin
import Foundation
import MappingPlugin
import SupportLogPlugin
import TesseraSDK
import UnifiedAuditLogPlugin

/// Every ingest plugin. Adding a format = a folder under `Plugins/`, a target in Package.swift
/// and one line in ``compiled``; `PluginRegistryTests` fails when a plugin folder is not
/// registered. Declarative mappings (YAML, `Plugins/Mapping/BuiltIn/` and the analyst's own)
/// each become a plugin named `mapping:NAME`.
public enum PluginRegistry {
    /// The plugins written in Swift.
    public static let compiled: [any IngestPlugin] = [
        SupportLogPlugin(),
        CustomerLockboxPlugin(),
        ExchangeAuditPlugin(),
        UnifiedAuditLogPlugin(),
        AzureMonitorPlugin(),
    ]

    /// The compiled plugins and the built-in mappings.
    public static let builtIn: [any IngestPlugin] = compiled + builtInMappings

    private static let builtInMappings: [any IngestPlugin] = {
        do {
            return try MappingCatalog.builtIn()
        } catch {
            // Built-in mappings are compiled in and loaded by the test suite: this is a build defect.
            fatalError("a built-in mapping does not load: \(error)")
        }
    }()

    /// The built-in plugins plus the analyst's mappings: `--mapping FILE` (repeatable), the
    /// directories in `TESSERA_MAPPINGS` (`:`-separated) and `~/.config/tessera/mappings`.
    /// A user mapping may not reuse a built-in mapping's name.
    public static func plugins(
        mappingFiles: [String] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [any IngestPlugin] {
        let directories = MappingCatalog.defaultDirectories(environment: environment)
        if mappingFiles.isEmpty && directories.isEmpty { return builtIn }
        return compiled + (try MappingCatalog.all(files: mappingFiles, directories: directories))
    }

    /// The plugin named `name` among `plugins`.
    public static func plugin(named name: String, in plugins: [any IngestPlugin] = builtIn) -> (any IngestPlugin)? {
        plugins.first { $0.descriptor.name == name }
    }
}
