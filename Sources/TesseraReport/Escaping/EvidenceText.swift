import TesseraSDK

/// Makes evidence text safe to *show*: every string in a report came from evidence an adversary
/// may have shaped, so before any context-specific escaping it is neutralized here.
///
/// - Unicode bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) would
///   let a value reorder what the reader sees ("Trojan Source"); each becomes a visible `[U+202E]`.
/// - C0/C1 control characters, U+2028/U+2029 and newlines become a visible marker or a space,
///   so one value stays on one line of a table.
/// - Display text is bounded: a value longer than the limit is cut and says how long it was,
///   so a 10 MB field cannot swell a report; exports keep values whole.
///
/// The rules work on UTF-8 bytes (``append(_:to:escape:)``); the `String` functions wrap them.
public enum EvidenceText {
    /// Whether `scalar` is a Unicode bidirectional formatting character.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    /// `text` with bidi controls and other invisible control characters made visible, and
    /// line breaks and tabs turned into spaces.
    public static func neutralized(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            guard raw.contains(where: mayStartWork) else { return text }
            var out: [UInt8] = []
            out.reserveCapacity(raw.count + 16)
            append(raw, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `[U+202E]`: how a neutralized character is shown.
    public static func marker(_ scalar: Unicode.Scalar) -> String {
        var out: [UInt8] = []
        appendMarker(scalar.value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Neutralized text cut to at most `limit` characters; a cut value ends with a note giving
    /// its full length, so the reader knows it is incomplete and where to get the rest.
    public static func display(_ text: String, limit: Int) -> String {
        let safe = neutralized(text)
        guard safe.utf8.count > limit, safe.count > limit else { return safe }
        let total = text.count
        return String(safe.prefix(limit)) + " … [cut: \(total) characters in all; the export and tessera query have the whole value]"
    }

    // MARK: Bytes

    /// Appends the UTF-8 text `text` neutralized (see ``neutralized(_:)``); invalid UTF-8 is
    /// repaired with U+FFFD. Used for terminal tables.
    public static func append(neutralized text: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        UTF8Validation.withValid(text) { append($0, to: &out) }
    }

    /// Whether a scalar starting with `byte` may need neutralizing (C0 controls, DEL, and the
    /// lead bytes of C1 controls, U+061C and the U+20xx controls).
    @inline(__always)
    static func mayStartWork(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
    }

    /// The scalar at `i` of valid UTF-8 `text` if it needs neutralizing: its length in bytes,
    /// and nil for "becomes a space" or the scalar value to show as a marker.
    @inline(__always)
    static func neutralization(_ text: UnsafeRawBufferPointer, at i: Int) -> (length: Int, marker: UInt32?)? {
        let byte = text[i]
        switch byte {
        case 0x0A, 0x0D, 0x09: return (1, nil)
        case 0..<0x20, 0x7F: return (1, UInt32(byte))
        case 0xC2:
            let next = text[i + 1]
            return next < 0xA0 ? (2, UInt32(next)) : nil // U+0080–U+009F
        case 0xD8:
            return text[i + 1] == 0x9C ? (2, 0x061C) : nil
        case 0xE2:
            let value = 0x2000 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F)
            switch value {
            case 0x2028, 0x2029: return (3, nil)
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return (3, value)
            default: return nil
            }
        default: return nil
        }
    }

    /// A set of ASCII bytes, as a 128-bit mask.
    struct ASCIISet {
        var low: UInt64 = 0, high: UInt64 = 0

        init(_ bytes: String = "") {
            for byte in bytes.utf8 where byte < 0x80 {
                if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
            }
        }

        @inline(__always)
        func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte &- 64)) != 0
        }
    }

    /// Appends the valid UTF-8 `text` neutralized (see ``neutralized(_:)``). Printable ASCII
    /// bytes in `special` are written by `escape` instead, to escape them for their context
    /// (Markdown); the brackets of a marker too.
    @inline(__always)
    static func append(
        _ text: UnsafeRawBufferPointer, to out: inout [UInt8], special: ASCIISet = ASCIISet(),
        escape: (UInt8, inout [UInt8]) -> Void = { byte, out in out.append(byte) }
    ) {
        var runStart = 0
        var i = 0
        let count = text.count
        while i < count {
            let byte = text[i]
            if byte >= 0x20 && byte < 0x7F {
                if special.contains(byte) {
                    out.append(raw: UnsafeRawBufferPointer(rebasing: text[runStart..<i]))
                    escape(byte, &out)
                    runStart = i + 1
                }
                i += 1
            } else if mayStartWork(byte), let (length, marker) = neutralization(text, at: i) {
                out.append(raw: UnsafeRawBufferPointer(rebasing: text[runStart..<i]))
                if let marker {
                    special.contains(UInt8(ascii: "[")) ? escape(UInt8(ascii: "["), &out) : out.append(UInt8(ascii: "["))
                    appendMarkerBody(marker, to: &out)
                    special.contains(UInt8(ascii: "]")) ? escape(UInt8(ascii: "]"), &out) : out.append(UInt8(ascii: "]"))
                } else {
                    out.append(UInt8(ascii: " "))
                }
                i += length
                runStart = i
            } else {
                i += 1
            }
        }
        out.append(raw: UnsafeRawBufferPointer(rebasing: text[runStart..<count]))
    }

    static func appendMarker(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        appendMarkerBody(value, to: &out)
        out.append(UInt8(ascii: "]"))
    }

    /// `U+202E`: at least four upper-case hex digits.
    private static func appendMarkerBody(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "U"))
        out.append(UInt8(ascii: "+"))
        let digits = max(4, (32 - value.leadingZeroBitCount + 3) / 4)
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            let nibble = UInt8((value >> UInt32(shift)) & 0xF)
            out.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10)
        }
    }
}
