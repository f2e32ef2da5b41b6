import TesseraSDK

/// A plugin that claimed a file, and the format it recognized.
public struct DetectedPlugin: Sendable {
    public var plugin: any IngestPlugin
    public var format: String
}

/// Why a file could not be given to a plugin.
public enum DetectionError: Error, CustomStringConvertible, Sendable {
    case noPlugin(path: String, available: [String])
    case ambiguous(path: String, candidates: [String])
    case unknownPlugin(name: String, available: [String])
    case notForPlugin(path: String, plugin: String)

    public var description: String {
        switch self {
        case .noPlugin(let path, let available):
            return
                "\(path): no plugin recognizes this file; if you know its format, name the plugin with --plugin NAME (available: \(available.joined(separator: ", ")))"
        case .ambiguous(let path, let candidates):
            return "\(path): several plugins claim this file (\(candidates.joined(separator: ", "))); choose one with --plugin NAME"
        case .unknownPlugin(let name, let available):
            return "no plugin named '\(name)' (available: \(available.joined(separator: ", "))); see `tessera plugins`"
        case .notForPlugin(let path, let plugin):
            return "\(path): plugin '\(plugin)' does not recognize this file; check the file or choose another --plugin"
        }
    }
}

/// Chooses a plugin for a file from its head.
public struct Detector: Sendable {
    public let plugins: [any IngestPlugin]

    public init(plugins: [any IngestPlugin]) {
        self.plugins = plugins
    }

    /// The single plugin claiming `head` with the highest ``DetectionPrecedence`` (a compiled
    /// plugin before any mapping), or an error listing what happened.
    /// - Parameter forced: `--plugin NAME`: that plugin, with its format if it recognizes the file.
    public func detect(_ head: SniffedHead, path: String, forced: String?) throws(DetectionError) -> DetectedPlugin {
        if let forced {
            guard let plugin = plugins.first(where: { $0.descriptor.name == forced }) else {
                throw .unknownPlugin(name: forced, available: plugins.map(\.descriptor.name))
            }
            let format = plugin.detect(head) ?? plugin.descriptor.formats.first ?? plugin.descriptor.name
            return DetectedPlugin(plugin: plugin, format: format)
        }
        let claims = plugins.compactMap { plugin in plugin.detect(head).map { DetectedPlugin(plugin: plugin, format: $0) } }
        guard let top = claims.map(\.plugin.descriptor.precedence).max() else {
            throw .noPlugin(path: path, available: plugins.map(\.descriptor.name))
        }
        let winners = claims.filter { $0.plugin.descriptor.precedence == top }
        guard winners.count == 1 else {
            throw .ambiguous(path: path, candidates: winners.map { "\($0.plugin.descriptor.name) (\($0.format))" })
        }
        return winners[0]
    }
}
