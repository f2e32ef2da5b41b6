/// Windows security principals that are not one person: the local system and service accounts,
/// built-in groups, service SIDs, and the built-in accounts of a domain (RIDs below 1000, such as
/// `-500` Administrator and `-501` Guest). Many people act as them, so correlation never uses them
/// to tie one identity to another (docs/correlation.md, "Identities").
public enum WellKnownPrincipals {
    /// Whether an identity (any spelling; SIDs in any case) is a well-known or built-in principal.
    public static func contains(_ identity: String) -> Bool {
        let text = identity.trimmingCharactersInWhitespace().uppercased()
        if text.hasPrefix("S-1-") { return isWellKnownSID(text) }
        for prefix in ["NT AUTHORITY\\", "NT SERVICE\\", "BUILTIN\\", "NT VIRTUAL MACHINE\\", "IIS APPPOOL\\", "WINDOW MANAGER\\", "FONT DRIVER HOST\\"]
        where text.hasPrefix(prefix) { return true }
        return ["SYSTEM", "LOCAL SYSTEM", "LOCALSYSTEM", "LOCAL SERVICE", "NETWORK SERVICE", "NT AUTHORITY"].contains(text)
    }

    /// A SID (upper case) that names no single person.
    static func isWellKnownSID(_ sid: String) -> Bool {
        let parts = sid.split(separator: "-").map(String.init)
        // S-1-<authority>-<sub authorities...>
        guard parts.count >= 3, parts[0] == "S", parts[1] == "1" else { return false }
        let authority = parts[2]
        let subs = parts.dropFirst(3).compactMap { UInt64($0) }
        guard subs.count == parts.count - 3 else { return false }
        switch authority {
        case "0", "1", "2", "3", "4", "9", "15", "16": return true // null, world, local, creator, non-unique, resource manager, app packages, integrity
        case "5":
            guard let first = subs.first else { return true }
            if first <= 20 { return true } // logon types, SYSTEM (18), LOCAL SERVICE (19), NETWORK SERVICE (20)
            if first == 32 { return true } // BUILTIN\ groups
            // Auth packages, service SIDs, app pools, VMs, DWM, UMFD, local accounts.
            if [64, 80, 82, 83, 84, 90, 96, 113, 114, 1000].contains(first) { return true }
            if first == 21 || first == 12 {
                // A domain or machine: its built-in accounts and groups have RIDs below 1000.
                guard subs.count >= 5, let rid = subs.last else { return true }
                return rid < 1000
            }
            return false
        default:
            return false
        }
    }
}
