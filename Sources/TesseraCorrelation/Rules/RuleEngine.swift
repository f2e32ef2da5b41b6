import TesseraSDK

/// Everything the rules read: windows grouped into interactions, attributions, policy, GeoIP.
struct RuleContext {
    var windows: [SupportWindow]
    var interactionIDs: [String]
    var sessionsOf: [[Int]]
    var eventsOf: [[Int64]]
    var attribution: Attribution
    var unattributed: [(event: EventFacts, identity: String)]
    var policy: Policy
    var geoIP: GeoIPDatabase?
    var resolver: IdentityResolver
    /// Timestamps of every event a finding may cite.
    var timestamps: [Int64: Int64]
}

/// Evaluates the eight rules (see ``RuleID``). Findings come out in a fixed order: by rule,
/// then interaction id, then engineer or identity, so finding ids are stable across re-runs.
struct RuleEngine {
    let c: RuleContext
    private(set) var skipped: [(RuleID, String)] = []
    private(set) var notes: [String] = []

    init(_ context: RuleContext) { c = context }

    mutating func run() -> [Finding] {
        var findings: [Finding] = []
        for rule in RuleID.allCases {
            let setting = c.policy.setting(rule)
            guard setting.enabled else { skipped.append((rule, "disabled by the policy")); continue }
            if rule == .locationMismatch && c.geoIP == nil { skipped.append((rule, "no GeoIP database given (--geoip FILE.mmdb)")); continue }
            if rule == .resourceOutsideScope && !c.policy.enforceScope { skipped.append((rule, "scope enforcement is off in the policy")); continue }
            var produced: [Finding] = []
            switch rule {
            case .personnelLocation: produced = personnel(rule, check: locationProblem)
            case .clearanceMissing: produced = personnel(rule, check: clearanceProblem)
            case .accessOutsideWindow: produced = outsideWindow(rule)
            case .resourceOutsideScope: produced = outOfScope(rule)
            case .privilegedOperation: produced = privileged(rule)
            case .bulkAccess: produced = bulk(rule)
            case .locationMismatch: produced = locationMismatch(rule)
            case .unlistedIdentityFromSessionIP: produced = unlistedIdentity(rule)
            }
            for i in produced.indices { produced[i].severity = setting.severity }
            findings += produced
        }
        return findings
    }

    // MARK: - Helpers

    private func make(_ rule: RuleID, _ interaction: String?, _ summary: String, _ evidence: some Sequence<Int64>) -> Finding {
        let ids = Array(Set(evidence)).sorted()
        let times = ids.compactMap { c.timestamps[$0] }
        let oneLine = String(summary.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        return Finding(interactionID: interaction, rule: rule, severity: rule.defaultSeverity, summary: oneLine,
                       evidence: ids, firstUs: times.min(), lastUs: times.max())
    }

    private func engineerLabel(_ w: SupportWindow) -> String { w.engineer ?? "(engineer not recorded)" }

    private func list(_ items: some Sequence<String>, max: Int = 3) -> String {
        let sorted = Array(Set(items)).sorted()
        let shown = sorted.prefix(max).joined(separator: ", ")
        return sorted.count > max ? "\(shown) and \(sorted.count - max) more" : shown
    }

    /// Events of interaction `ii` attributed through window `si`.
    private func events(of ii: Int, through sessions: Set<Int>) -> [Int64] {
        c.eventsOf[ii].filter { sessions.contains(c.attribution.hit($0, interaction: ii)!.session) }
    }

    // MARK: - Personnel rules (location, clearance)

    private func locationProblem(_ w: SupportWindow) -> String? {
        let allowed = c.policy.classPolicy(for: w.customerClass).allowedCountries
        guard !allowed.isEmpty else { return nil }
        guard let country = w.engineerCountry, !country.isEmpty else {
            return w.isLockbox ? nil : "country not recorded"
        }
        return allowed.contains(country) ? nil : "recorded in \(country)"
    }

    private func clearanceProblem(_ w: SupportWindow) -> String? {
        let required = c.policy.classPolicy(for: w.customerClass).requiredClearance
        guard !required.isEmpty else { return nil }
        guard let clearance = w.clearance.map(Policy.clearanceValue), !clearance.isEmpty else {
            return w.isLockbox ? nil : "no clearance recorded"
        }
        return required.contains(clearance) ? nil : "clearance '\(clearance)'"
    }

    private func personnel(_ rule: RuleID, check: (SupportWindow) -> String?) -> [Finding] {
        var findings: [Finding] = []
        for ii in c.interactionIDs.indices {
            var byEngineer: [String: (sessions: Set<Int>, problems: Set<String>, classes: Set<String>)] = [:]
            for si in c.sessionsOf[ii] {
                let w = c.windows[si]
                guard let problem = check(w) else { continue }
                var entry = byEngineer[engineerLabel(w)] ?? ([], [], [])
                entry.sessions.insert(si)
                entry.problems.insert(problem)
                entry.classes.insert(w.customerClass ?? "(no class)")
                byEngineer[engineerLabel(w)] = entry
            }
            for (engineer, entry) in byEngineer.sorted(by: { $0.key < $1.key }) {
                let sessionEvents = entry.sessions.compactMap { c.windows[$0].sessionEventID }
                let accessed = events(of: ii, through: entry.sessions)
                let requirement = rule == .personnelLocation
                    ? "allowed: " + list(entry.classes.flatMap { c.policy.classPolicy(for: $0 == "(no class)" ? nil : $0).allowedCountries }, max: 40)
                    : "required: " + list(entry.classes.flatMap { c.policy.classPolicy(for: $0 == "(no class)" ? nil : $0).requiredClearance }, max: 10)
                let summary = "engineer \(engineer) \(list(entry.problems)) for customer class \(list(entry.classes)) (\(requirement)); "
                    + "\(entry.sessions.count) session(s), \(accessed.count) attributed event(s)"
                findings.append(make(rule, c.interactionIDs[ii], summary, sessionEvents + accessed))
            }
        }
        return findings
    }

    // MARK: - Access outside every window

    private func outsideWindow(_ rule: RuleID) -> [Finding] {
        var byIdentity: [String: [EventFacts]] = [:]
        for (event, identity) in c.unattributed { byIdentity[identity, default: []].append(event) }
        return byIdentity.sorted(by: { $0.key < $1.key }).map { identity, events in
            let resources = events.compactMap(\.resource)
            let summary = "\(identity): \(events.count) event(s) outside every support window"
                + (resources.isEmpty ? "" : " on \(Set(resources).count) resource(s): \(list(resources))")
            return make(rule, nil, summary, events.map(\.id))
        }
    }

    // MARK: - Scope

    static func inScope(_ e: EventFacts, scope: [String]) -> Bool {
        let resource = e.resource?.lowercased() ?? ""
        let name = e.resourceName?.lowercased()
        for item in scope {
            if resource == item || name == item { return true }
            if resource.hasPrefix(item), let next = resource.dropFirst(item.count).first,
               "/#:\\?|".contains(next) { return true }
        }
        return false
    }

    private mutating func outOfScope(_ rule: RuleID) -> [Finding] {
        var findings: [Finding] = []
        var undeclared = 0
        for ii in c.interactionIDs.indices {
            let scope = Array(Set(c.sessionsOf[ii].flatMap { c.windows[$0].scope }))
            guard !scope.isEmpty else { if !c.eventsOf[ii].isEmpty { undeclared += 1 }; continue }
            let outside = c.eventsOf[ii].compactMap { id -> EventFacts? in
                let e = c.attribution.events[id]!
                return e.resource != nil && !Self.inScope(e, scope: scope) ? e : nil
            }
            guard !outside.isEmpty else { continue }
            let resources = outside.compactMap(\.resource)
            findings.append(make(rule, c.interactionIDs[ii],
                                 "\(outside.count) event(s) on \(Set(resources).count) resource(s) outside the declared scope (\(list(scope))): \(list(resources))",
                                 outside.map(\.id)))
        }
        if undeclared > 0 { notes.append("\(undeclared) interaction(s) with attributed events declare no scope; the scope rule did not check them") }
        return findings
    }

    // MARK: - Privileged operations

    private func privileged(_ rule: RuleID) -> [Finding] {
        var findings: [Finding] = []
        for ii in c.interactionIDs.indices {
            let hits = c.eventsOf[ii].compactMap { id -> EventFacts? in
                let e = c.attribution.events[id]!
                return c.policy.privilegedActions.contains(e.action) ? e : nil
            }
            guard !hits.isEmpty else { continue }
            var counts: [String: Int] = [:]
            for e in hits { counts[e.action, default: 0] += 1 }
            let text = counts.sorted(by: { $0.key < $1.key }).map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            let actors = hits.map { $0.actor ?? "(no actor)" }
            findings.append(make(rule, c.interactionIDs[ii], "\(hits.count) privileged operation(s) during support: \(text), by \(list(actors))",
                                 hits.map(\.id)))
        }
        return findings
    }

    // MARK: - Bulk access

    private func bulk(_ rule: RuleID) -> [Finding] {
        var findings: [Finding] = []
        for ii in c.interactionIDs.indices {
            var byType: [String: [String: [Int64]]] = [:]
            for id in c.eventsOf[ii] {
                let e = c.attribution.events[id]!
                guard let type = e.resourceType, let resource = e.resource, c.policy.bulkThresholds[type] != nil else { continue }
                byType[type, default: [:]][resource, default: []].append(id)
            }
            for (type, resources) in byType.sorted(by: { $0.key < $1.key }) {
                let threshold = c.policy.bulkThresholds[type]!
                guard resources.count > threshold else { continue }
                let ids = resources.values.flatMap { $0 }
                findings.append(make(rule, c.interactionIDs[ii],
                                     "\(resources.count) distinct \(type) resources in \(ids.count) event(s), above the policy's threshold of \(threshold)",
                                     ids))
            }
        }
        return findings
    }

    // MARK: - Claimed vs observed location

    private mutating func locationMismatch(_ rule: RuleID) -> [Finding] {
        guard let geo = c.geoIP else { return [] }
        var findings: [Finding] = []
        var unknown: Set<String> = []
        for ii in c.interactionIDs.indices {
            var byEngineer: [String: (claimed: Set<String>, observed: [String: Set<String>], ids: [Int64], sessions: Set<Int>)] = [:]
            for id in c.eventsOf[ii] {
                let hit = c.attribution.hit(id, interaction: ii)!
                guard hit.byIdentity else { continue }
                let w = c.windows[hit.session]
                guard let claimed = w.engineerCountry, !claimed.isEmpty, let ip = c.attribution.events[id]!.clientIP else { continue }
                guard let observed = geo.country(of: ip) else { unknown.insert(ip); continue }
                guard observed != claimed else { continue }
                var entry = byEngineer[engineerLabel(w)] ?? ([], [:], [], [])
                entry.claimed.insert(claimed)
                entry.observed[observed, default: []].insert(ip)
                entry.ids.append(id)
                entry.sessions.insert(hit.session)
                byEngineer[engineerLabel(w)] = entry
            }
            for (engineer, entry) in byEngineer.sorted(by: { $0.key < $1.key }) {
                let observed = entry.observed.sorted(by: { $0.key < $1.key }).map { "\($0.key) (\(list($0.value)))" }.joined(separator: "; ")
                let sessionEvents = entry.sessions.compactMap { c.windows[$0].sessionEventID }
                findings.append(make(rule, c.interactionIDs[ii],
                                     "engineer \(engineer) recorded in \(list(entry.claimed)); \(entry.ids.count) event(s) from IPs located in \(observed)",
                                     entry.ids + sessionEvents))
            }
        }
        if !unknown.isEmpty { notes.append("\(unknown.count) attributed client IP(s) have no country in the GeoIP database (private or unknown ranges)") }
        return findings
    }

    // MARK: - Session IPs used by identities not on the ticket

    private func unlistedIdentity(_ rule: RuleID) -> [Finding] {
        var findings: [Finding] = []
        for ii in c.interactionIDs.indices {
            let roots = c.sessionsOf[ii].reduce(into: Set<Int>()) { $0.formUnion(c.windows[$1].identityRoots) }
            let hits = c.eventsOf[ii].compactMap { id -> EventFacts? in
                let hit = c.attribution.hit(id, interaction: ii)!
                guard hit.byIP, !hit.byIdentity, !hit.byActorType else { return nil }
                let e = c.attribution.events[id]!
                if let actor = e.actor, let root = c.resolver.identity(of: actor), roots.contains(root) { return nil }
                return e
            }
            guard !hits.isEmpty else { continue }
            let actors = hits.map { $0.actor ?? "(no actor)" }
            let ips = hits.compactMap(\.clientIP)
            findings.append(make(rule, c.interactionIDs[ii],
                                 "\(hits.count) event(s) from the session's IPs (\(list(ips))) by identities not on the ticket: \(list(actors))",
                                 hits.map(\.id)))
        }
        return findings
    }
}
