import TesseraSDK

/// A compiled path into a JSON record: `a.b[0].c`, `parameters[name=doc_title].value`,
/// `['TimeGenerated [UTC]']` for keys holding dots, spaces or brackets.
struct ValuePath: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        /// An object member (exact key first, then ignoring ASCII case).
        case key(String)
        /// An array element; negative counts from the end.
        case index(Int)
        /// The first array element that is an object whose `key` member equals `value`.
        case select(key: String, value: String)
    }

    var segments: [Segment]

    /// Parses the path text; `reason` on failure says what is wrong.
    static func parse(_ text: String) -> Result<ValuePath, PathSyntaxError> {
        var segments: [Segment] = []
        let chars = Array(text)
        var i = 0
        var current = ""
        func flush() {
            if !current.isEmpty { segments.append(.key(current)); current = "" }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "." {
                flush()
                i += 1
            } else if c == "[" {
                flush()
                guard let close = Self.closingBracket(chars, from: i) else {
                    return .failure(PathSyntaxError(reason: "unclosed `[` in path `\(text)`"))
                }
                let inner = String(chars[(i + 1)..<close])
                i = close + 1
                if let quote = inner.first, quote == "'" || quote == "\"", inner.count >= 2, inner.last == quote {
                    segments.append(.key(String(inner.dropFirst().dropLast())))
                } else if let n = Int(inner.trimmingCharactersInWhitespace()) {
                    segments.append(.index(n))
                } else if let eq = inner.firstIndex(of: "=") {
                    let key = String(inner[..<eq]).trimmingCharactersInWhitespace()
                    var value = String(inner[inner.index(after: eq)...]).trimmingCharactersInWhitespace()
                    if let q = value.first, q == "'" || q == "\"", value.count >= 2, value.last == q {
                        value = String(value.dropFirst().dropLast())
                    }
                    guard !key.isEmpty else { return .failure(PathSyntaxError(reason: "empty key in selector `[\(inner)]`")) }
                    segments.append(.select(key: key, value: value))
                } else {
                    return .failure(PathSyntaxError(reason: "`[\(inner)]` is neither an index, a quoted key nor a key=value selector"))
                }
            } else {
                current.append(c)
                i += 1
            }
        }
        flush()
        return .success(ValuePath(segments: segments))
    }

    private static func closingBracket(_ chars: [Character], from start: Int) -> Int? {
        var quote: Character? = nil
        var i = start + 1
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "]" {
                return i
            }
            i += 1
        }
        return nil
    }

    /// The value at this path below `value`, or nil when any step is missing.
    func resolve(in value: JSONValue) -> JSONValue? {
        var current = value
        for segment in segments {
            switch segment {
            case .key(let key):
                guard case .object(let object) = current, let next = object.value(forCaseInsensitiveKey: key) else { return nil }
                current = next
            case .index(let n):
                guard case .array(let array) = current else { return nil }
                let index = n < 0 ? array.count + n : n
                guard index >= 0, index < array.count else { return nil }
                current = array[index]
            case .select(let key, let wanted):
                guard case .array(let array) = current else { return nil }
                guard let match = array.first(where: { $0.objectValue?.value(forCaseInsensitiveKey: key)?.stringValue == wanted })
                else { return nil }
                current = match
            }
        }
        return current
    }
}

struct PathSyntaxError: Error {
    var reason: String
}
