import TesseraSDK

/// `credential-access`, `network-config-change` and `role-escalation`: support identities touching
/// credentials, network configuration or roles (`events.resource_type` `credential`,
/// `network-config`, `role`, as the Azure and Entra ID plugins classify them).
///
/// Rows the source writes for one logical operation (an Azure Activity Log `Started` and
/// `Succeeded` with one correlation id) count as one action; every row stays evidence.
extension RuleEngine {
    /// Whether event `e` is what `rule` looks for.
    static func concerns(_ rule: RuleID, _ e: EventFacts) -> Bool {
        switch rule {
        case .credentialAccess:
            return e.resourceType == ResourceType.credential
        case .networkConfigChange:
            return e.resourceType == ResourceType.networkConfig && e.action != EventAction.read && e.action != EventAction.list
        case .roleEscalation:
            return e.resourceType == ResourceType.role && (e.action == EventAction.roleChange || e.action == EventAction.permissionGrant)
        default:
            return false
        }
    }

    /// What the rule's summary calls the resources.
    static func noun(_ rule: RuleID) -> String {
        switch rule {
        case .credentialAccess: return "credential"
        case .networkConfigChange: return "network configuration"
        default: return "role"
        }
    }

    func resourceClass(_ rule: RuleID) -> [Finding] {
        var findings: [Finding] = []
        for ii in c.interactionIDs.indices {
            let hits = c.eventsOf[ii].compactMap { id -> EventFacts? in
                let e = c.attribution.events[id]!
                return Self.concerns(rule, e) ? e : nil
            }
            guard !hits.isEmpty else { continue }
            findings.append(make(rule, c.interactionIDs[ii], summary(rule, hits, context: "during support"), hits.map(\.id)))
        }
        // Outside every window, only credential access is reported by this rule (access-outside-window covers the rest).
        guard rule == .credentialAccess else { return findings }
        var byIdentity: [String: [EventFacts]] = [:]
        for (event, identity) in c.unattributed where Self.concerns(rule, event) { byIdentity[identity, default: []].append(event) }
        for (identity, hits) in byIdentity.sorted(by: { $0.key < $1.key }) {
            findings.append(make(rule, nil, "\(identity): " + summary(rule, hits, context: "outside every support window"), hits.map(\.id)))
        }
        return findings
    }

    /// `2 network configuration action(s) during support (3 records): Microsoft.Network/.../write on rdp-any, by a, b`
    func summary(_ rule: RuleID, _ hits: [EventFacts], context: String) -> String {
        var seen: Set<String> = []
        var actions: [String] = []
        for e in hits.sorted(by: { ($0.ts, $0.id) < ($1.ts, $1.id) }) {
            let key = (e.sessionID ?? "#\(e.id)") + "|" + e.operation.lowercased() + "|" + (e.resource ?? "")
            if seen.insert(key).inserted { actions.append("\(e.operation) on \(e.resourceName ?? e.resource ?? "?")") }
        }
        let records = hits.count == actions.count ? "" : " (\(hits.count) records)"
        return "\(actions.count) \(Self.noun(rule)) action(s) \(context)\(records): \(list(actions)), by \(list(hits.map { $0.actor ?? "(no actor)" }))"
    }
}
