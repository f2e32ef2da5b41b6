import TesseraSDK

extension JSONObject: UALFields {
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

    /// ``JSONObject/set(_:_:)`` for a key the object does not hold yet, without looking it up:
    /// details objects are built from distinct literal keys.
    mutating func add(_ key: String, _ value: String?) {
        if let value, !value.isEmpty { append(key, .string(value)) }
    }

    func objects(_ key: String) -> [JSONObject?]? {
        array(key)?.map(\.objectValue)
    }

    static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator(), right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                if x == y { continue }
                let lx = (x >= 0x41 && x <= 0x5A) ? x | 0x20 : x
                let ly = (y >= 0x41 && y <= 0x5A) ? y | 0x20 : y
                if lx != ly { return false }
            default: return false
            }
        }
    }
}
