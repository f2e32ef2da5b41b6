import TesseraSDK

/// Fast paths for the two normalizations every UAL row needs, falling back to the SDK's
/// general (and slower) code for anything unusual. Results are identical to the SDK's.
enum FastNormalize {
    /// ``IdentityCanonicalizer/canonical(_:)``: for ASCII without whitespace that is not a SID,
    /// canonical form is simply the lower-cased text.
    static func identity(_ raw: String) -> String? {
        var plain = true
        var hasUpper = false
        for byte in raw.utf8 {
            if byte <= 0x20 || byte >= 0x80 { plain = false; break }
            if byte >= 0x41 && byte <= 0x5A { hasUpper = true }
        }
        let utf8 = raw.utf8
        if plain, !utf8.isEmpty, !(utf8.count > 4 && (utf8.first == UInt8(ascii: "S") || utf8.first == UInt8(ascii: "s")) && raw.dropFirst().hasPrefix("-1-")) {
            return hasUpper ? lowercased(raw) : raw
        }
        return IdentityCanonicalizer.canonical(raw)
    }

    /// `prefix + s.lowercased()`. For ASCII text only A-Z change, so it is written in one pass
    /// into one allocation; any other text goes through the standard library.
    static func lowercased(_ s: String, prefix: String = "") -> String {
        var s = s, prefix = prefix
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
        // Already lower case: the text itself (shared, no copy) after the prefix.
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

    /// ``IPAddress/normalize(_:)``: a plain dotted-quad without leading zeros is already canonical,
    /// and so is one followed by `:port` once the port is cut off (the SDK cuts at the only colon).
    static func ip(_ raw: String) -> String? {
        let utf8 = raw.utf8
        if let colon = utf8.firstIndex(of: UInt8(ascii: ":")) {
            let head = raw[..<colon]
            guard utf8.count <= 64, !utf8[utf8.index(after: colon)...].contains(UInt8(ascii: ":")),
                  utf8.allSatisfy({ $0 > 0x20 && $0 < 0x80 }), isCanonicalIPv4(head.utf8) else { return IPAddress.normalize(raw) }
            return String(head)
        }
        return isCanonicalIPv4(utf8) ? raw : IPAddress.normalize(raw)
    }

    /// Whether `bytes` are four decimal octets (0-255, no leading zeros) joined by dots.
    private static func isCanonicalIPv4(_ bytes: some Collection<UInt8>) -> Bool {
        var octets = 0, value = 0, digits = 0
        var leadingZero = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, value <= 255, !(leadingZero && digits > 1) else { return false }
                octets += 1; value = 0; digits = 0
            } else if byte >= 0x30 && byte <= 0x39 {
                if digits == 0 { leadingZero = byte == 0x30 }
                value = value * 10 + Int(byte - 0x30)
                digits += 1
                if digits > 3 { return false }
            } else {
                return false
            }
        }
        return octets == 3 && digits > 0 && value <= 255 && !(leadingZero && digits > 1)
    }
}
