import TesseraSDK
import TesseraStore

/// One finding of the latest correlation run with its stable triage key.
public struct FindingTarget: Sendable, Equatable {
    /// `findings.finding_id` of the run that raised it (changes between runs; the key does not).
    public var findingID: Int64
    public var rule: String
    public var interactionID: String?
    /// `<rule>|<interaction>|<evidence digest>`.
    public var key: String

    /// The key without its evidence digest: the same finding, whatever its evidence.
    public var group: String { TriageKeys.group(ofFindingKey: key) }
}

/// Stable keys of triage targets, which survive `tessera correlate` re-runs: never row ids.
///
/// - event: `<source sha256>:<locator>`, plus `#<n>` for the n-th further event of one record
///   (computed by the store's `event_keys` view: one home for the rule).
/// - interaction: the interaction id.
/// - finding: `<rule>|<interaction id or empty>|<digest>`, the digest being the SHA-256 (hex)
///   of the evidence events' keys, sorted, each followed by a newline. The digest is last and
///   of fixed length, so the key reads unambiguously whatever the interaction id holds.
public enum TriageKeys {
    /// Length of `|` + a SHA-256 in hex.
    static let digestSuffix = 65

    public static func findingKey(rule: String, interactionID: String?, evidenceKeys: [String]) -> String {
        var hasher = SHA256()
        for key in evidenceKeys.sorted() { hasher.update(Array((key + "\n").utf8)) }
        return "\(rule)|\(interactionID ?? "")|\(hasher.finalizeHex())"
    }

    /// `<rule>|<interaction>`: what stays when a finding's evidence changes.
    public static func group(ofFindingKey key: String) -> String {
        key.utf8.count > digestSuffix ? String(decoding: key.utf8.dropLast(digestSuffix), as: UTF8.self) : key
    }

    /// The source SHA-256 an event key names (the hex digits before its first `:`).
    public static func sourceSHA256(ofEventKey key: String) -> String { String(key.prefix { $0 != ":" }) }

    /// Every finding in the store with its key (none when the store was never correlated). The
    /// evidence is read from `findings.evidence`, the JSON array every report reads.
    public static func findings(_ database: Database) throws(SQLiteError) -> [FindingTarget] {
        // A store written before triage (opened read-only, so not migrated) has no event_keys and no reviews.
        guard try hasRelation(database, "findings"), try hasRelation(database, "event_keys") else { return [] }
        // Inner joins only: SQLite then reads each evidence event by its primary key (a LEFT JOIN
        // to the event_keys view would materialize the view over every event in the store).
        var evidence: [Int64: [String]] = [:]
        let keys = try database.prepare(
            """
            SELECT f.finding_id, k.target_key
            FROM findings f
            JOIN json_each(CASE WHEN json_valid(f.evidence) THEN f.evidence ELSE '[]' END) j
            JOIN event_keys k ON k.event_id = j.value
            """)
        while try keys.step() { evidence[keys.int64(0), default: []].append(keys.text(1) ?? "") }
        let s = try database.prepare("SELECT finding_id, rule, interaction_id FROM findings ORDER BY finding_id")
        var result: [FindingTarget] = []
        while try s.step() {
            let id = s.int64(0), rule = s.text(1) ?? "", interaction = s.isNull(2) ? nil : s.text(2)
            result.append(
                FindingTarget(
                    findingID: id, rule: rule, interactionID: interaction,
                    key: findingKey(rule: rule, interactionID: interaction, evidenceKeys: evidence[id] ?? [])))
        }
        return result
    }

    /// The key of one event, nil when there is no such event.
    public static func eventKey(_ database: Database, eventID: Int64) throws(SQLiteError) -> String? {
        guard try hasRelation(database, "event_keys") else { return nil }
        return try database.scalarText("SELECT target_key FROM event_keys WHERE event_id = ?", [.integer(eventID)])
    }

    /// The event with this key in the store, nil when there is none.
    public static func eventID(_ database: Database, key: String) throws(SQLiteError) -> Int64? {
        try eventIDs(database, keys: [key])[key]
    }

    /// The events with these keys, by key (keys of no event are left out). One pass over the
    /// events of the sources the keys name, however many keys.
    public static func eventIDs(_ database: Database, keys: Set<String>) throws(SQLiteError) -> [String: Int64] {
        guard !keys.isEmpty, try hasRelation(database, "event_keys") else { return [:] }
        // The sources whose `<sha256>:` begins one of the keys (whatever text a store's sha256 holds).
        let s = try database.prepare(
            """
            SELECT k.event_id, k.target_key FROM event_keys k JOIN event_rows e ON e.event_id = k.event_id
            WHERE e.source_id IN (SELECT s.source_id FROM sources s WHERE EXISTS (
                SELECT 1 FROM json_each(?1) j WHERE substr(j.value, 1, length(s.sha256) + 1) = s.sha256 || ':'))
              AND k.target_key IN (SELECT value FROM json_each(?1))
            """)
        try s.bind([.text(JSONWriter.string(.array(keys.sorted().map { .string($0) })))])
        var result: [String: Int64] = [:]
        while try s.step() {
            if let key = s.text(1), keys.contains(key), result[key] == nil { result[key] = s.int64(0) }
        }
        return result
    }

    /// Whether the store knows this interaction (ingested or correlated).
    public static func interactionExists(_ database: Database, id: String) throws(SQLiteError) -> Bool {
        for table in ["support_interactions", "interactions"] where try hasRelation(database, table) {
            if try database.scalarInt("SELECT count(*) FROM \(table) WHERE interaction_id = ?", [.text(id)]) ?? 0 > 0 { return true }
        }
        return false
    }

    /// The SHA-256 of every source in the store.
    public static func sourceHashes(_ database: Database) throws(SQLiteError) -> Set<String> {
        var hashes = Set<String>()
        let s = try database.prepare("SELECT sha256 FROM sources")
        while try s.step() { hashes.insert(s.text(0) ?? "") }
        return hashes
    }

    static func hasRelation(_ database: Database, _ name: String) throws(SQLiteError) -> Bool {
        try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", [.text(name)]) == 1
    }
}
