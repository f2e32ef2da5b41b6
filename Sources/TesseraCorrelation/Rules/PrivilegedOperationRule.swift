/// `privileged-operation`: the policy's privileged action classes during support.
extension RuleEngine {
    func privileged(_ rule: RuleID) -> [Finding] {
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
            findings.append(
                make(
                    rule, c.interactionIDs[ii], "\(hits.count) privileged operation(s) during support: \(text), by \(list(actors))",
                    hits.map(\.id)))
        }
        return findings
    }
}
