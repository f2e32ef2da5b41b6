import Foundation
import TesseraSDK

/// Formatting helpers shared by the writers: times, JSON strings, XML attributes, CSV fields.
enum Text {
    /// `2023-04-02T01:48:33Z` (with `fraction` digits of the second when asked). Formatted by hand:
    /// `String(format:)` costs microseconds a call, and the evidence files have millions of times.
    static func iso(_ seconds: Int64, zulu: Bool = true, fraction: Int = 0) -> String {
        let c = CivilDateTime(microsecondsSinceEpoch: seconds * 1_000_000)
        var bytes = [UInt8]()
        bytes.reserveCapacity(21 + fraction)
        append(c.year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        append(c.month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        append(c.day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        append(c.hour, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(c.minute, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(c.second, width: 2, to: &bytes)
        if fraction > 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: fraction))
        }
        if zulu { bytes.append(UInt8(ascii: "Z")) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` (≥ 0) in decimal, zero-padded to at least `width` digits: `%0<width>d`.
    static func padded(_ value: Int, _ width: Int) -> String {
        var bytes = [UInt8]()
        append(value, width: width, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` in lower-case hexadecimal, zero-padded to at least `width` digits: `%0<width>llx`.
    static func hex(_ value: UInt64, _ width: Int) -> String {
        let digits = String(value, radix: 16)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }

    private static func append(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = max(value, 0)
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        if digits.count < width { bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count)) }
        bytes.append(contentsOf: digits.reversed())
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
        let special: (UInt8) -> Bool = { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard value.utf8.contains(where: special) else { return value }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(value.utf8.count + 8)
        for byte in value.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A GUID-shaped id derived from a number (deterministic, unique per `n` and `salt`).
    static func guid(_ n: Int, salt: UInt32) -> String {
        let bits = UInt64(bitPattern: Int64(n))
        return hex(UInt64(salt), 8) + "-" + hex((bits >> 48) & 0xffff, 4) + "-4" + hex((bits >> 36) & 0xfff, 3) + "-8"
            + hex((bits >> 24) & 0xfff, 3) + "-" + hex(bits & 0xffff_ffff_ffff, 12)
    }
}
