/// `unlisted-identity-from-session-ip`: identities not on the ticket acting from its IPs.
extension RuleEngine {
    func unlistedIdentity(_ rule: RuleID) -> [Finding] {
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
            findings.append(
                make(
                    rule, c.interactionIDs[ii],
                    "\(hits.count) event(s) from the session's IPs (\(list(ips))) by identities not on the ticket: \(list(actors))",
                    hits.map(\.id)))
        }
        return findings
    }
}
