import Foundation
import TesseraSDK

/// Reads a Python literal as printed by `repr()` — `{'user': 'a@b.c', 'ok': True, 'n': None}` —
/// into JSON, as some exporters write nested records this way. Supports dicts, lists, tuples,
/// strings (single, double, `u`/`b` prefixes, backslash escapes), numbers, True/False/None.
/// Nesting is bounded; anything else is an error (nil), never a crash.
enum PythonLiteral {
    static let maxDepth = 64

    static func parse(_ text: String) -> JSONValue? {
        var parser = Parser(chars: Array(text.unicodeScalars))
        parser.skipSpace()
        guard let value = parser.value(depth: 0) else { return nil }
        parser.skipSpace()
        return parser.i == parser.chars.count ? value : nil
    }

    private struct Parser {
        let chars: [Unicode.Scalar]
        var i = 0

        mutating func skipSpace() {
            while i < chars.count, chars[i].properties.isWhitespace { i += 1 }
        }

        func peek() -> Unicode.Scalar? { i < chars.count ? chars[i] : nil }

        mutating func value(depth: Int) -> JSONValue? {
            guard depth < PythonLiteral.maxDepth, let c = peek() else { return nil }
            switch c {
            case "{": return dict(depth: depth)
            case "[": return list(close: "]", depth: depth)
            case "(": return list(close: ")", depth: depth)
            case "'", "\"": return string().map(JSONValue.string)
            case "u", "b", "r", "U", "B", "R":
                if i + 1 < chars.count, chars[i + 1] == "'" || chars[i + 1] == "\"" {
                    let raw = c == "r" || c == "R"
                    i += 1
                    return string(raw: raw).map(JSONValue.string)
                }
                return word()
            default:
                if c == "-" || c == "+" || c == "." || ("0"..."9").contains(c) { return number() }
                return word()
            }
        }

        mutating func word() -> JSONValue? {
            let start = i
            while i < chars.count, chars[i].properties.isAlphabetic { i += 1 }
            switch String(String.UnicodeScalarView(chars[start..<i])) {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .null
            default: return nil
            }
        }

        mutating func number() -> JSONValue? {
            let start = i
            while i < chars.count, "+-.eE0123456789_xXabcdefABCDEF".unicodeScalars.contains(chars[i]) { i += 1 }
            let text = String(String.UnicodeScalarView(chars[start..<i])).replacingOccurrences(of: "_", with: "")
            if let n = Int64(text) { return .number(String(n)) }
            if let d = Double(text), d.isFinite { return .number(text) }
            return nil
        }

        mutating func string(raw: Bool = false) -> String? {
            guard let quote = peek() else { return nil }
            i += 1
            var out = String.UnicodeScalarView()
            while i < chars.count {
                let c = chars[i]
                i += 1
                if c == quote { return String(out) }
                if c == "\\" && !raw {
                    guard i < chars.count else { return nil }
                    let e = chars[i]
                    i += 1
                    switch e {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    case "0": out.append("\0")
                    case "x": guard let s = hexScalar(2) else { return nil }; out.append(s)
                    case "u": guard let s = hexScalar(4) else { return nil }; out.append(s)
                    case "U": guard let s = hexScalar(8) else { return nil }; out.append(s)
                    default: out.append(e)
                    }
                } else {
                    out.append(c)
                }
            }
            return nil
        }

        mutating func hexScalar(_ count: Int) -> Unicode.Scalar? {
            guard i + count <= chars.count else { return nil }
            let text = String(String.UnicodeScalarView(chars[i..<(i + count)]))
            i += count
            guard let v = UInt32(text, radix: 16) else { return nil }
            return Unicode.Scalar(v) ?? "\u{FFFD}"
        }

        mutating func list(close: Unicode.Scalar, depth: Int) -> JSONValue? {
            i += 1
            var items: [JSONValue] = []
            while true {
                skipSpace()
                guard let c = peek() else { return nil }
                if c == close { i += 1; return .array(items) }
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
                skipSpace()
                if peek() == "," { i += 1 } else if peek() != close { return nil }
            }
        }

        mutating func dict(depth: Int) -> JSONValue? {
            i += 1
            var pairs: [(String, JSONValue)] = []
            while true {
                skipSpace()
                guard let c = peek() else { return nil }
                if c == "}" { i += 1; return .object(JSONObject(pairs)) }
                guard let key = value(depth: depth + 1) else { return nil }
                skipSpace()
                guard peek() == ":" else { return nil }
                i += 1
                skipSpace()
                guard let item = value(depth: depth + 1) else { return nil }
                pairs.append((key.stringValue ?? JSONWriter.string(key), item))
                skipSpace()
                if peek() == "," { i += 1 } else if peek() != "}" { return nil }
            }
        }
    }
}
