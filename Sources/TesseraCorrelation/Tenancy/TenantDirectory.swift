import TesseraSDK

/// Which tenants the names in the evidence and the support log denote, so that attribution never
/// joins an event of one customer's tenant to an interaction with another (docs/correlation.md,
/// "Tenants").
///
/// A tenant is named in different ways: a domain (`fedagency.example`, the support log; a mailbox
/// owner's UPN domain), an initial domain (`fedagency.onmicrosoft.com`, UAL `OrganizationName`), an
/// Entra tenant / organization id (UAL `OrganizationId`), an Azure subscription (Customer Lockbox),
/// an AWS account (CloudTrail `recipientAccountId`), a Box enterprise or Google customer id. Names
/// are linked into one tenant when one interaction's sessions name them together, or when an alias
/// file row says so (`tenant:A,tenant:B`). Two names are known to be **different** tenants only
/// when they are not linked and their tenants hold names of a kind that can be compared (two
/// domains that are not one the other's subdomain, two organization ids, two AWS accounts, ...);
/// otherwise the relation is unknown and attribution goes ahead as before.
struct TenantDirectory {
    /// How a tenant name is written; names are compared only with names of the same kind.
    enum Kind: Hashable {
        case organizationID, initialDomain, domain, subscription, awsAccount
        /// Box enterprise ids, Google customer ids, anything else: never compared.
        case other
    }

    enum Relation { case same, different, unknown }

    private var parent: [String: String] = [:]

    /// Canonical tenant name: trimmed, lower case.
    static func canonical(_ name: String?) -> String? {
        guard let name else { return nil }
        let trimmed = name.trimmingCharactersInWhitespace().lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }

    static func kind(_ name: String) -> Kind {
        if name.hasPrefix("subscription:") { return .subscription }
        if isGUID(name) { return .organizationID }
        if name.utf8.count == 12 && name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return .awsAccount }
        if name.contains(".onmicrosoft.") { return .initialDomain }
        if name.contains("."), !name.contains("/"), !name.contains(":"), !name.contains(" ") { return .domain }
        return .other
    }

    private static func isGUID(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if b != 0x2D { return false }
            } else if !((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66)) {
                return false
            }
        }
        return true
    }

    mutating func add(_ name: String) {
        if parent[name] == nil { parent[name] = name }
    }

    private mutating func root(_ name: String) -> String {
        add(name)
        var r = name
        while let p = parent[r], p != r { r = p }
        var n = name
        while let p = parent[n], p != r { parent[n] = r; n = p }
        return r
    }

    private func find(_ name: String) -> String {
        var r = name
        while let p = parent[r], p != r { r = p }
        return r
    }

    mutating func link(_ a: String, _ b: String) {
        let ra = root(a), rb = root(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }

    /// Builds the directory: each interaction's tenant names are one tenant; alias-file
    /// `tenant:` rows link names. Warns when one interaction names two tenants of one kind.
    static func build(windows: [SupportWindow], aliasFile: AliasFile?, warnings: inout [String]) -> TenantDirectory {
        var d = TenantDirectory()
        var byInteraction: [String: [String]] = [:]
        for w in windows { if let t = canonical(w.tenant) { byInteraction[w.interactionID, default: []].append(t) } }
        for (_, names) in byInteraction { for n in names { d.add(n) } }
        for row in aliasFile?.tenantRows ?? [] { d.link(row.0, row.1) }
        for id in byInteraction.keys.sorted() {
            let names = Array(Set(byInteraction[id]!)).sorted()
            for other in names.dropFirst() {
                if d.relation(names[0], other) == .different {
                    warnings.append("interaction \(id) names tenants \(names[0]) and \(other); they are treated as one tenant (check the support log)")
                }
                d.link(names[0], other)
            }
        }
        return d
    }

    /// The names linked with `name` (itself included).
    private func members(of name: String) -> [String] {
        let r = find(name)
        guard parent[name] != nil else { return [name] }
        return parent.keys.filter { find($0) == r }
    }

    /// How an event's tenant relates to one of an interaction's tenant names.
    func relation(_ a: String, _ b: String) -> Relation {
        if a == b { return .same }
        if parent[a] != nil, parent[b] != nil, find(a) == find(b) { return .same }
        let left = members(of: a), right = members(of: b)
        var comparable = false
        for x in left {
            let kx = Self.kind(x)
            guard kx != .other else { continue }
            for y in right where Self.kind(y) == kx {
                if kx == .domain && (Self.isSameOrSubdomain(x, y) || Self.isSameOrSubdomain(y, x)) { return .same }
                comparable = true
            }
        }
        return comparable ? .different : .unknown
    }

    /// Whether `name` is `domain` or one of its subdomains (`oig.fedagency.example` of `fedagency.example`).
    static func isSameOrSubdomain(_ name: String, _ domain: String) -> Bool {
        name == domain || name.hasSuffix("." + domain)
    }
}

/// Decides per event and interaction whether attribution may join them, and counts refusals.
struct TenantGuard {
    let directory: TenantDirectory
    /// Each interaction's canonical tenant names.
    let tenantsOf: [[String]]
    /// Per interaction: events refused because their tenant is another one, by event tenant.
    private(set) var refused: [Int: [String: Set<Int64>]] = [:]
    /// Relations already worked out, by (event tenant, interaction).
    private var cache: [String: [Int: Bool]] = [:]

    init(directory: TenantDirectory, windows: [SupportWindow], interactionOf: [Int], interactionCount: Int) {
        self.directory = directory
        var tenants = [[String]](repeating: [], count: interactionCount)
        for (si, w) in windows.enumerated() {
            if let t = TenantDirectory.canonical(w.tenant), !tenants[interactionOf[si]].contains(t) { tenants[interactionOf[si]].append(t) }
        }
        tenantsOf = tenants
    }

    /// False when the event's tenant is known to differ from the interaction's (the event is counted).
    mutating func allows(_ e: EventFacts, interaction: Int) -> Bool {
        guard e.category != EventCategory.support, let tenant = TenantDirectory.canonical(e.tenant), !tenantsOf[interaction].isEmpty else { return true }
        if let known = cache[tenant]?[interaction] {
            if !known { refused[interaction, default: [:]][tenant, default: []].insert(e.id) }
            return known
        }
        let relations = tenantsOf[interaction].map { directory.relation(tenant, $0) }
        let allowed = relations.contains(.same) || !relations.contains(.different)
        cache[tenant, default: [:]][interaction] = allowed
        if !allowed { refused[interaction, default: [:]][tenant, default: []].insert(e.id) }
        return allowed
    }

    /// One warning per interaction and foreign tenant.
    func warnings(interactionIDs: [String]) -> [String] {
        var result: [String] = []
        for ii in refused.keys.sorted() {
            for (tenant, events) in refused[ii]!.sorted(by: { $0.key < $1.key }) {
                result.append(
                    "\(events.count) event(s) of tenant \(tenant) fell in a window of interaction \(interactionIDs[ii]) "
                        + "(tenant \(tenantsOf[ii].joined(separator: ", "))) but were not attributed to it: another tenant")
            }
        }
        return result
    }
}
