import TesseraSDK

/// Per-file memory of the SDK normalizations the mappers repeat on the same few values: one
/// file names the same actors and client addresses over and over. Results are exactly the
/// SDK's (``IdentityCanonicalizer/canonical(_:)``, ``IPAddress/normalize(_:)``); only the
/// repeated work is skipped.
final class MappingCache {
    private var identities: [String: String?] = [:]
    private var addresses: [String: String?] = [:]
    /// Each memo is emptied when it reaches this many entries, so memory stays bounded.
    private static let limit = 4096

    /// ``IdentityCanonicalizer/canonical(_:)`` of `identity`.
    func canonicalIdentity(_ identity: String) -> String? {
        if let known = identities[identity] { return known }
        let canonical = IdentityCanonicalizer.canonical(identity)
        if identities.count >= Self.limit { identities.removeAll(keepingCapacity: true) }
        identities[identity] = canonical
        return canonical
    }

    /// ``IPAddress/normalize(_:)`` of `text`.
    func normalizedIP(_ text: String) -> String? {
        if let plain = Self.plainIPv4(text) { return plain }
        if let known = addresses[text] { return known }
        let normalized = IPAddress.normalize(text)
        if addresses.count >= Self.limit { addresses.removeAll(keepingCapacity: true) }
        addresses[text] = normalized
        return normalized
    }

    /// The address of `text` when it is a canonical dotted-quad IPv4 address, optionally
    /// followed by `:port` (digits only): for exactly those, ``IPAddress/normalize(_:)`` returns
    /// the text before the colon unchanged. Anything else is nil (and goes to the SDK).
    static func plainIPv4(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.count <= 64 else { return nil }
            var octets = 0, digits = 0, value = 0, leadingZero = false
            var i = 0
            while i < bytes.count {
                let c = bytes[i]
                if c >= 0x30 && c <= 0x39 {
                    if digits == 0 { octets += 1; leadingZero = c == 0x30 } else if leadingZero { return nil }
                    digits += 1
                    value = value * 10 + Int(c - 0x30)
                    if digits > 3 || value > 255 { return nil }
                } else if c == 0x2E {   // .
                    guard digits > 0, octets < 4 else { return nil }
                    digits = 0
                    value = 0
                } else if c == 0x3A {   // :
                    break
                } else {
                    return nil
                }
                i += 1
            }
            guard octets == 4, digits > 0 else { return nil }
            let hostEnd = i
            if hostEnd < bytes.count {
                // `:port`: one colon, digits after it.
                var j = hostEnd + 1
                while j < bytes.count {
                    guard bytes[j] >= 0x30 && bytes[j] <= 0x39 else { return nil }
                    j += 1
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<hostEnd]), as: UTF8.self)
        }
    }
}
