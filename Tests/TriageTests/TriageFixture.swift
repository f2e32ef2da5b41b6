import Foundation
import TesseraStore
import TesseraTestSupport
import TesseraTriage
import Testing

/// A small store filled by hand: two sources, events (one record with two events), findings.
final class TriageFixture {
    let path: String
    let store: EventStore
    var db: Database { store.database }
    var ledger: TriageLedger { TriageLedger(database: db) }

    static let shaA = String(repeating: "a1", count: 32)
    static let shaB = String(repeating: "b2", count: 32)

    init(name: String = "case.db", directory: String? = nil) throws {
        let dir = try directory ?? Self.temporaryDirectory()
        path = dir + "/" + name
        store = try EventStore(path: path, mode: .readWrite)
        try addSource(Self.shaA, path: "/evidence/a.csv")
        try addSource(Self.shaB, path: "/evidence/b.xml")
        for line in 1...4 { try addEvent(source: 1, locator: "line \(line)") }
        // One record of source 2 that yields two events (a mailbox audit entry naming two items).
        try db.execute(
            """
            INSERT INTO records (record_row_id, source_id, locator, dedup_key, raw) VALUES (5, 2, 'element 3', 'k-element-3', '<x/>');
            INSERT INTO event_rows (event_id, record_row_id, source_id, locator, ts_us, ts_raw, timestamp_desc, category, operation,
                                    action, dedup_key, message)
            VALUES (5, 5, 2, 'element 3', 5, '5', 'Event', 'mail', 'op', 'read', 'k5', 'item 1'),
                   (6, 5, 2, 'element 3', 6, '6', 'Event', 'mail', 'op', 'read', 'k6', 'item 2');
            INSERT INTO support_interactions (interaction_id, kinds, first_start_us, session_count, open_sessions)
            VALUES ('TKT-1', 'support-log', 0, 1, 0);
            """)
    }

    static func temporaryDirectory() throws -> String {
        try makeTemporaryDirectory("triage")
    }

    func addSource(_ sha: String, path: String) throws {
        try db.prepare(
            """
            INSERT INTO sources (path, sha256, size_bytes, plugin, plugin_version, format, ingested_at, records_read,
                                 records_stored, duplicates, rejects, events_stored, warnings, tool_version)
            VALUES (?, ?, 10, 'p', '1', 'f', '2024-05-01T09:00:00Z', 0, 0, 0, 0, 0, '[]', '0')
            """
        ).run([.text(path), .text(sha)])
    }

    func addEvent(source: Int64, locator: String) throws {
        try db.prepare(
            """
            INSERT INTO events (source_id, locator, ts_us, ts_raw, timestamp_desc, category, operation, action, dedup_key, message, raw)
            VALUES (?, ?, 1, '1', 'Event', 'file', 'op', 'read', ?, 'm', 'raw')
            """
        ).run([.integer(source), .text(locator), .text("\(source)-\(locator)")])
    }

    /// Replaces the findings as a correlation run does: new ids each time.
    func setFindings(_ findings: [(rule: String, interaction: String?, evidence: [Int64])], firstID: Int64 = 1) throws {
        try db.execute("DELETE FROM finding_evidence; DELETE FROM findings;")
        for (n, f) in findings.enumerated() {
            try db.prepare(
                """
                INSERT INTO findings (finding_id, interaction_id, rule, severity, summary, evidence) VALUES (?, ?, ?, 'high', 's', ?)
                """
            ).run([
                .integer(firstID + Int64(n)), .optional(f.interaction), .text(f.rule),
                .text("[" + f.evidence.map(String.init).joined(separator: ",") + "]"),
            ])
        }
    }

    func findingKey(_ id: Int64) throws -> String {
        try #require(try TriageKeys.findings(db).first { $0.findingID == id }).key
    }

    @discardableResult
    func mark(
        _ kind: TargetKind, _ key: String, _ status: TriageStatus, tags: [String] = [], comment: String? = nil,
        analyst: String = "alice", at time: String = "2024-05-02T10:00:00.000000Z"
    ) throws -> Annotation {
        try #require(
            try ledger.append([
                TriageLedger.Entry(
                    kind: kind, key: key, status: status, tags: tags, comment: comment,
                    analyst: analyst, createdUTC: time)
            ]).first)
    }
}
