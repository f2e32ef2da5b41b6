import TesseraStore

/// Attributed and unattributed support events in the report's time range, read once and
/// shared by the timeline, the event list and the exports' `interactions` column.
struct Attribution {
    struct Entry {
        var interaction: Int32
        var eventID: Int64
        var tsUs: Int64
    }

    /// Interaction ids; entries refer to them by position.
    var interactionIDs: [String] = []
    var entries: [Entry] = []
    /// Events by support identities outside every window: (event id, time), time order.
    var unattributed: [(eventID: Int64, tsUs: Int64)]?

    /// Reads attribution for events in the filter's time range (all interactions; callers
    /// narrow to the selected ones).
    static func load(queries: StoreQueries, relations: Set<String>, correlated: Bool, filter: ReportFilter) throws -> Attribution {
        var result = Attribution()
        guard correlated, AttributedEvents.requiredRelations.union(["interactions"]).isSubset(of: relations) else { return result }
        // Interactions are numbered in SQL so that each of the (many) attributed rows is read as
        // three integers; an attributed interaction missing from `interactions` is not shown.
        // CROSS JOIN keeps `attributed` the outer loop (SQLite then indexes `numbered` itself).
        try queries.each("SELECT interaction_id FROM interactions GROUP BY interaction_id ORDER BY interaction_id") {
            result.interactionIDs.append($0.string(0) ?? "")
        }
        try queries.each("""
            WITH attributed AS (\(AttributedEvents.sql)),
                 numbered AS (SELECT interaction_id, row_number() OVER (ORDER BY interaction_id) - 1 AS n
                              FROM interactions GROUP BY interaction_id)
            SELECT numbered.n, attributed.event_id, attributed.ts_us
            FROM attributed CROSS JOIN numbered ON numbered.interaction_id = attributed.interaction_id
            WHERE attributed.ts_us BETWEEN ? AND ?
            """, filter.bounds) { row in
            result.entries.append(Entry(interaction: Int32(row.int64(0)), eventID: row.int64(1), tsUs: row.int64(2)))
        }
        if relations.contains("unattributed_support_access"),
           try queries.columns(of: "unattributed_support_access").contains("event_id") {
            var list: [(Int64, Int64)] = []
            try queries.each("""
                SELECT DISTINCT e.event_id, e.ts_us FROM unattributed_support_access u JOIN events e ON e.event_id = u.event_id
                WHERE e.ts_us BETWEEN ? AND ? ORDER BY e.ts_us, e.event_id
                """, filter.bounds) { list.append(($0.int64(0), $0.int64(1))) }
            result.unattributed = list
        }
        return result
    }

    /// Positions of the given interaction ids (all when `ids` is empty).
    func positions(of ids: [String]) -> Set<Int32> {
        let wanted = Set(ids)
        var result = Set<Int32>()
        for (i, id) in interactionIDs.enumerated() where ids.isEmpty || wanted.contains(id) { result.insert(Int32(i)) }
        return result
    }

    /// Interaction ids per event, for the given events only.
    func interactions(of events: Set<Int64>) -> [Int64: [String]] {
        var result: [Int64: [String]] = [:]
        for entry in entries where events.contains(entry.eventID) {
            let id = interactionIDs[Int(entry.interaction)]
            if !(result[entry.eventID]?.contains(id) ?? false) { result[entry.eventID, default: []].append(id) }
        }
        for key in result.keys { result[key]?.sort() }
        return result
    }
}
