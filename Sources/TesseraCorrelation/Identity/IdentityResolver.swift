import TesseraSDK

/// Resolves the many names of one person (UPN, SID, distinguished name, engineer id, display
/// name) to one identity, with union-find over canonical alias texts.
///
/// Strong aliases (UPNs, SIDs, DNs, engineer ids, the analyst's alias file) are merged
/// whenever one piece of evidence names them together. Display names are weak: two people can
/// share one. A display name joins an identity only when every piece of evidence that names it
/// points to the same identity; an ambiguous one is left unresolved and reported.
final class IdentityResolver {
    /// Where an alias was learned, for `identity_aliases`.
    struct Origin: Hashable {
        var kind: String
        var reference: String
    }

    struct AliasFacts {
        var type: String
        var origins: [String: (first: String, count: Int)] = [:]
    }

    private var parent: [Int] = []
    private var nodes: [String: Int] = [:]
    private(set) var facts: [String: AliasFacts] = [:]
    private var displayNameLinks: [String: Set<String>] = [:]
    private(set) var ambiguousDisplayNames: [String: Int] = [:]
    private var members: [Int: [String]]?

    /// The canonical text of an alias, as plugins store `events.actor`.
    static func canonical(_ text: String?) -> String? {
        guard let text else { return nil }
        return IdentityCanonicalizer.canonical(text)
    }

    /// A rough type for display: `sid`, `upn`, `dn`, `display_name`, `engineer_id`, `other`.
    static func aliasType(_ canonical: String) -> String {
        if canonical.hasPrefix("S-1-") { return "sid" }
        if IdentityCanonicalizer.isUPN(canonical) { return "upn" }
        if canonical.hasPrefix("/o=") || canonical.hasPrefix("cn=") || canonical.contains(",dc=") || canonical.contains(",ou=") { return "dn" }
        return "other"
    }

    @discardableResult
    private func node(_ alias: String) -> Int {
        if let existing = nodes[alias] { return existing }
        let id = parent.count
        parent.append(id)
        nodes[alias] = id
        members = nil
        return id
    }

    private func find(_ x: Int) -> Int {
        var root = x
        while parent[root] != root { root = parent[root] }
        var current = x
        while parent[current] != root { let next = parent[current]; parent[current] = root; current = next }
        return root
    }

    private func note(_ alias: String, type: String, origin: Origin, count: Int = 1) {
        var entry = facts[alias] ?? AliasFacts(type: type)
        if let existing = entry.origins[origin.kind] {
            entry.origins[origin.kind] = (existing.first, existing.count + count)
        } else {
            entry.origins[origin.kind] = (origin.reference, count)
        }
        facts[alias] = entry
    }

    /// Adds a strong alias (nil or empty text is ignored). Returns its canonical text.
    @discardableResult
    func addStrong(_ text: String?, type: String? = nil, origin: Origin, count: Int = 1) -> String? {
        guard let alias = Self.canonical(text) else { return nil }
        node(alias)
        note(alias, type: type ?? Self.aliasType(alias), origin: origin, count: count)
        return alias
    }

    /// Records that two strong aliases name one person.
    func union(_ a: String, _ b: String) {
        let ra = find(node(a)), rb = find(node(b))
        if ra != rb { parent[max(ra, rb)] = min(ra, rb); members = nil }
    }

    /// Records a display name seen with a strong alias of the same logon or record.
    func addDisplayName(_ text: String?, with strong: String, origin: Origin) {
        guard let name = Self.canonical(text) else { return }
        note(name, type: "display_name", origin: origin)
        displayNameLinks[name, default: []].insert(strong)
    }

    /// Joins each display name to its identity when unambiguous. Call once, after every alias is in.
    func resolveDisplayNames() {
        for (name, strongs) in displayNameLinks {
            let roots = Set(strongs.map { find(node($0)) })
            if roots.count == 1 { union(name, strongs.first!) } else { ambiguousDisplayNames[name] = roots.count }
        }
        displayNameLinks = [:]
    }

    /// The identity (root node) an alias belongs to, if known.
    func identity(of alias: String) -> Int? {
        guard let id = nodes[alias] else { return nil }
        return find(id)
    }

    /// Every alias text of an identity, sorted.
    func aliases(of identity: Int) -> [String] {
        if members == nil {
            var map: [Int: [String]] = [:]
            for (alias, id) in nodes { map[find(id), default: []].append(alias) }
            for key in map.keys { map[key]!.sort() }
            members = map
        }
        return members?[identity] ?? []
    }
}
