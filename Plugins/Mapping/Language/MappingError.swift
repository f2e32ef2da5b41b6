/// A problem in a mapping file, naming the file, the line and the key at fault so the
/// analyst can fix it without reading Swift.
public struct MappingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The mapping file (path, or `built-in:NAME.yaml`).
    public var file: String
    /// 1-based line of the offending node, when known.
    public var line: Int?
    /// The key path at fault, e.g. `fields.time.formats[1]`; empty for the whole file.
    public var key: String
    /// What is wrong and what to do about it.
    public var reason: String

    public init(file: String, line: Int?, key: String, reason: String) {
        self.file = file
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(reason)" : "\(place): \(key): \(reason)"
    }
}

/// Two or more mappings claim the same evidence file: the analyst must choose one with `--plugin`.
public struct AmbiguousMappingError: Error, CustomStringConvertible, Sendable {
    public var fileName: String
    /// `(plugin name, where the mapping came from)` of every claimant.
    public var claimants: [(name: String, origin: String)]

    public var description: String {
        let names = claimants.map { "\($0.name) (\($0.origin))" }.joined(separator: ", ")
        return "\(fileName): claimed by several mappings: \(names); tighten their `detect` sections or choose one with --plugin NAME"
    }
}
