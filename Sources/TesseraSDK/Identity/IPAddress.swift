#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// IP address normalization: evidence writes `1.2.3.4:5678`, `[2001:DB8::1]:443`,
/// `::ffff:1.2.3.4` and padded forms; Tessera stores one canonical text per address.
public enum IPAddress {
    /// The canonical text of an address (port stripped, IPv6 compressed and lower-cased,
    /// IPv4-mapped IPv6 as plain IPv4), or nil when `text` is not an IP address.
    public static func normalize(_ text: String) -> String? {
        plainIPv4(text) ?? generalNormalize(text)
    }

    /// The fast path for what evidence mostly holds: a canonical dotted quad (four decimal
    /// octets 0-255 without leading zeros), alone or followed by `:` and printable ASCII without
    /// another colon (a port), at most 64 bytes. For exactly those, ``generalNormalize(_:)``
    /// returns the text before the colon unchanged. nil: not such text (the general path decides).
    static func plainIPv4(_ input: String) -> String? {
        var text = input
        return text.withUTF8 { bytes -> String? in
            guard bytes.count <= 64 else { return nil }
            var octets = 0, digits = 0, value = 0, leadingZero = false
            var i = 0
            while i < bytes.count {
                let c = bytes[i]
                if c &- 0x30 < 10 {
                    if digits == 0 { octets += 1; leadingZero = c == 0x30 } else if leadingZero { return nil }
                    digits += 1
                    value = value * 10 + Int(c &- 0x30)
                    if digits > 3 || value > 255 { return nil }
                } else if c == 0x2E { // .
                    guard digits > 0, octets < 4 else { return nil }
                    digits = 0
                    value = 0
                } else if c == 0x3A { // :
                    break
                } else {
                    return nil
                }
                i += 1
            }
            guard octets == 4, digits > 0 else { return nil }
            let hostEnd = i
            if hostEnd == bytes.count { return input }
            // `:port`: printable ASCII after the one colon.
            for j in (hostEnd + 1)..<bytes.count where bytes[j] <= 0x20 || bytes[j] >= 0x7F || bytes[j] == 0x3A { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<hostEnd]), as: UTF8.self)
        }
    }

    /// Any text: trimmed, port and zone index cut off, parsed and formatted by the C library.
    static func generalNormalize(_ text: String) -> String? {
        var s = text.trimmingCharactersInWhitespace()
        guard !s.isEmpty, s.count <= 64 else { return nil }
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
            s = String(s[s.index(after: s.startIndex)..<close])
        } else if s.filter({ $0 == ":" }).count == 1, s.contains(".") {
            s = String(s[..<s.firstIndex(of: ":")!])
        }
        if let percent = s.firstIndex(of: "%") { s = String(s[..<percent]) } // zone index
        if let v4 = parseIPv4(s) { return format(v4) }
        if let v6 = parseIPv6(s) {
            if v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xFF && v6[11] == 0xFF {
                return format(Array(v6[12..<16]))
            }
            return format(v6)
        }
        return nil
    }

    /// The 4 or 16 bytes of an address, or nil.
    public static func bytes(_ text: String) -> [UInt8]? {
        guard let canonical = normalize(text) else { return nil }
        return parseIPv4(canonical) ?? parseIPv6(canonical)
    }

    static func parseIPv4(_ s: String) -> [UInt8]? {
        var address = in_addr()
        guard inet_pton(AF_INET, s, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    static func parseIPv6(_ s: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, s, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    static func format(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) != nil }
        guard ok else { return "" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// An IP network (`10.0.0.0/8`, `2001:db8::/32`) or a single address (a /32 or /128).
public struct IPNetwork: Sendable, Equatable, CustomStringConvertible {
    public let address: [UInt8]
    public let prefixLength: Int

    /// Parses `address` or `address/prefix`; nil when either part is invalid.
    public init?(_ text: String) {
        let parts = text.trimmingCharactersInWhitespace().split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let bytes = IPAddress.bytes(String(first)) else { return nil }
        let maxPrefix = bytes.count * 8
        var prefix = maxPrefix
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...maxPrefix).contains(p) else { return nil }
            prefix = p
        }
        var masked = bytes
        for bit in prefix..<maxPrefix { masked[bit / 8] &= ~(0x80 >> UInt8(bit % 8)) }
        self.address = masked
        self.prefixLength = prefix
    }

    /// Whether `ip` (any textual form) lies in this network.
    public func contains(_ ip: String) -> Bool {
        guard let bytes = IPAddress.bytes(ip), bytes.count == address.count else { return false }
        for bit in 0..<prefixLength {
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            if bytes[bit / 8] & mask != address[bit / 8] & mask { return false }
        }
        return true
    }

    /// `address/prefix`, or the bare address for a single host.
    public var description: String {
        let base = IPAddress.format(address)
        return prefixLength == address.count * 8 ? base : "\(base)/\(prefixLength)"
    }
}
