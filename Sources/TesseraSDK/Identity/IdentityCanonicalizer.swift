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
    /// The canonical form of `identity`, or nil when it is empty or only whitespace.
    public static func canonical(_ identity: String) -> String? {
        asciiCanonical(identity) ?? generalCanonical(identity)
    }

    /// The fast path for what evidence mostly holds: printable ASCII (0x20-0x7E) that needs no
    /// trimming and no space collapsing. A SID (`S-1-`, then only digits, `-` and `S`) is
    /// upper-cased, anything else lower-cased, exactly as ``generalCanonical(_:)`` would; the
    /// text itself is returned when nothing changes. nil: not such text (the general path decides).
    static func asciiCanonical(_ identity: String) -> String? {
        var text = identity
        return text.withUTF8 { bytes -> String? in
            guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 else { return nil }
            var previousWasSpace = false, sidCharacters = true, hasUpper = false, hasLowerS = false
            for c in bytes {
                if c < 0x20 || c > 0x7E { return nil }
                let isSpace = c == 0x20
                if isSpace && previousWasSpace { return nil }
                previousWasSpace = isSpace
                if c &- 0x41 < 26 { hasUpper = true }
                if c == 0x73 { hasLowerS = true }
                if !(c &- 0x30 < 10 || c == 0x2D || c == 0x53 || c == 0x73) { sidCharacters = false }
            }
            let isSID =
                bytes.count > 4 && sidCharacters && (bytes[0] == 0x53 || bytes[0] == 0x73)
                && bytes[1] == 0x2D && bytes[2] == 0x31 && bytes[3] == 0x2D
            if isSID {
                guard hasLowerS else { return identity }
                return String(unsafeUninitializedCapacity: bytes.count) { out in
                    for i in bytes.indices { out[i] = bytes[i] == 0x73 ? 0x53 : bytes[i] }
                    return bytes.count
                }
            }
            return hasUpper ? identity.lowercased(prefixedWith: "") : identity
        }
    }

    /// Any text: trimmed, SIDs upper-cased, runs of spaces and tabs collapsed, lower-cased.
    static func generalCanonical(_ identity: String) -> String? {
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
        // Byte-level (plugins call it per record): exactly two non-empty `@`-separated parts, the
        // second holding a `.`.
        var text = identity
        return text.withUTF8 { bytes in
            var parts = 0
            var partStart = 0
            var secondHasDot = false
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "@") {
                if index > partStart {
                    parts += 1
                    if parts == 2 { secondHasDot = bytes[partStart..<index].contains(UInt8(ascii: ".")) }
                }
                partStart = index + 1
            }
            return parts == 2 && secondHasDot
        }
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
    /// `prefix + self.lowercased()`. When both are ASCII only A-Z change, so the result is
    /// written in one pass into one allocation, and is `self` itself (no copy) when there is no
    /// prefix and nothing to lower; other text goes through the standard library. Plugins use it
    /// on their hot path for dedup keys and tenant names.
    public func lowercased(prefixedWith prefix: String) -> String {
        var s = self, prefix = prefix
        let (isASCII, hasUpper) = s.withUTF8 { text -> (Bool, Bool) in
            var bits: UInt8 = 0
            var upper = false
            for byte in text {
                bits |= byte
                if byte &- 0x41 < 26 { upper = true }
            }
            return (bits < 0x80, upper)
        }
        guard isASCII else { return prefix + s.lowercased() }
        if !hasUpper { return prefix.isEmpty ? s : prefix + s }
        return s.withUTF8 { text in
            prefix.withUTF8 { head in
                String(unsafeUninitializedCapacity: head.count + text.count) { out in
                    var target = out.baseAddress!
                    for byte in head {
                        target.initialize(to: byte)
                        target += 1
                    }
                    for byte in text {
                        target.initialize(to: byte &- 0x41 < 26 ? byte | 0x20 : byte)
                        target += 1
                    }
                    return head.count + text.count
                }
            }
        }
    }

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
