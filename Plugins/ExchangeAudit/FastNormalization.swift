import TesseraSDK

/// Quick answers for the SDK normalizations the mappers call on every record, for the plain
/// ASCII forms Exchange writes. Each answer is exactly the SDK's
/// (``IdentityCanonicalizer/canonical(_:)``, ``IPAddress/normalize(_:)``); any input the fast
/// path does not fully understand goes to the SDK.
enum FastNormalization {
    /// ``IdentityCanonicalizer/canonical(_:)`` of `identity`.
    static func canonicalIdentity(_ identity: String) -> String? {
        asciiIdentity(identity) ?? IdentityCanonicalizer.canonical(identity)
    }

    /// ``IPAddress/normalize(_:)`` of `text`.
    static func normalizedIP(_ text: String) -> String? {
        plainIPv4(text) ?? IPAddress.normalize(text)
    }

    /// The canonical identity of printable ASCII text that needs no trimming and no space
    /// collapsing (nil otherwise): a SID (`S-1-` then digits, `-`, `S`) upper-cased, anything
    /// else lower-cased — what the SDK does for such text.
    static func asciiIdentity(_ identity: String) -> String? {
        var text = identity
        return text.withUTF8 { bytes -> String? in
            guard let first = bytes.first, let last = bytes.last,
                  first > 0x20, first < 0x80, last > 0x20, last < 0x80 else { return nil }
            var previousWasSpace = false, sidCharacters = true, hasUpper = false, hasLowerS = false
            for c in bytes {
                if c >= 0x80 || c == 0x09 || c == 0x0D || c == 0x0A { return nil }
                let isSpace = c == 0x20
                if isSpace && previousWasSpace { return nil }
                previousWasSpace = isSpace
                if c >= 0x41 && c <= 0x5A { hasUpper = true }
                if c == 0x73 { hasLowerS = true }
                if !((c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x53 || c == 0x73) { sidCharacters = false }
            }
            let isSID = bytes.count > 4 && sidCharacters && (bytes[0] == 0x53 || bytes[0] == 0x73)
                && bytes[1] == 0x2D && bytes[2] == 0x31 && bytes[3] == 0x2D
            if isSID {
                if !hasLowerS { return identity }
                return String(decoding: bytes.map { $0 == 0x73 ? 0x53 : $0 }, as: UTF8.self)
            }
            if !hasUpper { return identity }
            return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
        }
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
