import TesseraSDK
import TesseraStore

/// Section 5: the events the filter covers, listed whole when they are few, else a bounded
/// selection — findings' evidence first, then unattributed support access, then attributed
/// events, then the earliest others — plus counts over all of them.
struct EventListLoader {
    let queries: StoreQueries
    let correlated: Bool

    struct Scope {
        var count: Int
        var first: Int64?
        var last: Int64?
        /// The events in scope when the filter names interactions (nil: every event in range).
        var ids: [(eventID: Int64, tsUs: Int64)]?
    }

    func load(
        filter: ReportFilter, interactions: [InteractionSection], findings: [FindingItem],
        attribution: AttributionIndex, limit: Int
    ) throws -> (EventList, Scope) {
        let evidence = try evidenceEvents(findings, filter: filter)
        let scope = try self.scope(filter: filter, attribution: attribution, evidence: evidence)
        let selected = Set(attribution.positions(of: filter.interactions))
        var chosen: [Int64] = []
        var seen = Set<Int64>()
        func take<S: Sequence>(_ ids: S) where S.Element == Int64 {
            for id in ids where chosen.count < limit && seen.insert(id).inserted { chosen.append(id) }
        }
        if let ids = scope.ids {
            if ids.count <= limit { take(ids.map(\.eventID)) }
        } else if scope.count <= limit {
            take(try eventIDs(filter: filter, limit: limit))
        }
        if chosen.count < scope.count {
            chosen = []; seen = []
            take(evidence.map(\.eventID))
            if filter.interactions.isEmpty { take((attribution.unattributed ?? []).map(\.eventID)) }
            take(
                attribution.entries.filter { selected.contains($0.interaction) }
                    .sorted { ($0.tsUs, $0.eventID) < ($1.tsUs, $1.eventID) }.map(\.eventID))
            if let ids = scope.ids { take(ids.map(\.eventID)) } else { take(try eventIDs(filter: filter, limit: limit)) }
        }
        let rows = try self.rows(ids: chosen, interactions: interactions, findings: findings, attribution: attribution)
        var list = EventList(rows: rows, totalInScope: scope.count, byMonth: [], byActor: [], otherActors: 0)
        if chosen.count < scope.count { try aggregate(into: &list, filter: filter, scope: scope) }
        return (list, scope)
    }

    /// Evidence events of the findings shown, in time order.
    func evidenceEvents(_ findings: [FindingItem], filter: ReportFilter) throws -> [(eventID: Int64, tsUs: Int64)] {
        let ids = Set(findings.flatMap(\.evidence))
        guard !ids.isEmpty else { return [] }
        var result: [(Int64, Int64)] = []
        try queries.each(
            """
            SELECT event_id, ts_us FROM events WHERE event_id IN (SELECT value FROM json_each(?))
            AND ts_us BETWEEN ? AND ? ORDER BY ts_us, event_id
            """, [StoreQueries.jsonIDs(ids.sorted())] + filter.bounds
        ) { result.append(($0.int64(0), $0.int64(1))) }
        return result
    }

    func scope(filter: ReportFilter, attribution: AttributionIndex, evidence: [(eventID: Int64, tsUs: Int64)]) throws -> Scope {
        if filter.interactions.isEmpty {
            var scope = Scope(count: 0)
            try queries.each("SELECT count(*), min(ts_us), max(ts_us) FROM events WHERE ts_us BETWEEN ? AND ?", filter.bounds) { row in
                scope = Scope(count: Int(row.int64(0)), first: row.optionalInt(1), last: row.optionalInt(2))
            }
            return scope
        }
        var byID: [Int64: Int64] = [:]
        if correlated {
            let selected = attribution.positions(of: filter.interactions)
            for entry in attribution.entries where selected.contains(entry.interaction) { byID[entry.eventID] = entry.tsUs }
            for e in evidence { byID[e.eventID] = e.tsUs }
        } else {
            try queries.each(
                """
                SELECT event_id, ts_us FROM events WHERE session_id IN (SELECT value FROM json_each(?)) AND ts_us BETWEEN ? AND ?
                """, [StoreQueries.jsonStrings(filter.interactions)] + filter.bounds
            ) { byID[$0.int64(0)] = $0.int64(1) }
        }
        let ids = byID.map { (eventID: $0.key, tsUs: $0.value) }.sorted { ($0.tsUs, $0.eventID) < ($1.tsUs, $1.eventID) }
        return Scope(count: ids.count, first: ids.first?.tsUs, last: ids.last?.tsUs, ids: ids)
    }

    private func eventIDs(filter: ReportFilter, limit: Int) throws -> [Int64] {
        var ids: [Int64] = []
        try queries.each(
            "SELECT event_id FROM events WHERE ts_us BETWEEN ? AND ? ORDER BY ts_us, event_id LIMIT ?",
            filter.bounds + [.integer(Int64(limit))]
        ) { ids.append($0.int64(0)) }
        return ids
    }

    private func rows(
        ids: [Int64], interactions: [InteractionSection], findings: [FindingItem],
        attribution: AttributionIndex
    ) throws -> [EventRow] {
        guard !ids.isEmpty else { return [] }
        let idSet = Set(ids)
        let attributed = attribution.interactions(of: idSet)
        let known = Set(interactions.map(\.interactionID))
        let unattributed = Set((attribution.unattributed ?? []).map(\.eventID))
        var severity: [Int64: (rank: Int, findings: [String])] = [:]
        for finding in findings {
            for id in finding.evidence where idSet.contains(id) {
                var entry = severity[id] ?? (Int.max, [])
                entry.rank = min(entry.rank, finding.severityRank)
                if !entry.findings.contains(finding.findingID) { entry.findings.append(finding.findingID) }
                severity[id] = entry
            }
        }
        var rows: [EventRow] = []
        try queries.each(
            """
            SELECT e.event_id, e.ts_us, e.timestamp_desc, e.category, e.action, e.operation, e.outcome, e.actor, e.client_ip,
                   e.resource_type, e.resource, e.resource_name, e.message, s.path, e.locator, e.session_id
            FROM events e JOIN sources s ON s.source_id = e.source_id
            WHERE e.event_id IN (SELECT value FROM json_each(?))
            ORDER BY e.ts_us, e.event_id
            """, [StoreQueries.jsonIDs(ids)]
        ) { row in
            let id = row.int64(0)
            var names = attributed[id] ?? []
            if !correlated, let session = row.string(15), known.contains(session) { names = [session] }
            let mark = severity[id]
            rows.append(
                EventRow(
                    eventID: id, tsUs: row.int64(1), timestampDesc: row.string(2) ?? "", category: row.string(3) ?? "",
                    action: row.string(4) ?? "", operation: row.string(5) ?? "", outcome: row.string(6), actor: row.string(7),
                    clientIP: row.string(8), resourceType: row.string(9), resource: row.string(10), resourceName: row.string(11),
                    message: row.string(12) ?? "", sourcePath: row.string(13) ?? "", locator: row.string(14) ?? "",
                    interactions: names, severity: mark.map { ["high", "medium", "low", "other"][min($0.rank, 3)] },
                    findingIDs: mark?.findings.sorted() ?? [], unattributedSupport: unattributed.contains(id)))
        }
        return rows
    }

    /// UTC calendar months covering `first`...`last`: (`2023-04`, start µs, end µs exclusive).
    static func months(from first: Int64, to last: Int64) -> [(String, Int64, Int64)] {
        let a = CivilDateTime(microsecondsSinceEpoch: first), b = CivilDateTime(microsecondsSinceEpoch: last)
        var result: [(String, Int64, Int64)] = []
        var (year, month) = (a.year, a.month)
        while (year, month) <= (b.year, b.month) {
            let next = month == 12 ? (year + 1, 1) : (year, month + 1)
            let start = CivilDateTime(year: year, month: month, day: 1).microsecondsAsUTC
            let end = CivilDateTime(year: next.0, month: next.1, day: 1).microsecondsAsUTC
            result.append(("\(DisplayZone.pad(year, 4))-\(DisplayZone.pad(month, 2))", start, end))
            (year, month) = next
        }
        return result
    }

    /// Most actors listed in the aggregated view.
    static let topActors = 50

    /// Counts per month and per actor over every event in scope. Without an interaction
    /// filter both read only an index (`events_ts`, `events_actor`), never the 1M-row table.
    private func aggregate(into list: inout EventList, filter: ReportFilter, scope: Scope) throws {
        let month = "strftime('%Y-%m', ts_us / 1000000, 'unixepoch')"
        let byActor: String
        let values: [SQLValue]
        if let ids = scope.ids {
            let filterClause = "WHERE event_id IN (SELECT value FROM json_each(?))"
            byActor = "SELECT actor, count(*), min(ts_us), max(ts_us) FROM events \(filterClause) GROUP BY 1"
            values = [StoreQueries.jsonIDs(ids.map(\.eventID))]
            try queries.each("SELECT \(month), count(*), min(ts_us), max(ts_us) FROM events \(filterClause) GROUP BY 1 ORDER BY 1", values) { row in
                list.byMonth.append(.init(key: row.string(0) ?? "", count: row.int64(1), firstUs: row.int64(2), lastUs: row.int64(3)))
            }
        } else {
            byActor = "SELECT actor, count(*), min(ts_us), max(ts_us) FROM event_rows INDEXED BY events_actor WHERE ts_us BETWEEN ? AND ? GROUP BY 1"
            values = filter.bounds
            // One index range per month: no per-row date arithmetic over a million events.
            if let first = scope.first, let last = scope.last {
                let count = try queries.database.prepare("SELECT count(*), min(ts_us), max(ts_us) FROM events WHERE ts_us >= ? AND ts_us < ?")
                for (key, start, end) in Self.months(from: first, to: last) {
                    try count.bind([.integer(max(start, filter.fromUs ?? start)), .integer(filter.toUs.map { min(end, $0 + 1) } ?? end)])
                    if try count.step(), count.int64(0) > 0 {
                        list.byMonth.append(.init(key: key, count: count.int64(0), firstUs: count.int64(1), lastUs: count.int64(2)))
                    }
                }
            }
        }
        var actors: [EventList.Aggregate] = []
        try queries.each(byActor, values) { row in
            actors.append(.init(key: row.string(0) ?? "(no actor)", count: row.int64(1), firstUs: row.int64(2), lastUs: row.int64(3)))
        }
        actors.sort { ($0.count, $1.key) > ($1.count, $0.key) }
        list.byActor = Array(actors.prefix(Self.topActors))
        list.otherActors = actors.count - list.byActor.count
    }
}
