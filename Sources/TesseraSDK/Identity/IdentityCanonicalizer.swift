/// Canonical forms of identities, so that one person's UPN, SID and spelling variants compare equal.
///
/// - UPNs and e-mail addresses: trimmed and lower-cased (`Alice@Contoso.COM` → `alice@contoso.com`).
/// - Windows SIDs: upper-cased (`s-1-5-21-…` → `S-1-5-21-…`).
/// - Distinguished names and other ids: trimmed and lower-cased.
/// - Display names (`Microsoft Operator`, `Jane Doe`): trimmed, inner runs of spaces collapsed, lower-cased.
///
/// Resolving aliases to one person (SID ↔ UPN ↔ display name) is the correlation engine's job;
/// this only removes spelling differences.
public enum IdentityCanonicalizer {
    public static func canonical(_ identity: String) -> String? {
        let trimmed = identity.trimmingCharactersInWhitespace()
        guard !trimmed.isEmpty else { return nil }
        if trimmed.count > 4, trimmed.prefix(4).uppercased() == "S-1-", trimmed.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "S" || $0 == "s" }) {
            return trimmed.uppercased()
        }
        var previousWasSpace = false
        var needsCollapse = false
        for byte in trimmed.utf8 {
            let isSpace = byte == 0x20 || byte == 0x09
            if byte == 0x09 || (isSpace && previousWasSpace) { needsCollapse = true; break }
            previousWasSpace = isSpace
        }
        if !needsCollapse { return trimmed.lowercased() }
        let collapsed = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return collapsed.lowercased()
    }

    /// Whether the identity looks like a UPN or e-mail address.
    public static func isUPN(_ identity: String) -> Bool {
        let parts = identity.split(separator: "@")
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
    }

    /// The domain of a UPN or e-mail address, lower case (`CFO@FedAgency.example` → `fedagency.example`);
    /// nil when the text is not one. Plugins use it as the tenant of a mailbox's owner.
    public static func upnDomain(_ identity: String) -> String? {
        // Byte-level: plugins call this once per record on their hot path.
        var text = identity
        return text.withUTF8 { bytes -> String? in
            guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0 else { return nil }
            var start = at + 1, end = bytes.count
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
            guard end > start, bytes[start] != 0x2E, bytes[end - 1] != 0x2E else { return nil }
            var hasDot = false, ascii = true
            for i in start..<end {
                if bytes[i] == 0x2E { hasDot = true } else if bytes[i] >= 0x80 { ascii = false }
            }
            guard hasDot else { return nil }
            guard ascii else { return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).lowercased() }
            return String(unsafeUninitializedCapacity: end - start) { out in
                for i in start..<end { out[i - start] = bytes[i] >= 0x41 && bytes[i] <= 0x5A ? bytes[i] + 32 : bytes[i] }
                return end - start
            }
        }
    }

    /// Splits a `;`-separated list (also tolerating `|`), trimming and dropping empty items.
    /// Commas do not split: distinguished names and URLs contain them.
    public static func splitList(_ list: String) -> [String] {
        list.split(whereSeparator: { $0 == ";" || $0 == "|" })
            .map { String($0).trimmingCharactersInWhitespace() }
            .filter { !$0.isEmpty }
    }
}

extension String {
    /// Trims spaces, tabs and line breaks at both ends (no Foundation needed).
    public func trimmingCharactersInWhitespace() -> String {
        // Fast path: nothing to trim when both ends are printable ASCII.
        let utf8 = self.utf8
        guard let firstByte = utf8.first, let lastByte = utf8.last else { return self }
        if firstByte > 0x20 && firstByte < 0x80 && lastByte > 0x20 && lastByte < 0x80 { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
