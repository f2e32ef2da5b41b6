/// Groups accessed resources the way an investigator reads them: mailboxes with their folders
/// and items, sites with their files, then the credentials, network configuration, roles and
/// compute access an interaction touched (so "which admin credentials and network
/// configurations were touched during ticket X" is one glance), admin objects, and anything else.
enum ResourceGrouping {
    static let mailTypes: Set<String> = ["mailbox", "mail_folder", "mail_item"]
    static let siteTypes: Set<String> = ["site", "folder", "file"]
    static let adminTypes: Set<String> = ["admin_object", "user", "group", "tenant", "azure_resource"]

    /// Groups of one resource type each (`events.resource_type`), in report order after mail and files.
    static let classGroups: [(type: String, title: String)] = [
        ("credential", "Credentials (secrets, keys, certificates, passwords)"),
        ("network-config", "Network configuration"),
        ("role", "Roles"),
        ("compute-access", "Compute access"),
    ]

    static let groupTitles =
        ["Mailboxes → folders → items", "Sites → files"] + classGroups.map(\.title)
        + ["Admin objects", "Other resources"]

    /// Which group a resource type belongs to (index into ``groupTitles``).
    static func group(of type: String) -> Int {
        if mailTypes.contains(type) { return 0 }
        if siteTypes.contains(type) { return 1 }
        if let index = classGroups.firstIndex(where: { $0.type == type }) { return 2 + index }
        if adminTypes.contains(type) { return 2 + classGroups.count }
        return 3 + classGroups.count
    }

    /// Order inside a group: containers before their contents.
    static func typeRank(_ type: String) -> Int {
        switch type {
        case "mailbox", "site", "tenant": return 0
        case "mail_folder", "folder", "group", "role": return 1
        default: return 2
        }
    }

    /// The container a resource sits in: the mailbox of a mail item (the part before the
    /// first `/`, `#` or `|` when it is an address), the site of a file URL
    /// (`https://host/sites/Name`), else the resource itself.
    static func container(type: String, resource: String) -> String {
        if mailTypes.contains(type) {
            if let cut = resource.firstIndex(where: { $0 == "/" || $0 == "#" || $0 == "|" }) {
                let head = String(resource[..<cut])
                if head.contains("@") { return head }
            }
            return resource
        }
        if siteTypes.contains(type), let site = siteURL(resource) { return site }
        return resource
    }

    /// `https://host/sites/Name` (or `/teams/`, `/personal/`) of a SharePoint-style URL, else
    /// `https://host`.
    static func siteURL(_ url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let afterScheme = url[schemeEnd.upperBound...]
        let parts = afterScheme.split(separator: "/", omittingEmptySubsequences: false)
        guard let host = parts.first, !host.isEmpty else { return nil }
        let prefix = String(url[..<schemeEnd.upperBound]) + host
        if parts.count >= 3, ["sites", "teams", "personal"].contains(parts[1].lowercased()) {
            return prefix + "/" + parts[1] + "/" + parts[2]
        }
        return prefix
    }

    /// Splits rows into the groups (empty groups dropped), each sorted by container,
    /// containers first, then resource, action and actor. At most `limit` rows are kept in
    /// all, shared fairly so that one large group cannot hide the others.
    static func groups(_ rows: [AccessRow], limit: Int) -> (groups: [ResourceGroup], omitted: Int) {
        var buckets = Array(repeating: [AccessRow](), count: groupTitles.count)
        for row in rows { buckets[group(of: row.resourceType)].append(row) }
        var quotas = Array(repeating: 0, count: buckets.count)
        var budget = max(0, limit)
        while budget > 0 {
            var gave = false
            for index in buckets.indices where quotas[index] < buckets[index].count && budget > 0 {
                quotas[index] += 1
                budget -= 1
                gave = true
            }
            if !gave { break }
        }
        var result: [ResourceGroup] = []
        var omitted = 0
        for (index, bucket) in buckets.enumerated() where !bucket.isEmpty {
            let sorted = bucket.sorted {
                ($0.container, typeRank($0.resourceType), $0.resource, $0.action, $0.actor)
                    < ($1.container, typeRank($1.resourceType), $1.resource, $1.action, $1.actor)
            }
            let kept = Array(sorted.prefix(quotas[index]))
            omitted += sorted.count - kept.count
            if !kept.isEmpty { result.append(ResourceGroup(title: groupTitles[index], rows: kept)) }
        }
        return (result, omitted)
    }
}
