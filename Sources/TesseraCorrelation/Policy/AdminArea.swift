/// What a ticket scoped `admin:<area>` may do: the administrative operations of one area
/// (transport rules, user accounts, ...). An event is in such a scope when its source operation
/// (`events.operation`) matches one of ``operations``, its normalized action (`events.action`)
/// is one of ``actions``, or its resource type (`events.resource_type`) is one of ``resourceTypes``. The table lives in the policy (`scope.admin_areas`, docs/policy.md).
public struct AdminArea: Sendable, Equatable {
    /// Operation patterns, lower case; `*` matches any run of characters (also none).
    public var operations: [String]
    /// `events.action` values that belong to the area whatever the operation's name.
    public var actions: Set<String>
    /// `events.resource_type` values that belong to the area (`network-config`, `credential`).
    public var resourceTypes: Set<String>

    /// An area from operation patterns (any case), actions and resource types.
    public init(operations: [String] = [], actions: Set<String> = [], resourceTypes: Set<String> = []) {
        self.operations = operations.map { $0.lowercased() }
        self.actions = actions
        self.resourceTypes = resourceTypes
    }

    /// The area with another one's operations and actions added (a policy file extends the default).
    public func adding(_ other: AdminArea) -> AdminArea {
        var merged = self
        for pattern in other.operations where !merged.operations.contains(pattern) { merged.operations.append(pattern) }
        merged.actions.formUnion(other.actions)
        merged.resourceTypes.formUnion(other.resourceTypes)
        return merged
    }

    /// Whether an event with this operation, action and resource type belongs to the area.
    public func covers(operation: String, action: String, resourceType: String? = nil) -> Bool {
        if actions.contains(action) { return true }
        if let resourceType, resourceTypes.contains(resourceType) { return true }
        let name = operation.trimmingCharactersInWhitespace().lowercased()
        return operations.contains { Self.glob($0, matches: name) }
    }

    /// Canonical area name: trimmed, lower case, runs of spaces, hyphens and underscores as one `-`
    /// (`Transport Rules` = `transport_rules` = `transport-rules`).
    public static func canonicalName(_ name: String) -> String {
        name.trimmingCharactersInWhitespace().lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "\t" })
            .joined(separator: "-")
    }

    /// The area a scope item names (`admin:transport-rules` → `transport-rules`), or nil when the
    /// item is not an `admin:` scope.
    public static func areaName(ofScopeItem item: String) -> String? {
        let trimmed = item.trimmingCharactersInWhitespace()
        guard trimmed.utf8.count > 6, trimmed.lowercased().hasPrefix("admin:") else { return nil }
        return canonicalName(String(trimmed.dropFirst(6)))
    }

    /// `*`-only glob matching on lower-cased text, without recursion: each literal piece must
    /// appear in order; the first is anchored at the start and the last at the end.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        guard pattern.contains("*") else { return pattern == text }
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let bytes = Array(text.utf8)
        let first = pieces[0], last = pieces[pieces.count - 1]
        guard bytes.count >= first.count + last.count, bytes.starts(with: first),
            bytes[(bytes.count - last.count)...].elementsEqual(last)
        else { return false }
        var at = first.count
        let end = bytes.count - last.count
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let found = firstIndex(of: piece, in: bytes, from: at, before: end) else { return false }
            at = found + piece.count
        }
        return true
    }

    private static func firstIndex(of piece: [UInt8], in bytes: [UInt8], from start: Int, before end: Int) -> Int? {
        guard end - start >= piece.count else { return nil }
        for i in start...(end - piece.count) where bytes[i..<(i + piece.count)].elementsEqual(piece) { return i }
        return nil
    }
}
