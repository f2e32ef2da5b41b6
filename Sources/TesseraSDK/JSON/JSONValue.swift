/// A JSON value that keeps what forensic work needs: object key order and numbers as their
/// original text (no float rounding of 64-bit ids).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's literal text, e.g. `"15"` or `"1.5e3"`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string value, or the literal text of a number or boolean; nil for null, arrays, objects.
    public var stringValue: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number as an integer, also from a string holding one.
    public var intValue: Int64? {
        switch self {
        case .number(let n), .string(let n):
            if let i = Int64(n) { return i }
            if let d = Double(n), d.rounded() == d, abs(d) < 9.0e18 { return Int64(d) }
            return nil
        default: return nil
        }
    }

    public var isNull: Bool { self == .null }
}

/// A JSON object as an ordered list of members (evidence order is kept when written back).
public struct JSONObject: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
    }

    public private(set) var members: [Member]

    public init() { members = [] }

    /// An empty object with room for `minimumCapacity` members, for building one member by member.
    public init(minimumCapacity: Int) {
        members = []
        members.reserveCapacity(minimumCapacity)
    }

    public init(_ pairs: [(String, JSONValue)]) {
        members = pairs.map { Member(key: $0.0, value: $0.1) }
    }

    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    /// The value of the first member named `key`; setting replaces it or appends a member.
    public subscript(key: String) -> JSONValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Looks a key up ignoring ASCII case (exports disagree on `ClientIP` vs `ClientIp`).
    public func value(forCaseInsensitiveKey key: String) -> JSONValue? {
        if let exact = self[key] { return exact }
        let lowered = key.lowercased()
        return members.first(where: { $0.key.lowercased() == lowered })?.value
    }

    /// The string at `key`, or nil when absent, null, or not scalar. Empty strings are nil.
    public func string(_ key: String) -> String? {
        guard let s = value(forCaseInsensitiveKey: key)?.stringValue, !s.isEmpty else { return nil }
        return s
    }

    /// Appends `other`'s members after this object's without looking any key up: a key both
    /// hold is then kept twice, as ``JSONParser`` keeps a repeated key.
    public mutating func append(contentsOf other: JSONObject) {
        members.append(contentsOf: other.members)
    }

    /// Appends a member without looking `key` up, for building an object whose keys are known
    /// to be new (a key already present would be kept twice, as ``JSONParser`` keeps a repeat).
    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
    }

    /// Sets `key` to a string when it is non-nil and non-empty.
    public mutating func set(_ key: String, _ value: String?) {
        if let value, !value.isEmpty { self[key] = .string(value) }
    }
}
