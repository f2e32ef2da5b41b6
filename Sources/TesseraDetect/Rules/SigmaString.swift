/// A Sigma string value: literal text with `*` (any run) and `?` (one character) wildcards.
/// A backslash escapes `*`, `?` and itself; before any other character it is a plain backslash
/// (Sigma specification, "Escaping").
struct SigmaString: Equatable, Sendable {
    enum Part: Equatable, Sendable {
        case text(String)
        case anyRun
        case anyOne
    }

    var parts: [Part]

    init(parts: [Part]) { self.parts = Self.merged(parts) }

    /// Parses a rule's string, honouring wildcards and escapes.
    init(sigma text: String) {
        var parts: [Part] = []
        var literal = ""
        var iterator = Array(text.unicodeScalars)[...]
        while let scalar = iterator.popFirst() {
            switch scalar {
            case "\\":
                if let next = iterator.first, next == "*" || next == "?" || next == "\\" {
                    literal.unicodeScalars.append(next)
                    iterator.removeFirst()
                } else {
                    literal.unicodeScalars.append(scalar)
                }
            case "*", "?":
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                parts.append(scalar == "*" ? .anyRun : .anyOne)
            default:
                literal.unicodeScalars.append(scalar)
            }
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.init(parts: parts)
    }

    /// A string with no wildcards (regular expressions, base64 output, field values).
    init(literal: String) { self.init(parts: literal.isEmpty ? [] : [.text(literal)]) }

    private static func merged(_ parts: [Part]) -> [Part] {
        var result: [Part] = []
        for part in parts {
            if case .text(let b) = part, case .text(let a)? = result.last {
                result[result.count - 1] = .text(a + b)
            } else if part == .anyRun, result.last == .anyRun {
                continue
            } else if case .text(let t) = part, t.isEmpty {
                continue
            } else {
                result.append(part)
            }
        }
        return result
    }

    var hasWildcards: Bool { parts.contains { $0 == .anyRun || $0 == .anyOne } }

    /// The literal text when there are no wildcards.
    var plainText: String? {
        if parts.isEmpty { return "" }
        guard !hasWildcards else { return nil }
        return parts.map { if case .text(let t) = $0 { t } else { "" } }.joined()
    }

    func prefixed(_ part: Part) -> SigmaString { SigmaString(parts: [part] + parts) }
    func suffixed(_ part: Part) -> SigmaString { SigmaString(parts: parts + [part]) }

    /// Applies `transform` to every literal piece (windash, ...), keeping wildcards.
    func mapText(_ transform: (String) -> String) -> SigmaString {
        SigmaString(parts: parts.map { if case .text(let t) = $0 { .text(transform(t)) } else { $0 } })
    }

    /// A SQL LIKE pattern with `\` as the escape character.
    var likePattern: String {
        var out = ""
        for part in parts {
            switch part {
            case .anyRun: out += "%"
            case .anyOne: out += "_"
            case .text(let t):
                for c in t.unicodeScalars {
                    if c == "%" || c == "_" || c == "\\" { out += "\\" }
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

    /// A SQL GLOB pattern (case-sensitive): `*`, `?` and `[` are put in brackets.
    var globPattern: String {
        var out = ""
        for part in parts {
            switch part {
            case .anyRun: out += "*"
            case .anyOne: out += "?"
            case .text(let t):
                for c in t.unicodeScalars {
                    switch c {
                    case "*": out += "[*]"
                    case "?": out += "[?]"
                    case "[": out += "[[]"
                    default: out.unicodeScalars.append(c)
                    }
                }
            }
        }
        return out
    }

    var isASCII: Bool { parts.allSatisfy { if case .text(let t) = $0 { t.utf8.allSatisfy { $0 < 0x80 } } else { true } } }
}
