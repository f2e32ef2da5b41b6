import TesseraStore

/// Section 3: interactions with their sessions, accounts, IPs, scope and accessed resources.
struct InteractionLoader {
    let queries: StoreQueries
    let relations: Set<String>
    let correlated: Bool

    /// Every interaction the store knows (correlated `interactions`, else the ingested
    /// `support_interactions`), filtered, in start order. Throws when the filter names an
    /// interaction the store does not have.
    func load(filter: ReportFilter, options: ReportOptions) throws -> [InteractionSection] {
        var sections: [String: InteractionSection] = [:]
        var order: [String] = []
        func section(_ id: String) -> InteractionSection {
            sections[id]
                ?? InteractionSection(
                    index: 0, interactionID: id, engineers: [], engineerNames: [], employers: [], countries: [],
                    clearances: [], tenant: nil, customerClass: nil, ticketURLs: [], summaries: [], approvals: [],
                    startUs: nil, endUs: nil, windows: [], accounts: [], ips: [], scope: [], counts: nil,
                    groups: [], omittedResourceRows: 0, findingIDs: [])
        }
        func note(_ id: String) { if sections[id] == nil { order.append(id) } }

        if correlated {
            try queries.each(
                """
                SELECT interaction_id, engineer, engineer_country, clearance, tenant, customer_class, start_utc, end_utc,
                       session_count, event_count, resource_count, finding_count
                FROM interactions ORDER BY interaction_id
                """
            ) { row in
                let id = row.string(0) ?? ""
                note(id)
                var s = section(id)
                Self.add(row.string(1), to: &s.engineers)
                Self.add(row.string(2), to: &s.countries)
                Self.add(row.string(3), to: &s.clearances)
                s.tenant = row.string(4)
                s.customerClass = row.string(5)
                s.startUs = row.micros(6)
                s.endUs = row.micros(7)
                s.counts = (row.optionalInt(8) ?? 0, row.optionalInt(9) ?? 0, row.optionalInt(10) ?? 0, row.optionalInt(11) ?? 0)
                sections[id] = s
            }
        }
        if relations.contains("support_sessions") {
            try queries.each(
                """
                SELECT s.interaction_id, s.kind, s.engineer, s.engineer_name, s.engineer_country, s.employer, s.clearance,
                       s.tenant, s.customer_class, s.start_us, s.end_us, s.status, s.ticket_url, s.approval, s.summary,
                       src.path, s.locator
                FROM support_sessions s JOIN sources src ON src.source_id = s.source_id
                ORDER BY s.interaction_id, s.start_us, s.session_row_id
                """
            ) { row in
                let id = row.string(0) ?? ""
                if correlated && sections[id] == nil { return }
                note(id)
                var s = section(id)
                Self.add(row.string(2), to: &s.engineers)
                Self.add(row.string(3), to: &s.engineerNames)
                Self.add(row.string(4), to: &s.countries)
                Self.add(row.string(5), to: &s.employers)
                Self.add(row.string(6), to: &s.clearances)
                if s.tenant == nil { s.tenant = row.string(7) }
                if s.customerClass == nil { s.customerClass = row.string(8) }
                Self.add(row.string(12), to: &s.ticketURLs)
                Self.add(row.string(13), to: &s.approvals)
                Self.add(row.string(14), to: &s.summaries)
                let start = row.int64(9)
                let end = row.optionalInt(10)
                s.windows.append(
                    WindowItem(
                        kind: row.string(1) ?? "", engineer: row.string(2), startUs: start, endUs: end,
                        status: row.string(11), sourcePath: row.string(15) ?? "", locator: row.string(16) ?? ""))
                if !correlated {
                    s.startUs = min(s.startUs ?? start, start)
                    if let end { s.endUs = max(s.endUs ?? end, end) }
                }
                sections[id] = s
            }
            try collect("SELECT DISTINCT interaction_id, account FROM support_accounts ORDER BY 1, 2", into: &sections) { $0.accounts.append($1) }
            try collect("SELECT DISTINCT interaction_id, network FROM support_ips ORDER BY 1, 2", into: &sections) { $0.ips.append($1) }
            try collect("SELECT DISTINCT interaction_id, item FROM support_scope ORDER BY 1, 2", into: &sections) { $0.scope.append($1) }
        }

        if correlated && relations.contains("interaction_tenants") {
            try collect(
                """
                SELECT interaction_id, coalesce(tenant, '(not named by the evidence)') || ' (' || event_count || ' event'
                       || CASE event_count WHEN 1 THEN '' ELSE 's' END || ')'
                FROM interaction_tenants ORDER BY interaction_id, tenant IS NULL, tenant
                """, into: &sections
            ) { $0.evidenceTenants.append($1) }
        }
        let unknown = filter.interactions.filter { sections[$0] == nil }
        if !unknown.isEmpty { throw ReportError.unknownInteraction(unknown) }

        var kept = order.compactMap { sections[$0] }.filter { s in
            if !filter.interactions.isEmpty && !filter.interactions.contains(s.interactionID) { return false }
            guard let start = s.startUs ?? s.windows.first?.startUs else { return true }
            return filter.overlaps(first: start, last: s.endUs ?? start)
        }
        kept.sort { ($0.startUs ?? Int64.max, $0.interactionID) < ($1.startUs ?? Int64.max, $1.interactionID) }
        for index in kept.indices { kept[index].index = index + 1 }
        if correlated { try attachAccess(to: &kept, limit: options.maxResourceRows) }
        return kept
    }

    private func collect(
        _ sql: String, into sections: inout [String: InteractionSection],
        _ add: (inout InteractionSection, String) -> Void
    ) throws {
        try queries.each(sql) { row in
            let id = row.string(0) ?? ""
            guard var s = sections[id], let value = row.string(1) else { return }
            add(&s, value)
            sections[id] = s
        }
    }

    private func attachAccess(to sections: inout [InteractionSection], limit: Int) throws {
        var position: [String: Int] = [:]
        for (i, s) in sections.enumerated() { position[s.interactionID] = i }
        var rows = Array(repeating: [AccessRow](), count: sections.count)
        try queries.each(
            """
            SELECT interaction_id, actor, resource_type, resource, resource_name, action, first_utc, last_utc,
                   event_count,
                   -- The engine stores the IPs as a JSON array; show them as a list.
                   CASE WHEN json_valid(client_ips) AND json_type(client_ips) = 'array'
                        THEN (SELECT group_concat(value, ', ') FROM json_each(client_ips)) ELSE client_ips END
            FROM interaction_access ORDER BY interaction_id, resource, action, actor, first_utc, last_utc, engineer, client_ips
            """
        ) { row in
            guard let i = position[row.string(0) ?? ""] else { return }
            let type = row.string(2) ?? ""
            let resource = row.string(3) ?? ""
            rows[i].append(
                AccessRow(
                    container: ResourceGrouping.container(type: type, resource: resource), resourceType: type,
                    resource: resource, resourceName: row.string(4) ?? "", actor: row.string(1) ?? "",
                    action: row.string(5) ?? "", firstUs: row.micros(6), lastUs: row.micros(7),
                    eventCount: row.optionalInt(8) ?? 0, clientIPs: row.string(9) ?? ""))
        }
        for i in sections.indices {
            let grouped = ResourceGrouping.groups(rows[i], limit: limit)
            sections[i].groups = grouped.groups
            sections[i].omittedResourceRows = grouped.omitted
        }
    }

    static func add(_ value: String?, to list: inout [String]) {
        guard let value, !value.isEmpty, !list.contains(value) else { return }
        list.append(value)
    }
}
