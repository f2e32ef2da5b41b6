import TesseraSDK

/// One Azure log record (or an object inside it), read the way every Azure export spells its
/// fields: camelCase (diagnostic settings, Graph), PascalCase (Log Analytics / Sentinel tables),
/// snake_case (the Python SDK's `as_dict()`, as plaso stores Activity Log records). A field name
/// matches ignoring ASCII case and underscores, so `eventTimestamp` finds `event_timestamp` and
/// `EventTimestamp`.
///
/// Log Analytics `dynamic` columns arrive as JSON text (CSV exports, `AuditLogs.InitiatedBy`);
/// ``object(_:)`` and ``array(_:)`` parse such text, and the REST shape's `{"value", "localizedValue"}`
/// pairs read as their `value`.
struct AzureFields {
    let object: JSONObject
    /// Each member's key hashed as ``matches(_:_:)`` compares it, once per object: a lookup then
    /// compares integers and checks bytes only on a hash hit (a mapping looks up dozens of names,
    /// several spellings each, per record).
    private let keyHashes: [UInt64]

    init(_ object: JSONObject) {
        self.object = object
        keyHashes = object.members.map { Self.foldedHash($0.key) }
    }

    /// The first member matching any of `names` (each given lower case without underscores).
    func value(_ names: String...) -> JSONValue? { value(names) }

    func value(_ names: [String]) -> JSONValue? {
        for name in names {
            let hash = Self.foldedHash(name)
            for (index, keyHash) in keyHashes.enumerated() where keyHash == hash {
                let member = object.members[index]
                if Self.matches(member.key, name) { return member.value }
            }
        }
        return nil
    }

    /// A scalar as text (a `{"value": ...}` pair as its value); nil when absent, null or empty.
    func text(_ names: String...) -> String? {
        guard let found = value(names) else { return nil }
        return Self.text(of: found)
    }

    static func text(of value: JSONValue) -> String? {
        switch value {
        case .object(let pair):
            return pair["value"].flatMap { text(of: $0) }
        default:
            guard let s = value.stringValue?.trimmingCharactersInWhitespace(), !s.isEmpty else { return nil }
            return s
        }
    }

    /// A nested object, also from JSON text holding one.
    func object(_ names: String...) -> AzureFields? {
        guard let found = value(names) else { return nil }
        switch found {
        case .object(let o): return AzureFields(o)
        case .string(let s): return (try? JSONParser.parse(s))?.objectValue.map(AzureFields.init)
        default: return nil
        }
    }

    /// A nested array, also from JSON text holding one.
    func array(_ names: String...) -> [JSONValue]? {
        guard let found = value(names) else { return nil }
        switch found {
        case .array(let a): return a
        case .string(let s): return (try? JSONParser.parse(s))?.arrayValue
        default: return nil
        }
    }

    /// Follows a path of nested objects (`["identity", "claims"]`).
    func path(_ names: String...) -> AzureFields? {
        var current: AzureFields? = self
        for name in names { current = current?.object(name) }
        return current
    }

    /// A claim of a token's claims object, by its short name (`upn`, `appid`, `ipaddr`) or by the
    /// URI ending in that name (`http://schemas.microsoft.com/identity/claims/objectidentifier`).
    func claim(_ short: String) -> String? {
        if let direct = text(short) { return direct }
        for member in object.members where Self.endsInSegment(member.key, short) {
            if let s = Self.text(of: member.value) { return s }
        }
        return nil
    }

    /// A claim given only by its URI (`http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name`,
    /// whose short `name` is the display name), by the URI's ending.
    func uriClaim(_ ending: String) -> String? {
        for member in object.members where member.key.hasPrefix("http") && Self.endsInSegment(member.key, ending) {
            if let s = Self.text(of: member.value) { return s }
        }
        return nil
    }

    /// Whether `key` ends in `/` + `segment` (given lower case), ignoring ASCII case.
    static func endsInSegment(_ key: String, _ segment: String) -> Bool {
        let key = key.utf8, segment = segment.utf8
        guard key.count > segment.count else { return false }
        let tail = key.suffix(segment.count + 1)
        guard tail.first == UInt8(ascii: "/") else { return false }
        return zip(tail.dropFirst(), segment).allSatisfy { byte, wanted in folded(byte) == wanted }
    }

    /// Whether `key` equals `wanted` (lower case, no underscores) ignoring ASCII case and `_`.
    static func matches(_ key: String, _ wanted: String) -> Bool {
        withBytes(of: key) { key in
            withBytes(of: wanted) { wanted in
                var i = 0
                for byte in key where byte != UInt8(ascii: "_") {
                    guard i < wanted.count, folded(byte) == wanted[i] else { return false }
                    i += 1
                }
                return i == wanted.count
            }
        }
    }

    /// FNV-1a over `key`'s bytes folded as ``matches(_:_:)`` compares them (ASCII lower case, `_`
    /// left out): keys that match hash alike.
    static func foldedHash(_ key: String) -> UInt64 {
        withBytes(of: key) { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes where byte != UInt8(ascii: "_") {
                hash = (hash ^ UInt64(folded(byte))) &* 0x0000_0100_0000_01b3
            }
            return hash
        }
    }

    /// `text`'s UTF-8 as a buffer (a String's `utf8` walked byte by byte costs dozens of
    /// instructions a byte; these run for every lookup of every record).
    private static func withBytes<R>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    private static func folded(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
