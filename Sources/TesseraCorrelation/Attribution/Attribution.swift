import TesseraSDK
import TesseraStore

/// Why an event was attributed to an interaction.
struct Hit {
    var interaction: Int
    /// The window (index into the correlator's windows) that matched; an identity match wins.
    var session: Int
    var byIdentity = false
    var byIP = false
    var byActorType = false

    /// `identity`, `ip`, `lockbox_actor_type`, joined with `+` when several matched.
    var matchedBy: String {
        var parts: [String] = []
        if byIdentity { parts.append("identity") }
        if byActorType { parts.append("lockbox_actor_type") }
        if byIP { parts.append("ip") }
        return parts.joined(separator: "+")
    }
}

/// Events attributed to interactions: every event that falls in a window and whose actor is
/// one of the window's identities, or whose client IP is in one of its networks, or (approved
/// Lockbox windows) whose actor type is one of the policy's Lockbox actor types.
/// Events of category `support` (the support log's own records) are never attributed.
final class Attribution {
    private(set) var events: [Int64: EventFacts] = [:]
    private(set) var hits: [Int64: [Hit]] = [:]

    enum Match { case identity, ip, actorType }

    func record(_ e: EventFacts, interaction: Int, session: Int, by match: Match) {
        guard e.category != EventCategory.support else { return }
        if events[e.id] == nil { events[e.id] = e }
        var list = hits[e.id] ?? []
        var index = list.firstIndex(where: { $0.interaction == interaction })
        if index == nil {
            list.append(Hit(interaction: interaction, session: session))
            index = list.count - 1
        }
        switch match {
        case .identity:
            if !list[index!].byIdentity { list[index!].session = session }
            list[index!].byIdentity = true
        case .actorType:
            if !list[index!].byIdentity && !list[index!].byActorType { list[index!].session = session }
            list[index!].byActorType = true
        case .ip: list[index!].byIP = true
        }
        hits[e.id] = list
    }

    /// Per interaction, its attributed event ids in time order.
    func eventsByInteraction(count: Int) -> [[Int64]] {
        var result = [[Int64]](repeating: [], count: count)
        for (id, list) in hits { for hit in list { result[hit.interaction].append(id) } }
        for i in result.indices { result[i].sort { (events[$0]!.ts, $0) < (events[$1]!.ts, $1) } }
        return result
    }

    func hit(_ eventID: Int64, interaction: Int) -> Hit? {
        hits[eventID]?.first(where: { $0.interaction == interaction })
    }

    func isAttributed(_ eventID: Int64) -> Bool { hits[eventID] != nil }
}

/// Runs the indexed queries that fill an ``Attribution``.
enum Attributor {
    static func attribute(windows: [SupportWindow], interactionOf: [Int], queries: EventQueries,
                          policy: Policy) throws(SQLiteError) -> Attribution {
        let result = Attribution()
        let cidrMembers = try cidrMatches(windows: windows, queries: queries)
        for (si, w) in windows.enumerated() {
            guard let window = w.window else { continue }
            let ii = interactionOf[si]
            for alias in w.identityAliases {
                try queries.events(actor: alias, in: window) { result.record($0, interaction: ii, session: si, by: .identity) }
            }
            if w.isLockbox && !policy.lockboxActorTypes.isEmpty {
                try queries.supportActorTypeEvents(in: window) { e in
                    if let type = e.actorType, policy.lockboxActorTypes.contains(type) {
                        result.record(e, interaction: ii, session: si, by: .actorType)
                    }
                }
            }
            for network in w.networks {
                let addresses = network.prefixLength == network.address.count * 8 ? [network.description] : cidrMembers[network.description] ?? []
                for ip in addresses {
                    try queries.events(clientIP: ip, in: window) { result.record($0, interaction: ii, session: si, by: .ip) }
                }
            }
        }
        return result
    }

    /// For each CIDR block (not single hosts) named by a session: the store's client IPs inside it.
    /// One walk of the client-IP index, whatever the number of sessions.
    static func cidrMatches(windows: [SupportWindow], queries: EventQueries) throws(SQLiteError) -> [String: [String]] {
        var blocks: [String: IPNetwork] = [:]
        for w in windows where w.window != nil {
            for n in w.networks where n.prefixLength < n.address.count * 8 { blocks[n.description] = n }
        }
        guard !blocks.isEmpty else { return [:] }
        var result: [String: [String]] = [:]
        for ip in try queries.allClientIPs() {
            guard let bytes = IPAddress.bytes(ip) else { continue }
            for (key, block) in blocks where block.address.count == bytes.count && contains(block, bytes) {
                result[key, default: []].append(ip)
            }
        }
        return result
    }

    static func contains(_ network: IPNetwork, _ bytes: [UInt8]) -> Bool {
        let full = network.prefixLength / 8
        for i in 0..<full where bytes[i] != network.address[i] { return false }
        let rest = network.prefixLength % 8
        if rest == 0 { return true }
        let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - rest))
        return bytes[full] & mask == network.address[full]
    }
}
