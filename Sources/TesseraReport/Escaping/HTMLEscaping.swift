/// Escaping for each HTML context a report writes evidence into. Callers pass text through
/// ``EvidenceText`` first; these functions only make it inert in its context.
public enum HTMLEscaping {
    /// Text content of an element (also SVG `<text>` and `<title>`): `& < > " '` escaped.
    public static func text(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A double-quoted attribute value. The same escapes as ``text(_:)``: with `"` and `'`
    /// escaped a value cannot end its attribute, whichever quote the markup uses.
    public static func attribute(_ s: String) -> String { text(s) }

    /// A JSON string literal safe inside `<script type="application/json">`: besides JSON's own
    /// escapes, `<`, `>`, `&`, U+2028 and U+2029 are written as `\uXXXX`, so the data can
    /// neither close the script element nor start a comment or entity.
    public static func jsonString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// ``jsonString(_:into:)`` as a value.
    public static func jsonString(_ s: String) -> String {
        var out = ""
        jsonString(s, into: &out)
        return out
    }
}
