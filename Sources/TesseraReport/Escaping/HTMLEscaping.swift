import TesseraSDK

/// Escaping for each HTML context a report writes evidence into. Callers pass text through
/// ``EvidenceText`` first; these functions only make it inert in its context. Both work on the
/// text's UTF-8 bytes: every character they escape is ASCII, or U+2028/U+2029.
public enum HTMLEscaping {
    /// Text content of an element (also SVG `<text>` and `<title>`): `& < > " '` escaped.
    public static func text(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        for byte in s.utf8 {
            switch byte {
            case 0x26: out.append(ascii: "&amp;")
            case 0x3C: out.append(ascii: "&lt;")
            case 0x3E: out.append(ascii: "&gt;")
            case 0x22: out.append(ascii: "&quot;")
            case 0x27: out.append(ascii: "&#39;")
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A double-quoted attribute value. The same escapes as ``text(_:)``: with `"` and `'`
    /// escaped a value cannot end its attribute, whichever quote the markup uses.
    public static func attribute(_ s: String) -> String { text(s) }

    /// A JSON string literal safe inside `<script type="application/json">`: besides JSON's own
    /// escapes, `<`, `>`, `&`, U+2028 and U+2029 are written as `\uXXXX`, so the data can
    /// neither close the script element nor start a comment or entity.
    public static func jsonString(_ s: String, into out: inout String) {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(s.utf8.count + 8)
        let utf8 = Array(s.utf8)
        var i = 0
        while i < utf8.count {
            let byte = utf8[i]
            switch byte {
            case 0x22: bytes.append(ascii: "\\\"")
            case 0x5C: bytes.append(ascii: "\\\\")
            case 0x0A: bytes.append(ascii: "\\n")
            case 0x0D: bytes.append(ascii: "\\r")
            case 0x09: bytes.append(ascii: "\\t")
            case 0x3C: bytes.append(ascii: "\\u003c")
            case 0x3E: bytes.append(ascii: "\\u003e")
            case 0x26: bytes.append(ascii: "\\u0026")
            case 0xE2 where i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                bytes.append(ascii: utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                i += 2
            case 0..<0x20, 0x7F:
                let hex: StaticString = "0123456789abcdef"
                bytes.append(ascii: "\\u00")
                bytes.append(hex.utf8Start[Int(byte >> 4)])
                bytes.append(hex.utf8Start[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
            i += 1
        }
        bytes.append(UInt8(ascii: "\""))
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// ``jsonString(_:into:)`` as a value.
    public static func jsonString(_ s: String) -> String {
        var out = ""
        jsonString(s, into: &out)
        return out
    }
}
