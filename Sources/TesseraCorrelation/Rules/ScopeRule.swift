/// `resource-outside-scope`: attributed events on resources the ticket did not declare.
extension RuleEngine {
    /// Whether an event is inside a declared scope: its resource (or resource name) is a scope
    /// item or lies under one (`azure:<resource id prefix>` names Azure resources by their id),
    /// or a scope item `admin:<area>` names an admin area of the policy whose operations,
    /// actions or resource types include the event's.
    static func inScope(_ e: EventFacts, scope: [String], adminAreas: [AdminArea]) -> Bool {
        let resource = e.resource?.lowercased() ?? ""
        let name = e.resourceName?.lowercased()
        for scopeItem in scope {
            let item = scopeItem.hasPrefix("azure:") ? String(scopeItem.dropFirst(6)) : scopeItem
            if resource == item || name == item { return true }
            if resource.hasPrefix(item), let next = resource.dropFirst(item.count).first,
                "/#:\\?|".contains(next)
            {
                return true
            }
        }
        return adminAreas.contains { $0.covers(operation: e.operation, action: e.action, resourceType: e.resourceType) }
    }

    mutating func outOfScope(_ rule: RuleID) -> [Finding] {
        var findings: [Finding] = []
        var undeclared = 0
        var unknownAreas: Set<String> = []
        for ii in c.interactionIDs.indices {
            let scope = Array(Set(c.sessionsOf[ii].flatMap { c.windows[$0].scope })).sorted()
            guard !scope.isEmpty else { if !c.eventsOf[ii].isEmpty { undeclared += 1 }; continue }
            var areas: [AdminArea] = []
            for item in scope where AdminArea.areaName(ofScopeItem: item) != nil {
                if let area = c.policy.adminArea(forScopeItem: item) { areas.append(area) } else { unknownAreas.insert(item) }
            }
            let outside = c.eventsOf[ii].compactMap { id -> EventFacts? in
                let e = c.attribution.events[id]!
                return e.resource != nil && !Self.inScope(e, scope: scope, adminAreas: areas) ? e : nil
            }
            guard !outside.isEmpty else { continue }
            let resources = outside.compactMap(\.resource)
            findings.append(
                make(
                    rule, c.interactionIDs[ii],
                    "\(outside.count) event(s) on \(Set(resources).count) resource(s) outside the declared scope (\(list(scope))): \(list(resources))",
                    outside.map(\.id)))
        }
        if undeclared > 0 { notes.append("\(undeclared) interaction(s) with attributed events declare no scope; the scope rule did not check them") }
        if !unknownAreas.isEmpty {
            notes.append("scope item(s) \(list(unknownAreas.sorted())) name no admin area of the policy (scope.admin_areas); they cover no operation")
        }
        return findings
    }
}
