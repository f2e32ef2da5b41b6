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

/// Evaluates the rules (see ``RuleID``). Findings come out in a fixed order: by rule,
/// then interaction id, then engineer or identity, so finding ids are stable across re-runs.
struct RuleEngine {
    let c: RuleContext
    var skipped: [(RuleID, String)] = []
    var notes: [String] = []

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
            case .credentialAccess, .networkConfigChange, .roleEscalation: produced = resourceClass(rule)
            }
            // Credential access outside every window stays high whatever the policy says.
            for i in produced.indices where !(rule == .credentialAccess && produced[i].interactionID == nil) {
                produced[i].severity = setting.severity
            }
            findings += produced
        }
        return findings
    }

    // MARK: - Helpers

    func make(_ rule: RuleID, _ interaction: String?, _ summary: String, _ evidence: some Sequence<Int64>) -> Finding {
        let ids = Array(Set(evidence)).sorted()
        let times = ids.compactMap { c.timestamps[$0] }
        let oneLine = String(summary.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        return Finding(
            interactionID: interaction, rule: rule, severity: rule.defaultSeverity, summary: oneLine,
            evidence: ids, firstUs: times.min(), lastUs: times.max())
    }

    func engineerLabel(_ w: SupportWindow) -> String { w.engineer ?? "(engineer not recorded)" }

    func list(_ items: some Sequence<String>, max: Int = 3) -> String {
        let sorted = Array(Set(items)).sorted()
        let shown = sorted.prefix(max).joined(separator: ", ")
        return sorted.count > max ? "\(shown) and \(sorted.count - max) more" : shown
    }

    /// Events of interaction `ii` attributed through window `si`.
    func events(of ii: Int, through sessions: Set<Int>) -> [Int64] {
        c.eventsOf[ii].filter { sessions.contains(c.attribution.hit($0, interaction: ii)!.session) }
    }
}
