/// A table mapping vendor operation names onto Tessera's normalized values, compiled once.
struct LookupTable: Sendable {
    var name: String
    var entries: [String: String]
    var ignoreCase: Bool
    /// The value for keys not in the table; nil leaves the field to its own `default`.
    var fallback: String?

    func look(_ key: String) -> String? {
        if let hit = entries[ignoreCase ? key.lowercased() : key] { return hit }
        return fallback
    }

    /// Every value the table can produce (for vocabulary checks).
    var outputs: [String] { Array(entries.values) + (fallback.map { [$0] } ?? []) }
}
