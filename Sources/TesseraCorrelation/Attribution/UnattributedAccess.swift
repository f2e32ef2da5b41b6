import TesseraSDK
import TesseraStore

/// Events by support identities (every alias of a session's engineer or accounts) or of the
/// policy's support actor types that no interaction claimed: `unattributed_support_access`.
enum UnattributedAccess {
    static func find(
        windows: [SupportWindow], attribution: Attribution, queries: EventQueries, policy: Policy,
        resolver: IdentityResolver, labels: [Int: String]
    ) throws(SQLiteError) -> [(event: EventFacts, identity: String)] {
        var found: [Int64: (event: EventFacts, identity: String)] = [:]
        for alias in Set(windows.flatMap(\.identityAliases)).sorted() {
            let label = resolver.identity(of: alias).flatMap { labels[$0] } ?? alias
            try queries.events(actor: alias) { e in
                if e.category != EventCategory.support && !attribution.isAttributed(e.id) { found[e.id] = (e, label) }
            }
        }
        if !policy.supportActorTypes.isEmpty {
            try queries.supportActorTypeEvents { e in
                guard let type = e.actorType, policy.supportActorTypes.contains(type), e.category != EventCategory.support,
                    !attribution.isAttributed(e.id), found[e.id] == nil
                else { return }
                let label = e.actor.flatMap { resolver.identity(of: $0) }.flatMap { labels[$0] } ?? e.actor ?? "(\(type))"
                found[e.id] = (e, label)
            }
        }
        return found.values.sorted { ($0.event.ts, $0.event.id) < ($1.event.ts, $1.event.id) }
    }
}
