import TesseraSDK

/// How UAL mappings read a JSON object: a member by name (exact first, then ignoring ASCII
/// case), as trimmed text, or as a boolean, array, object or name/value list. Both a parsed
/// ``JSONObject`` and the lazily decoded ``AuditObject`` read this way.
protocol UALFields {
    /// The value at `key`, matched exactly first and then ignoring ASCII case.
    func field(_ key: String) -> JSONValue?
    /// The scalar text at `key` (numbers and booleans as their literal), trimmed; nil when absent or empty.
    func text(_ key: String) -> String?
    /// The elements of the array at `key` (nil where an element is not an object); nil when
    /// `key` holds no array, in the cases ``array(_:)`` says.
    func objects(_ key: String) -> [Self?]?
}

extension UALFields {
    func text(_ key: String) -> String? {
        field(key)?.stringValue.flatMap(Self.trimmed)
    }

    /// `s` without surrounding whitespace; nil when empty.
    static func trimmed(_ s: String) -> String? {
        guard let first = s.utf8.first, let last = s.utf8.last else { return nil }
        // Fast path: nothing to trim (the usual case); only then pay for Unicode whitespace rules.
        if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return s }
        let trimmed = s.trimmingCharactersInWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The first non-empty scalar text among `keys`.
    func text(_ keys: String...) -> String? {
        for key in keys { if let s = text(key) { return s } }
        return nil
    }

    /// A boolean that exports write as `true`, `"True"` or `"False"`.
    func bool(_ key: String) -> Bool? {
        switch field(key) {
        case .bool(let b): return b
        case .string(let s):
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// An array, also when Sentinel stored it as a JSON string (`"Folders": "[{...}]"`).
    func array(_ key: String) -> [JSONValue]? {
        switch field(key) {
        case .array(let a): return a
        case .string(let s) where s.first == "[":
            return (try? JSONParser.parse(s))?.arrayValue
        default: return nil
        }
    }

    /// An object, also when stored as a JSON string.
    func object(_ key: String) -> JSONObject? {
        switch field(key) {
        case .object(let o): return o
        case .string(let s) where s.first == "{":
            return (try? JSONParser.parse(s))?.objectValue
        default: return nil
        }
    }

    /// `[{"Name": n, "Value": v}, ...]` (Exchange `Parameters`, Entra `ExtendedProperties`,
    /// `OperationProperties`) as an ordered object of name → value. Repeated names keep the first.
    func nameValueList(_ key: String) -> JSONObject {
        guard let list = objects(key) else { return JSONObject() }
        var result = JSONObject(minimumCapacity: list.count)
        for entry in list {
            guard let pair = entry, let name = pair.text("Name") else { continue }
            if result[name] == nil { result.append(name, pair.field("Value") ?? .null) }
        }
        return result
    }
}
