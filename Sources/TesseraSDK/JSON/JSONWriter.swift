/// Writes ``JSONValue``s as compact JSON text, keys in their stored order.
public enum JSONWriter {
    public static func string(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        write(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func string(_ object: JSONObject) -> String {
        string(.object(object))
    }

    /// Appends `value` as JSON to `out`.
    public static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case .number(let n): out.append(contentsOf: Array(n.utf8))
        case .string(let s): writeString(s, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (i, v) in values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(v, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The member prefixes of objects with the keys `names` in order, encoded once for writers
    /// that stream many objects: `{"first":`, then `,"second":` and so on.
    public static func memberPrefixes(_ names: [String]) -> [[UInt8]] {
        names.enumerated().map { i, name in
            var prefix: [UInt8] = [i == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            writeString(name, to: &prefix)
            prefix.append(UInt8(ascii: ":"))
            return prefix
        }
    }

    /// Appends `s` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func writeString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { writeString(utf8: UnsafeRawBufferPointer($0), to: &out) }
    }

    /// Appends the UTF-8 text `utf8` as a JSON string literal: quote, backslash and control characters
    /// (U+0000–U+001F, U+007F) escaped, everything else copied as is. The bytes must be valid
    /// UTF-8 (a caller holding untrusted bytes repairs them first). This is the one home of
    /// JSON string escaping: ingest's details, exports and `tessera query --format json` use it.
    public static func writeString(utf8 bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Copy runs that need no escaping in one go; most evidence strings are one run. Eight
        // bytes are tested at once while none of them needs an escape.
        var runStart = 0
        var i = 0
        while i < bytes.count {
            if i + 8 <= bytes.count, !needsEscape(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i += 8
                continue
            }
            let byte = bytes[i]
            i += 1
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F else { continue }
            if i - 1 > runStart { out.append(raw: UnsafeRawBufferPointer(rebasing: bytes[runStart..<i - 1])) }
            appendEscape(byte, to: &out)
            runStart = i
        }
        if bytes.count > runStart {
            out.append(raw: UnsafeRawBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes of `word` is a control character, `"`, `\\` or DEL (the
    /// classic SWAR tests: a byte below n, a byte equal to n; exact for "any byte").
    @inline(__always) private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let below20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below20 || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C)) || hasZero(word ^ (ones &* 0x7F))
    }

    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [
                0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
            ])
        }
    }
}
