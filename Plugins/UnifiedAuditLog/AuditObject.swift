import TesseraSDK

/// A record's AuditData as the mappings read it. AuditData parsed from text is kept as its bytes
/// plus a ``JSONMemberIndex`` and a member's value is decoded only when a mapping asks for it,
/// exactly as ``JSONParser`` would have decoded it; AuditData built another way (Sentinel rows,
/// Graph records, member names with escapes) is an ordinary ``JSONObject``.
struct AuditObject: UALFields, Sendable {
    private enum Storage {
        case tree(JSONObject)
        case indexed(bytes: [UInt8], index: JSONMemberIndex)
    }

    private let storage: Storage

    init(_ object: JSONObject) { storage = .tree(object) }

    private init(bytes: [UInt8], index: JSONMemberIndex) { storage = .indexed(bytes: bytes, index: index) }

    /// Parses AuditData from `bytes`; the error's reason names `what` failed and where, in the
    /// words ``RecordProcessor/parseObject(_:what:)`` uses.
    static func parse(_ bytes: [UInt8], what: String) throws(UALRecordError) -> AuditObject {
        if let index = bytes.withUnsafeBufferPointer(JSONMemberIndex.init) {
            return AuditObject(bytes: bytes, index: index)
        }
        return AuditObject(try RecordProcessor.parseObject(bytes, what: what))
    }

    func field(_ key: String) -> JSONValue? {
        switch storage {
        case .tree(let object): return object.field(key)
        case .indexed(let bytes, let index):
            return bytes.withUnsafeBufferPointer { buffer -> JSONValue? in
                switch Self.find(key, in: buffer, index) {
                case .found(let member): return Self.value(of: member, in: buffer)
                case .absent: return nil
                case .notASCII: return Self.tree(bytes).field(key)
                }
            }
        }
    }

    func text(_ key: String) -> String? {
        switch storage {
        case .tree(let object): return object.text(key)
        case .indexed(let bytes, let index):
            return bytes.withUnsafeBufferPointer { buffer -> String? in
                let member: JSONMemberIndex.Member
                switch Self.find(key, in: buffer, index) {
                case .found(let found): member = found
                case .absent: return nil
                case .notASCII: return Self.tree(bytes).text(key)
                }
                switch member.kind {
                case .string, .number:
                    let text =
                        member.kind == .string
                        ? Self.slice(buffer, member.valueStart + 1, member.valueEnd - 1) : Self.slice(buffer, member.valueStart, member.valueEnd)
                    guard let first = text.first, let last = text.last else { return nil }
                    let string = String(decoding: text, as: UTF8.self)
                    // Printable ASCII at both ends survives decoding unchanged, so nothing to trim.
                    if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return string }
                    return Self.trimmed(string)
                case .true: return "true"
                case .false: return "false"
                case .escapedString: return Self.value(of: member, in: buffer).stringValue.flatMap(Self.trimmed)
                case .null, .object, .array: return nil
                }
            }
        }
    }

    /// Elements that are objects are indexed in place, like AuditData itself.
    func objects(_ key: String) -> [AuditObject?]? {
        if case .indexed(let bytes, let index) = storage {
            let indexed = bytes.withUnsafeBufferPointer { buffer -> [AuditObject?]? in
                guard case .found(let member) = Self.find(key, in: buffer, index), member.kind == .array else { return nil }
                let elements = JSONMemberIndex.elements(ofArrayIn: buffer, range: Int(member.valueStart)..<Int(member.valueEnd))
                return elements.map { element -> AuditObject? in
                    guard buffer[element.lowerBound] == UInt8(ascii: "{") else { return nil }
                    if let nested = JSONMemberIndex(buffer, range: element) { return AuditObject(bytes: bytes, index: nested) }
                    return (try? JSONParser.parse(Array(UnsafeBufferPointer(rebasing: buffer[element]))))?.objectValue.map(AuditObject.init)
                }
            }
            if let indexed { return indexed }
        }
        return array(key)?.map { $0.objectValue.map(AuditObject.init) }
    }

    private static func slice(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int32, _ end: Int32) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: buffer[Int(start)..<Int(end)])
    }

    /// What a lookup in the index found.
    private enum Lookup {
        case found(JSONMemberIndex.Member)
        case absent
        /// The name asked for is not ASCII; only the parsed tree answers that exactly.
        case notASCII
    }

    /// The whole object as ``JSONParser`` builds it (only for lookups the index does not serve).
    private static func tree(_ bytes: [UInt8]) -> JSONObject {
        (try? JSONParser.parse(bytes))?.objectValue ?? JSONObject()
    }

    /// The member ``JSONObject/field(_:)`` would return for `key`: the first whose name is
    /// `key`, else the first whose name matches ignoring ASCII case. For an ASCII `key`,
    /// comparing member names as raw bytes is the same test as comparing the parser's strings
    /// (a name with other bytes, even invalid UTF-8, matches neither way).
    private static func find(_ key: String, in buffer: UnsafeBufferPointer<UInt8>, _ index: JSONMemberIndex) -> Lookup {
        var key = key
        return key.withUTF8 { wanted -> Lookup in
            for byte in wanted where byte >= 0x80 { return .notASCII }
            var caseless: JSONMemberIndex.Member?
            /// Whether `member` is named `key` exactly; remembers the first caseless match.
            func matchesExactly(_ member: JSONMemberIndex.Member) -> Bool {
                guard Int(member.keyEnd - member.keyStart) == wanted.count else { return false }
                if Self.sameBytes(buffer.baseAddress! + Int(member.keyStart), wanted.baseAddress, wanted.count) { return true }
                var exact = true
                var offset = Int(member.keyStart)
                for byte in wanted {
                    let have = buffer[offset]
                    offset += 1
                    if have == byte { continue }
                    exact = false
                    if caseless != nil || have | 0x20 != byte | 0x20 || !(0x61...0x7A).contains(byte | 0x20) { return false }
                }
                if !exact && caseless == nil { caseless = member }
                return exact
            }
            let sketch = wanted.isEmpty ? 0 : JSONMemberIndex.sketch(length: wanted.count, first: wanted[0], last: wanted[wanted.count - 1])
            let members = index.members, slots = index.slots
            if slots.isEmpty {
                for member in members where member.sketch == sketch && matchesExactly(member) { return .found(member) }
            } else {
                let mask = slots.count - 1
                var slot = JSONMemberIndex.firstSlot(sketch, mask: mask)
                while slots[slot] != 0 {
                    let member = members[Int(slots[slot]) - 1]
                    if member.sketch == sketch && matchesExactly(member) { return .found(member) }
                    slot = (slot + 1) & mask
                }
            }
            return caseless.map(Lookup.found) ?? .absent
        }
    }

    /// Whether `count` bytes at `a` and `b` are equal, compared a word at a time.
    private static func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        guard let b else { return count == 0 }
        var k = 0
        while k + 8 <= count {
            if ByteWords.load(a + k) != ByteWords.load(b + k) { return false }
            k += 8
        }
        while k < count {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }

    /// The value as ``JSONParser`` builds it.
    private static func value(of member: JSONMemberIndex.Member, in buffer: UnsafeBufferPointer<UInt8>) -> JSONValue {
        let bytes = slice(buffer, member.valueStart, member.valueEnd)
        switch member.kind {
        case .string: return .string(String(decoding: slice(buffer, member.valueStart + 1, member.valueEnd - 1), as: UTF8.self))
        case .number: return .number(String(decoding: bytes, as: UTF8.self))
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .null: return .null
        case .escapedString, .object, .array:
            // The index validated the whole text, so this parse of one member's value succeeds.
            return (try? JSONParser.parse(Array(bytes))) ?? .null
        }
    }
}
