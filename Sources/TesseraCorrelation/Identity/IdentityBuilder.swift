import TesseraSDK
import TesseraStore

/// Builds the identities of a run from the support log, the logons the evidence names and the
/// analyst's alias file, and gives each window its identities (see docs/correlation.md, "Identities").
enum IdentityBuilder {
    static func build(
        windows: inout [SupportWindow], db: Database, aliasFile: AliasFile?, aliasesPath: String?,
        warnings: inout [String]
    ) throws(SQLiteError) -> IdentityResolver {
        let resolver = IdentityResolver()
        for w in windows {
            let origin = IdentityResolver.Origin(kind: "support_log", reference: "support_sessions.session_row_id \(w.sessionRowID)")
            if let engineer = resolver.addStrong(w.engineer, type: "engineer_id", origin: origin) {
                resolver.addDisplayName(w.engineerName, with: engineer, origin: origin)
            }
            for account in w.accounts { resolver.addStrong(account, origin: origin) }
        }
        var excluded: Set<String> = [] // well-known principals met, for one warning
        func person(_ text: String?) -> String? {
            guard let text, let canonical = IdentityResolver.canonical(text) else { return nil }
            if WellKnownPrincipals.contains(canonical) { excluded.insert(canonical); return nil }
            return text
        }
        // An account listed for exactly one engineer is that engineer's alias; one listed for
        // several (a shared or break-glass account) stays an identity of its own.
        var engineersOfAccount: [String: Set<String>] = [:]
        for w in windows {
            guard let engineer = w.engineer.flatMap(IdentityResolver.canonical) else { continue }
            for account in w.accounts.compactMap(IdentityResolver.canonical) where account != engineer && person(account) != nil {
                engineersOfAccount[account, default: []].insert(engineer)
            }
        }
        for (account, engineers) in engineersOfAccount.sorted(by: { $0.key < $1.key }) {
            if engineers.count == 1 {
                resolver.union(engineers.first!, account)
            } else {
                warnings.append(
                    "account '\(account)' is listed for \(engineers.count) engineers (\(engineers.sorted().joined(separator: ", "))); it is kept as an identity of its own, not merged into either"
                )
            }
        }
        for logon in try SupportLoader.logons(db) {
            let origin = IdentityResolver.Origin(kind: "evidence", reference: "event_id \(logon.firstEventID)")
            let strong = [logon.sid, logon.dn, logon.upn].compactMap { resolver.addStrong(person($0), origin: origin, count: logon.count) }
            for other in strong.dropFirst() { resolver.union(strong[0], other) }
            if let first = strong.first { resolver.addDisplayName(logon.displayName, with: first, origin: origin) }
        }
        if let aliasFile, let path = aliasesPath {
            for row in aliasFile.identityRows where person(row.identity) != nil && person(row.alias) != nil {
                let origin = IdentityResolver.Origin(kind: "analyst", reference: "\(path) \(row.locator)")
                if let a = resolver.addStrong(row.identity, origin: origin), let b = resolver.addStrong(row.alias, origin: origin) {
                    resolver.union(a, b)
                }
            }
        }
        if !excluded.isEmpty {
            warnings.append(
                "well-known or built-in principal(s) \(excluded.sorted().prefix(5).joined(separator: ", "))\(excluded.count > 5 ? " and \(excluded.count - 5) more" : "") were not used to link identities: many people act as them"
            )
        }
        resolver.resolveDisplayNames()
        for (name, count) in resolver.ambiguousDisplayNames.sorted(by: { $0.key < $1.key }) {
            warnings.append(
                "display name '\(name)' names \(count) different identities in the evidence; it was not used to resolve anyone (add an --aliases row if it is one person)"
            )
        }
        for i in windows.indices {
            var roots: Set<Int> = []
            if let e = windows[i].engineer.flatMap(IdentityResolver.canonical), let root = resolver.identity(of: e) {
                roots.insert(root)
                windows[i].engineerRoot = root
            }
            for a in windows[i].accounts where person(a) != nil { if let root = resolver.identity(of: a) { roots.insert(root) } }
            windows[i].identityRoots = roots
            windows[i].identityAliases = Array(Set(roots.flatMap(resolver.aliases(of:)))).sorted()
        }
        return resolver
    }

    /// A readable label per support identity: its engineer id when it has one, else its first
    /// UPN, else its first alias.
    static func labels(windows: [SupportWindow], roots: Set<Int>, resolver: IdentityResolver) -> [Int: String] {
        var labels: [Int: String] = [:]
        for w in windows.sorted(by: { ($0.startUs, $0.sessionRowID) < ($1.startUs, $1.sessionRowID) }) {
            if let root = w.engineerRoot, labels[root] == nil, let e = w.engineer { labels[root] = e }
        }
        for root in roots where labels[root] == nil {
            let aliases = resolver.aliases(of: root)
            labels[root] = aliases.first(where: IdentityCanonicalizer.isUPN) ?? aliases.first ?? "identity \(root)"
        }
        return labels
    }
}
