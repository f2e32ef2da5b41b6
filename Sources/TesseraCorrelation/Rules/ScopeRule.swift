
/// `resource-outside-scope`: attributed events on resources the ticket did not declare.
extension RuleEngine {
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

    mutating func outOfScope(_ rule: RuleID) -> [Finding] {
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
}
