/// `bulk-access`: more distinct resources of a type than the policy's threshold.
extension RuleEngine {
    func bulk(_ rule: RuleID) -> [Finding] {
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
                findings.append(
                    make(
                        rule, c.interactionIDs[ii],
                        "\(resources.count) distinct \(type) resources in \(ids.count) event(s), above the policy's threshold of \(threshold)",
                        ids))
            }
        }
        return findings
    }
}
