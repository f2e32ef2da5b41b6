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
    /// Attributes every event that matches a window, unless `tenants` knows the event belongs to
    /// another tenant than the window's interaction.
    static func attribute(
        windows: [SupportWindow], interactionOf: [Int], queries: EventQueries,
        policy: Policy, tenants: inout TenantGuard
    ) throws(SQLiteError) -> Attribution {
        let result = Attribution()
        let cidrMembers = try cidrMatches(windows: windows, queries: queries)
        for (si, w) in windows.enumerated() {
            guard let window = w.window else { continue }
            let ii = interactionOf[si]
            for alias in w.identityAliases {
                try queries.events(actor: alias, in: window) { e in
                    if tenants.allows(e, interaction: ii) { result.record(e, interaction: ii, session: si, by: .identity) }
                }
            }
            if w.isLockbox && !policy.lockboxActorTypes.isEmpty {
                try queries.supportActorTypeEvents(in: window) { e in
                    if let type = e.actorType, policy.lockboxActorTypes.contains(type), tenants.allows(e, interaction: ii) {
                        result.record(e, interaction: ii, session: si, by: .actorType)
                    }
                }
            }
            for network in w.networks {
                let addresses = network.prefixLength == network.address.count * 8 ? [network.description] : cidrMembers[network.description] ?? []
                for ip in addresses {
                    try queries.events(clientIP: ip, in: window) { e in
                        if tenants.allows(e, interaction: ii) { result.record(e, interaction: ii, session: si, by: .ip) }
                    }
                }
            }
        }
        return result
    }

    /// For each CIDR block (not single hosts) named by a session: the store's client IPs inside it.
    /// One walk of the client-IP index, whatever the number of sessions. IPv4 blocks are found
    /// by hashing each address masked to every prefix length in use; IPv6 blocks are tested in turn.
    static func cidrMatches(windows: [SupportWindow], queries: EventQueries) throws(SQLiteError) -> [String: [String]] {
        var v4: [Int: [UInt32: [String]]] = [:]
        var v6: [String: IPNetwork] = [:]
        for w in windows where w.window != nil {
            for n in w.networks where n.prefixLength < n.address.count * 8 {
                if n.address.count == 4 {
                    let value = n.address.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                    var blocks = v4[n.prefixLength] ?? [:]
                    if !(blocks[value] ?? []).contains(n.description) { blocks[value, default: []].append(n.description) }
                    v4[n.prefixLength] = blocks
                } else {
                    v6[n.description] = n
                }
            }
        }
        guard !v4.isEmpty || !v6.isEmpty else { return [:] }
        var result: [String: [String]] = [:]
        for ip in try queries.allClientIPs() {
            if let value = ipv4Value(ip) {
                for (length, blocks) in v4 {
                    let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << UInt32(32 - length)
                    for key in blocks[value & mask] ?? [] { result[key, default: []].append(ip) }
                }
            } else if !v6.isEmpty, let bytes = IPAddress.bytes(ip), bytes.count == 16 {
                for (key, block) in v6 where contains(block, bytes) { result[key, default: []].append(ip) }
            }
        }
        return result
    }

    /// A canonical dotted-quad IPv4 address as a number; nil for anything else.
    static func ipv4Value(_ text: String) -> UInt32? {
        var value: UInt32 = 0, part: UInt32 = 0, digits = 0, dots = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return nil }
                value = value << 8 | part
                part = 0; digits = 0; dots += 1
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                part = part * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3, part <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | part
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
