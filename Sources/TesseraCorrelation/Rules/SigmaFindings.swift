import TesseraSDK
import TesseraStore

/// The hand-off from `tessera detect` to the findings: a Sigma detection whose record has an
/// event attributed to a support interaction becomes a finding of that interaction, rule
/// `sigma:<rule id>`, one per (rule, interaction), its evidence the attributed events of the
/// matched records. Rebuilt by `tessera detect` (after it writes detections) and by
/// `tessera correlate` (after it rewrites findings and attributions), each in its own
/// transaction, so the two commands can run in either order.
public enum SigmaFindings {
    /// `critical` and `high` → high, `medium` → medium, `low` and `informational` → low.
    public static func severity(ofLevel level: String) -> Severity {
        switch level {
        case "critical", "high": return .high
        case "medium": return .medium
        default: return .low
        }
    }

    /// Replaces every `sigma:` finding; returns how many were written.
    @discardableResult
    public static func refresh(_ db: Database) throws(SQLiteError) -> Int {
        try db.execute(
            """
            DELETE FROM finding_evidence WHERE finding_id IN (SELECT finding_id FROM findings WHERE rule LIKE 'sigma:%');
            DELETE FROM findings WHERE rule LIKE 'sigma:%';
            """)
        let rows = try db.prepare(
            """
            SELECT d.rule_id, d.title, d.level, a.interaction_id, ev.event_id, ev.ts_us, d.event_id
            FROM detections d
            JOIN event_rows first ON first.event_id = d.event_id
            JOIN event_rows ev ON ev.record_row_id = first.record_row_id
            JOIN attributions a ON a.event_id = ev.event_id
            ORDER BY d.rule_id, a.interaction_id, ev.event_id
            """)
        struct Group {
            var rule: String; var title: String; var level: String; var interaction: String
            var events: [Int64] = []; var records: Set<Int64> = []; var first = Int64.max; var last = Int64.min
        }
        var groups: [Group] = []
        while try rows.step() {
            let rule = rows.text(0) ?? "", interaction = rows.text(3) ?? ""
            if groups.last?.rule != rule || groups.last?.interaction != interaction {
                groups.append(Group(rule: rule, title: rows.text(1) ?? "", level: rows.text(2) ?? "", interaction: interaction))
            }
            let event = rows.int64(4), ts = rows.int64(5)
            if groups[groups.count - 1].events.last != event { groups[groups.count - 1].events.append(event) }
            groups[groups.count - 1].records.insert(rows.int64(6))
            groups[groups.count - 1].first = min(groups[groups.count - 1].first, ts)
            groups[groups.count - 1].last = max(groups[groups.count - 1].last, ts)
        }
        let insert = try db.prepare(
            """
            INSERT INTO findings (interaction_id, rule, severity, summary, first_utc, last_utc, evidence, first_us, last_us)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let evidence = try db.prepare("INSERT INTO finding_evidence (finding_id, event_id) VALUES (?, ?)")
        for g in groups {
            let records = g.records.count
            let summary =
                "Sigma rule \u{201C}\(g.title)\u{201D} (\(g.level.isEmpty ? "no level" : g.level)) matched \(records) record\(records == 1 ? "" : "s") attributed to this interaction"
            try insert.run([
                .text(g.interaction), .text("sigma:" + g.rule), .text(severity(ofLevel: g.level).rawValue), .text(summary),
                .text(Timestamp.iso8601(g.first)), .text(Timestamp.iso8601(g.last)),
                .text(JSONWriter.string(.array(g.events.map { .number(String($0)) }))),
                .integer(g.first), .integer(g.last),
            ])
            let id = db.lastInsertRowID
            for event in g.events { try evidence.run([.integer(id), .integer(event)]) }
        }
        try db.execute("UPDATE interactions SET finding_count = (SELECT count(*) FROM findings f WHERE f.interaction_id = interactions.interaction_id)")
        return groups.count
    }
}
