import TesseraSDK
import TesseraStore

/// The report's Sigma detections section (from `tessera detect`), and which listed events a
/// rule matched. Absent (nil) when the store has never run `tessera detect`.
struct DetectionSection: Sendable {
    struct Rule: Sendable {
        var ruleID: String
        var title: String
        var level: String
        /// ATT&CK tags (`attack.*`), as the rule lists them.
        var attackTags: [String]
        var hits: Int
        var firstUs: Int64?
        var lastUs: Int64?
        /// Interactions with an event of a matched record attributed to them.
        var interactions: [String]
    }

    var runID: Int64
    var finishedUtc: String
    var rulesRead: Int
    var rulesEvaluated: Int
    var rulesNotEvaluated: Int
    var rules: [Rule]
    /// Event id → titles of the rules that matched its record (for the event list).
    var rulesOfEvent: [Int64: [String]]

    static func levelRank(_ level: String) -> Int {
        ["critical": 0, "high": 1, "medium": 2, "low": 3, "informational": 4][level] ?? 5
    }
}

struct DetectionLoader {
    let queries: StoreQueries

    /// The latest run's detections whose events the filter covers.
    func load(filter: ReportFilter, relations: Set<String>) throws -> DetectionSection? {
        guard relations.contains("detection_runs"), relations.contains("detections") else { return nil }
        var section: DetectionSection?
        try queries.each(
            """
            SELECT run_id, coalesce(finished_utc, started_utc), rules_read, rules_evaluated, rules_not_evaluated
            FROM detection_runs ORDER BY run_id DESC LIMIT 1
            """
        ) { row in
            section = DetectionSection(
                runID: row.int64(0), finishedUtc: row.string(1) ?? "", rulesRead: Int(row.int64(2)),
                rulesEvaluated: Int(row.int64(3)), rulesNotEvaluated: Int(row.int64(4)), rules: [], rulesOfEvent: [:])
        }
        guard var result = section else { return nil }
        let attributed = relations.contains("attributions")
        var byRule: [String: DetectionSection.Rule] = [:]
        // Every event of a matched record, with the interactions it is attributed to.
        try queries.each(
            """
            SELECT d.rule_id, d.title, d.level, d.tags, ev.event_id, ev.ts_us, d.event_id,
                   \(attributed ? "(SELECT json_group_array(a.interaction_id) FROM attributions a WHERE a.event_id = ev.event_id)" : "'[]'")
            FROM detections d
            JOIN event_rows first ON first.event_id = d.event_id
            JOIN event_rows ev ON ev.record_row_id = first.record_row_id
            WHERE ev.ts_us BETWEEN ? AND ?
            ORDER BY d.rule_id, ev.event_id
            """, filter.bounds
        ) { row in
            let interactions = (try? JSONParser.parse(row.string(7) ?? "[]"))?.arrayValue?.compactMap(\.stringValue) ?? []
            if !filter.interactions.isEmpty, Set(interactions).isDisjoint(with: filter.interactions) { return }
            let ruleID = row.string(0) ?? "", title = row.string(1) ?? ""
            let ts = row.int64(5)
            var rule =
                byRule[ruleID]
                ?? DetectionSection.Rule(
                    ruleID: ruleID, title: title, level: row.string(2) ?? "",
                    attackTags: ((try? JSONParser.parse(row.string(3) ?? "[]"))?.arrayValue?.compactMap(\.stringValue) ?? [])
                        .filter { $0.lowercased().hasPrefix("attack.") },
                    hits: 0, firstUs: nil, lastUs: nil, interactions: [])
            if row.int64(4) == row.int64(6) { rule.hits += 1 } // one hit per matched record
            rule.firstUs = min(rule.firstUs ?? ts, ts)
            rule.lastUs = max(rule.lastUs ?? ts, ts)
            for id in interactions where !rule.interactions.contains(id) { rule.interactions.append(id) }
            byRule[ruleID] = rule
            result.rulesOfEvent[row.int64(4), default: []].append(title)
        }
        result.rules = byRule.values.filter { $0.hits > 0 }.sorted {
            (DetectionSection.levelRank($0.level), -$0.hits, $0.ruleID) < (DetectionSection.levelRank($1.level), -$1.hits, $1.ruleID)
        }
        return result
    }
}
