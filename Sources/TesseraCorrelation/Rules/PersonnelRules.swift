import TesseraSDK

/// `personnel-location-not-allowed` and `clearance-missing`: what the support log records about
/// the engineer, against the customer class's requirements.
extension RuleEngine {
    func locationProblem(_ w: SupportWindow) -> String? {
        let allowed = c.policy.classPolicy(for: w.customerClass).allowedCountries
        guard !allowed.isEmpty else { return nil }
        guard let country = w.engineerCountry, !country.isEmpty else {
            return w.isLockbox ? nil : "country not recorded"
        }
        return allowed.contains(country) ? nil : "recorded in \(country)"
    }

    func clearanceProblem(_ w: SupportWindow) -> String? {
        let required = c.policy.classPolicy(for: w.customerClass).requiredClearance
        guard !required.isEmpty else { return nil }
        guard let clearance = w.clearance.map(Policy.clearanceValue), !clearance.isEmpty else {
            return w.isLockbox ? nil : "no clearance recorded"
        }
        return required.contains(clearance) ? nil : "clearance '\(clearance)'"
    }

    func personnel(_ rule: RuleID, check: (SupportWindow) -> String?) -> [Finding] {
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
                let requirement =
                    rule == .personnelLocation
                    ? "allowed: " + list(entry.classes.flatMap { c.policy.classPolicy(for: $0 == "(no class)" ? nil : $0).allowedCountries }, max: 40)
                    : "required: " + list(entry.classes.flatMap { c.policy.classPolicy(for: $0 == "(no class)" ? nil : $0).requiredClearance }, max: 10)
                let summary =
                    "engineer \(engineer) \(list(entry.problems)) for customer class \(list(entry.classes)) (\(requirement)); "
                    + "\(entry.sessions.count) session(s), \(accessed.count) attributed event(s)"
                findings.append(make(rule, c.interactionIDs[ii], summary, sessionEvents + accessed))
            }
        }
        return findings
    }
}
