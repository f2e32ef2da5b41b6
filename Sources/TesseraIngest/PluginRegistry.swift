import CustomerLockboxPlugin
import ExchangeAuditPlugin
import SupportLogPlugin
import TesseraSDK

/// Every built-in ingest plugin. Adding a format = a folder under `Plugins/`, a target in
/// Package.swift and one line here; `PluginRegistryTests` fails when a plugin folder is
/// not registered.
public enum PluginRegistry {
    public static let builtIn: [any IngestPlugin] = [
        SupportLogPlugin(),
        CustomerLockboxPlugin(),
        ExchangeAuditPlugin(),
    ]

    /// The built-in plugin named `name`, if any.
    public static func plugin(named name: String, in plugins: [any IngestPlugin] = builtIn) -> (any IngestPlugin)? {
        plugins.first { $0.descriptor.name == name }
    }
}

/// The current Tessera version, recorded on every source.
public enum TesseraVersion {
    public static let current = "0.1.0"
}
