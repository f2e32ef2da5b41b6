import Foundation
import TesseraSDK
import TesseraStore

/// Writes one run's results into the migration 3 tables (inside the caller's transaction).
final class ResultWriter {
    private let db: Database

    init(_ db: Database) throws(SQLiteError) {
        self.db = db
    }

    private static func iso(_ us: Int64?) -> SQLValue { us.map { .text(Timestamp.iso8601($0)) } ?? .null }

    /// Removes the previous run's results (the runs table keeps its history).
    func clear() throws(SQLiteError) {
        try db.execute(
            """
            DELETE FROM finding_evidence; DELETE FROM findings; DELETE FROM interaction_access;
            DELETE FROM attributions; DELETE FROM interaction_overlaps; DELETE FROM interactions;
            DELETE FROM interaction_windows; DELETE FROM identity_aliases; DELETE FROM identities;
            DELETE FROM unattributed_support_access;
            """)
    }

    func writeIdentities(roots: Set<Int>, labels: [Int: String], resolver: IdentityResolver) throws(SQLiteError) {
        let identity = try db.prepare("INSERT INTO identities (label, kind) VALUES (?, 'support_personnel')")
        let alias = try db.prepare(
            """
            INSERT INTO identity_aliases (alias, identity_id, alias_type, origin, first_evidence, occurrences)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for root in roots.sorted(by: { (labels[$0] ?? "", $0) < (labels[$1] ?? "", $1) }) {
            try identity.run([.text(labels[root] ?? "identity \(root)")])
            let id = db.lastInsertRowID
            for text in resolver.aliases(of: root) {
                guard let facts = resolver.facts[text] else { continue }
                for (origin, value) in facts.origins.sorted(by: { $0.key < $1.key }) {
                    try alias.run([.text(text), .integer(id), .text(facts.type), .text(origin), .text(value.first), .integer(Int64(value.count))])
                }
            }
        }
    }

    /// One `pseudo_identity` per support actor type the evidence uses (`microsoft_operator`, …),
    /// with the actors seen under it that are not support personnel as its aliases.
    func writePseudoIdentities(policy: Policy, resolver: IdentityResolver, supportRoots: Set<Int>) throws(SQLiteError) {
        let seen = try db.prepare(
            "SELECT actor_type, actor, min(event_id), count(*) FROM events WHERE \(EventQueries.supportActorTypeCondition) AND category <> 'support' GROUP BY 1, 2 ORDER BY 1, 2"
        )
        var byType: [(type: String, actors: [(actor: String, first: Int64, count: Int64)])] = []
        while try seen.step() {
            guard let type = seen.text(0), policy.supportActorTypes.contains(type) else { continue }
            if byType.last?.type != type { byType.append((type, [])) }
            if let actor = seen.text(1), !(resolver.identity(of: actor).map(supportRoots.contains) ?? false) {
                byType[byType.count - 1].actors.append((actor, seen.int64(2), seen.int64(3)))
            }
        }
        let identity = try db.prepare("INSERT INTO identities (label, kind) VALUES (?, 'pseudo_identity')")
        let alias = try db.prepare(
            """
            INSERT OR IGNORE INTO identity_aliases (alias, identity_id, alias_type, origin, first_evidence, occurrences)
            VALUES (?, ?, 'actor', 'evidence', ?, ?)
            """)
        for (type, actors) in byType where !actors.isEmpty {
            try identity.run([.text(type)])
            let id = db.lastInsertRowID
            for a in actors { try alias.run([.text(a.actor), .integer(id), .text("event_id \(a.first)"), .integer(a.count)]) }
        }
    }

    func writeWindows(_ windows: [SupportWindow]) throws(SQLiteError) {
        let s = try db.prepare(
            """
            INSERT INTO interaction_windows (session_row_id, interaction_id, kind, engineer, start_us, end_us, end_rule,
                window_start_us, window_end_us, window_start_utc, window_end_utc, session_event_id, window_basis,
                approval_us, approval_session_row_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for w in windows {
            try s.run([
                .integer(w.sessionRowID), .text(w.interactionID), .text(w.kind), .optional(w.engineer), .integer(w.startUs),
                .optional(w.closedEndUs), .text(w.endRule.rawValue), .optional(w.window?.lowerBound),
                .optional(w.window?.upperBound), Self.iso(w.window?.lowerBound), Self.iso(w.window?.upperBound),
                .optional(w.sessionEventID), .text(w.windowBasis.rawValue), .optional(w.approvalUs),
                .optional(w.approvalSessionRowID),
            ])
        }
    }

    private static func joined(_ values: [String?]) -> SQLValue {
        let distinct = Set(values.compactMap { $0 }.filter { !$0.isEmpty }).sorted()
        return distinct.isEmpty ? .null : .text(distinct.joined(separator: "; "))
    }

    func writeInteractions(
        ids: [String], sessionsOf: [[Int]], windows: [SupportWindow], eventsOf: [[Int64]],
        attribution: Attribution, findings: [Finding]
    ) throws(SQLiteError) {
        let s = try db.prepare(
            """
            INSERT INTO interactions (interaction_id, engineer, engineer_country, clearance, tenant, customer_class,
                start_utc, end_utc, session_count, event_count, resource_count, finding_count, start_us, end_us)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var findingCount: [String: Int] = [:]
        for f in findings { if let id = f.interactionID { findingCount[id, default: 0] += 1 } }
        for (ii, id) in ids.enumerated() {
            let ws = sessionsOf[ii].map { windows[$0] }
            let start = ws.map(\.startUs).min()!
            let ends = ws.compactMap(\.closedEndUs)
            let end = ends.isEmpty ? nil : ends.max()
            var resources: Set<String> = []
            for e in eventsOf[ii].map({ attribution.events[$0]! }) {
                if let r = e.resource { resources.insert((e.resourceType ?? "") + "\u{1F}" + r) }
            }
            try s.run([
                .text(id), Self.joined(ws.map(\.engineer)), Self.joined(ws.map(\.engineerCountry)),
                Self.joined(ws.map(\.clearance)), Self.joined(ws.map(\.tenant)), Self.joined(ws.map(\.customerClass)),
                Self.iso(start), Self.iso(end), .integer(Int64(ws.count)), .integer(Int64(eventsOf[ii].count)),
                .integer(Int64(resources.count)), .integer(Int64(findingCount[id] ?? 0)), .integer(start), .optional(end),
            ])
        }
    }

    func writeAttributions(ids: [String], windows: [SupportWindow], attribution: Attribution) throws(SQLiteError) {
        let s = try db.prepare(
            """
            INSERT INTO attributions (event_id, interaction_id, session_row_id, engineer, matched_by, overlap)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (eventID, hits) in attribution.hits.sorted(by: { $0.key < $1.key }) {
            for hit in hits {
                let w = windows[hit.session]
                try s.run([
                    .integer(eventID), .text(ids[hit.interaction]), .integer(w.sessionRowID), .optional(w.engineer),
                    .text(hit.matchedBy), .integer(hits.count > 1 ? 1 : 0),
                ])
            }
        }
    }

    func writeAccess(ids: [String], windows: [SupportWindow], eventsOf: [[Int64]], attribution: Attribution) throws(SQLiteError) {
        struct Key: Hashable {
            var engineer, actor, resourceType, resource, resourceName, tenant: String?
            var action: String
        }
        let s = try db.prepare(
            """
            INSERT INTO interaction_access (interaction_id, engineer, actor, resource_type, resource, resource_name, action,
                first_utc, last_utc, event_count, client_ips, first_us, last_us, tenant)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (ii, id) in ids.enumerated() {
            var groups: [Key: (first: Int64, last: Int64, count: Int, ips: Set<String>)] = [:]
            var order: [Key] = []
            for eventID in eventsOf[ii] {
                let e = attribution.events[eventID]!
                let hit = attribution.hit(eventID, interaction: ii)!
                let key = Key(
                    engineer: windows[hit.session].engineer, actor: e.actor, resourceType: e.resourceType,
                    resource: e.resource, resourceName: e.resourceName, tenant: e.tenant, action: e.action)
                if var g = groups[key] {
                    g.first = min(g.first, e.ts); g.last = max(g.last, e.ts); g.count += 1
                    if let ip = e.clientIP { g.ips.insert(ip) }
                    groups[key] = g
                } else {
                    groups[key] = (e.ts, e.ts, 1, e.clientIP.map { [$0] } ?? [])
                    order.append(key)
                }
            }
            for key in order {
                let g = groups[key]!
                try s.run([
                    .text(id), .optional(key.engineer), .optional(key.actor), .optional(key.resourceType),
                    .optional(key.resource), .optional(key.resourceName), .text(key.action), Self.iso(g.first),
                    Self.iso(g.last), .integer(Int64(g.count)),
                    .text(JSONWriter.string(.array(g.ips.sorted().map { .string($0) }))), .integer(g.first), .integer(g.last),
                    .optional(key.tenant),
                ])
            }
        }
    }

    func writeOverlaps(_ overlaps: [WindowOverlap]) throws(SQLiteError) {
        let s = try db.prepare(
            """
            INSERT INTO interaction_overlaps (interaction_id, other_interaction_id, engineer, overlap_start_utc, overlap_end_utc,
                overlap_start_us, overlap_end_us) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for o in overlaps {
            try s.run([
                .text(o.interactionID), .text(o.otherInteractionID), .text(o.engineer), Self.iso(o.startUs),
                Self.iso(o.endUs), .integer(o.startUs), .integer(o.endUs),
            ])
        }
    }

    func writeFindings(_ findings: [Finding]) throws(SQLiteError) {
        let s = try db.prepare(
            """
            INSERT INTO findings (interaction_id, rule, severity, summary, first_utc, last_utc, evidence, first_us, last_us)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let evidence = try db.prepare("INSERT INTO finding_evidence (finding_id, event_id) VALUES (?, ?)")
        for f in findings {
            try s.run([
                .optional(f.interactionID), .text(f.rule.rawValue), .text(f.severity.rawValue), .text(f.summary),
                Self.iso(f.firstUs), Self.iso(f.lastUs),
                .text(JSONWriter.string(.array(f.evidence.map { .number(String($0)) }))),
                .optional(f.firstUs), .optional(f.lastUs),
            ])
            let id = db.lastInsertRowID
            for eventID in f.evidence { try evidence.run([.integer(id), .integer(eventID)]) }
        }
    }

    func writeUnattributed(_ list: [(event: EventFacts, identity: String)]) throws(SQLiteError) {
        let s = try db.prepare(
            """
            INSERT INTO unattributed_support_access (event_id, time_utc, ts_us, identity, actor, actor_type, client_ip, action,
                resource_type, resource, resource_name, source_id, locator)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (e, identity) in list {
            try s.run([
                .integer(e.id), Self.iso(e.ts), .integer(e.ts), .text(identity), .optional(e.actor), .optional(e.actorType),
                .optional(e.clientIP), .text(e.action), .optional(e.resourceType), .optional(e.resource),
                .optional(e.resourceName), .integer(e.sourceID), .text(e.locator),
            ])
        }
    }

    func writeRun(summary: CorrelationSummary, options: CorrelationOptions, inputs: Correlator.RunInputs) throws(SQLiteError) -> Int64 {
        let policy = options.policy
        let parameters = JSONObject([
            ("slack_seconds", .number(String(options.slackUs / 1_000_000))),
            ("policy", .string(policy.source)),
            ("aliases", options.aliasesPath.map { .string($0) } ?? .null),
            ("geoip", options.geoIPPath.map { .string($0) } ?? .null),
            ("geoip_database", inputs.geoIPDescription.map { .string($0) } ?? .null),
            ("max_open_session_hours", .number(String(policy.maxOpenSessionHours))),
            ("lockbox_default_hours", .number(String(policy.lockboxDefaultHours))),
            ("sources_sha256", .string(try CorrelationStatus.fingerprint(db))),
        ])
        var counts = JSONObject()
        counts["interactions"] = .number(String(summary.interactions))
        counts["sessions"] = .number(String(summary.sessions))
        counts["windows"] = .number(String(summary.windows))
        counts["attributed_events"] = .number(String(summary.attributedEvents))
        counts["overlapping_events"] = .number(String(summary.overlappingEvents))
        counts["unattributed_support_events"] = .number(String(summary.unattributedSupportEvents))
        counts["support_identities"] = .number(String(summary.supportIdentities))
        counts["findings"] = .object(JSONObject(Severity.allCases.map { ($0.rawValue, .number(String(summary.findingsBySeverity[$0] ?? 0))) }))
        counts["skipped_rules"] = .object(JSONObject(summary.skippedRules.map { ($0.rule.rawValue, .string($0.reason)) }))
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        let started = Int64(inputs.started.timeIntervalSince1970 * 1_000_000)
        try db.prepare(
            """
            INSERT INTO correlation_runs (started_utc, finished_utc, tool_version, parameters, policy_source, policy_sha256,
                aliases_path, aliases_sha256, geoip_path, geoip_sha256, summary, warnings)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).run([
            Self.iso(started), Self.iso(now), .text(options.toolVersion), .text(JSONWriter.string(parameters)),
            .text(policy.source), .text(policy.sha256), .optional(options.aliasesPath), .optional(inputs.aliasesSHA256),
            .optional(options.geoIPPath), .optional(inputs.geoIPSHA256), .text(JSONWriter.string(counts)),
            .text(JSONWriter.string(.array(summary.warnings.map { .string($0) }))),
        ])
        return db.lastInsertRowID
    }
}
