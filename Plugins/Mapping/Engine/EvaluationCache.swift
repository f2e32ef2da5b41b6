import TesseraSDK

/// Memoizes pure, comparatively costly steps whose inputs repeat across records of one file:
/// identity canonicalization, IP normalization and regex tests of conditions (status codes,
/// operation names). One cache per file being read (never shared between threads); each table
/// is emptied when it reaches `limit` entries, so memory stays bounded on hostile input.
final class EvaluationCache {
    let limit: Int
    private var actors: [String: String?] = [:]
    private var addresses: [String: String?] = [:]
    private var matches: [MatchKey: Bool] = [:]

    private struct MatchKey: Hashable {
        let regex: ObjectIdentifier
        let text: String
    }

    init(limit: Int = 4096) {
        self.limit = limit
    }

    func canonicalActor(_ raw: String) -> String? {
        if let hit = actors[raw] { return hit }
        let value = IdentityCanonicalizer.canonical(raw)
        if actors.count >= limit { actors.removeAll(keepingCapacity: true) }
        actors[raw] = value
        return value
    }

    func normalizedIP(_ raw: String) -> String? {
        if let hit = addresses[raw] { return hit }
        let value = IPAddress.normalize(raw)
        if addresses.count >= limit { addresses.removeAll(keepingCapacity: true) }
        addresses[raw] = value
        return value
    }

    func matches(_ regex: CompiledRegex, _ text: String) -> Bool {
        let key = MatchKey(regex: ObjectIdentifier(regex), text: text)
        if let hit = matches[key] { return hit }
        let value = regex.firstMatch(text) != nil
        if matches.count >= limit { matches.removeAll(keepingCapacity: true) }
        matches[key] = value
        return value
    }
}
