/// `access-outside-window`: support identities acting when no interaction explains it.
extension RuleEngine {
    func outsideWindow(_ rule: RuleID) -> [Finding] {
        var byIdentity: [String: [EventFacts]] = [:]
        for (event, identity) in c.unattributed { byIdentity[identity, default: []].append(event) }
        return byIdentity.sorted(by: { $0.key < $1.key }).map { identity, events in
            let resources = events.compactMap(\.resource)
            let summary =
                "\(identity): \(events.count) event(s) outside every support window"
                + (resources.isEmpty ? "" : " on \(Set(resources).count) resource(s): \(list(resources))")
            return make(rule, nil, summary, events.map(\.id))
        }
    }
}
