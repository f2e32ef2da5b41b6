/// `location-mismatch`: the engineer's recorded country against the GeoIP country of the
/// client IPs of the events attributed to them.
extension RuleEngine {
    mutating func locationMismatch(_ rule: RuleID) -> [Finding] {
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
                findings.append(
                    make(
                        rule, c.interactionIDs[ii],
                        "engineer \(engineer) recorded in \(list(entry.claimed)); \(entry.ids.count) event(s) from IPs located in \(observed)",
                        entry.ids + sessionEvents))
            }
        }
        if !unknown.isEmpty { notes.append("\(unknown.count) attributed client IP(s) have no country in the GeoIP database (private or unknown ranges)") }
        return findings
    }
}
