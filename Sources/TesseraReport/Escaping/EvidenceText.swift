/// Makes evidence text safe to *show*: every string in a report came from evidence an adversary
/// may have shaped, so before any context-specific escaping it is neutralized here.
///
/// - Unicode bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) would
///   let a value reorder what the reader sees ("Trojan Source"); each becomes a visible `[U+202E]`.
/// - C0/C1 control characters, U+2028/U+2029 and newlines become a visible marker or a space,
///   so one value stays on one line of a table.
/// - Display text is bounded: a value longer than the limit is cut and says how long it was,
///   so a 10 MB field cannot swell a report; exports keep values whole.
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
        guard text.unicodeScalars.contains(where: needsWork) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !needsWork(scalar) {
                out.append(scalar)
            } else if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar.value == 0x2028 || scalar.value == 0x2029 {
                out.append(" ")
            } else {
                out.append(contentsOf: marker(scalar).unicodeScalars)
            }
        }
        return String(out)
    }

    /// `[U+202E]`: how a neutralized character is shown.
    public static func marker(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "[U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
    }

    private static func needsWork(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) || v == 0x2028 || v == 0x2029
            || isBidiControl(scalar)
    }

    /// Neutralized text cut to at most `limit` characters; a cut value ends with a note giving
    /// its full length, so the reader knows it is incomplete and where to get the rest.
    public static func display(_ text: String, limit: Int) -> String {
        let safe = neutralized(text)
        guard safe.utf8.count > limit, safe.count > limit else { return safe }
        let total = text.count
        return String(safe.prefix(limit)) + " … [cut: \(total) characters in all; the export and tessera query have the whole value]"
    }
}
