import TesseraSDK

extension JSONObject {
    /// The value at `key`, matched exactly first and then ignoring ASCII case, without
    /// allocating (the SDK's case-insensitive lookup lower-cases every key on a miss, and UAL
    /// mappings probe many keys that are absent).
    func field(_ key: String) -> JSONValue? {
        let length = key.utf8.count
        for member in members where member.key.utf8.count == length && member.key == key { return member.value }
        for member in members where member.key.utf8.count == length && Self.equalIgnoringASCIICase(member.key, key) {
            return member.value
        }
        return nil
    }

    /// The scalar text at `key` (numbers and booleans as their literal), trimmed; nil when absent or empty.
    func text(_ key: String) -> String? {
        guard let s = field(key)?.stringValue, let first = s.utf8.first, let last = s.utf8.last else { return nil }
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
        var result = JSONObject()
        guard let list = array(key) else { return result }
        for entry in list {
            guard let pair = entry.objectValue, let name = pair.text("Name") else { continue }
            if result[name] == nil { result[name] = pair.field("Value") ?? .null }
        }
        return result
    }

    static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator(), right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case let (x?, y?):
                if x == y { continue }
                let lx = (x >= 0x41 && x <= 0x5A) ? x | 0x20 : x
                let ly = (y >= 0x41 && y <= 0x5A) ? y | 0x20 : y
                if lx != ly { return false }
            default: return false
            }
        }
    }
}
