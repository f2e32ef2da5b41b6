import Foundation

/// Formatting helpers shared by the writers: times, JSON strings, XML attributes, CSV fields.
enum Text {
    /// `2023-04-02T01:48:33Z` (with `fraction` digits of the second when asked).
    static func iso(_ seconds: Int64, zulu: Bool = true, fraction: Int = 0) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        var text = String(
            format: "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        if fraction > 0 { text += "." + String(repeating: "0", count: fraction) }
        return zulu ? text + "Z" : text
    }

    /// A JSON string literal.
    static func json(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Text escaped for a double-quoted XML attribute.
    static func xml(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// An RFC 4180 field, quoted only when it must be.
    static func csv(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A GUID-shaped id derived from a number (deterministic, unique per `n` and `salt`).
    static func guid(_ n: Int, salt: UInt32) -> String {
        String(
            format: "%08x-%04x-4%03x-8%03x-%012llx", salt, UInt32((n >> 48) & 0xffff), UInt32((n >> 36) & 0xfff),
            UInt32((n >> 24) & 0xfff), UInt64(n) & 0xffff_ffff_ffff)
    }
}
