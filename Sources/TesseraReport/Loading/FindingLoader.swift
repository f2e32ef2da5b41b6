import TesseraSDK
import TesseraStore

/// Section 2: findings, highest severity first.
struct FindingLoader {
    let queries: StoreQueries

    /// Findings the filter covers; with `interactions`, only those of these interactions or of none.
    func load(filter: ReportFilter, interactions: Set<String>?) throws -> [FindingItem] {
        var items: [FindingItem] = []
        try queries.each(
            """
            SELECT finding_id, interaction_id, rule, severity, summary, first_utc, last_utc, evidence FROM findings
            """
        ) { row in
            let item = FindingItem(
                findingID: row.string(0) ?? "", interactionID: row.string(1), rule: row.string(2) ?? "",
                severity: (row.string(3) ?? "").lowercased(), summary: row.string(4) ?? "",
                firstUs: row.micros(5), lastUs: row.micros(6), evidence: Self.eventIDs(row.string(7)))
            if !filter.interactions.isEmpty {
                guard let id = item.interactionID, filter.interactions.contains(id) else { return }
            } else if let interactions, let id = item.interactionID, !interactions.contains(id) {
                return
            }
            if let first = item.firstUs, !filter.overlaps(first: first, last: item.lastUs ?? first) { return }
            items.append(item)
        }
        items.sort {
            ($0.severityRank, $0.firstUs ?? Int64.max, $0.rule, $0.findingID)
                < ($1.severityRank, $1.firstUs ?? Int64.max, $1.rule, $1.findingID)
        }
        return items
    }

    /// The event ids of a JSON array (numbers or numeric strings); anything else is skipped.
    static func eventIDs(_ json: String?) -> [Int64] {
        guard let json, let value = try? JSONParser.parse(json), let array = value.arrayValue else { return [] }
        return array.compactMap(\.intValue)
    }
}
