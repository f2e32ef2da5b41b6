import TesseraSDK

/// Where the members of one JSON object text lie, found by a validating scan that builds no
/// values: AuditData's ~40 members are indexed once and only the dozen or so a mapping reads
/// are ever decoded (see ``AuditObject``).
///
/// The scan accepts exactly what the SDK's ``JSONParser`` accepts — the same grammar, whitespace
/// and nesting limit — or less: whenever it gives up (invalid JSON, a top-level value that is
/// not an object, a member name with an escape) the caller parses with ``JSONParser``, which
/// then produces the tree or the error message.
struct JSONMemberIndex {
    /// What kind of value a member holds.
    enum Kind: UInt8 {
        case string, escapedString, number, `true`, `false`, null, object, array
    }

    /// One member: its name's bytes (between the quotes; never escaped) and its value's bytes
    /// (strings with their quotes).
    struct Member {
        var keyStart: Int32
        var keyEnd: Int32
        var valueStart: Int32
        var valueEnd: Int32
        var kind: Kind
        /// The name's ``JSONMemberIndex/sketch(length:first:last:)``, to skip most names with one comparison.
        var sketch: UInt32
    }

    /// The name's length with its first and last byte ASCII-lower-cased: names equal, or equal
    /// ignoring ASCII case, have equal sketches.
    static func sketch(length: Int, first: UInt8, last: UInt8) -> UInt32 {
        func folded(_ byte: UInt8) -> UInt32 { UInt32(byte &- 0x41 < 26 ? byte | 0x20 : byte) }
        return UInt32(truncatingIfNeeded: length) & 0xFFFF | folded(first) << 16 | folded(last) << 24
    }

    let members: [Member]
    /// For objects with more than ``linearLimit`` members (AuditData itself): an open-addressing
    /// table of `member index + 1` (0 = empty) keyed by sketch, so a lookup visits only the
    /// members whose sketch collides. Members with the same sketch lie along one probe run in
    /// member order, so the first match is still found first. Empty for small objects.
    let slots: [UInt8]

    /// Objects with at most this many members are searched member by member.
    static let linearLimit = 8

    /// Where the probe run for `sketch` starts in a table of `mask + 1` slots.
    @inline(__always)
    static func firstSlot(_ sketch: UInt32, mask: Int) -> Int {
        Int(truncatingIfNeeded: (sketch &* 0x9E37_79B1) >> 16) & mask
    }

    private static func slots(for members: [Member]) -> [UInt8] {
        guard members.count > linearLimit, members.count < 255 else { return [] }
        var size = 16
        while size < members.count * 2 { size *= 2 }
        var slots = [UInt8](repeating: 0, count: size)
        let mask = size - 1
        for (i, member) in members.enumerated() {
            var slot = firstSlot(member.sketch, mask: mask)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt8(i + 1)
        }
        return slots
    }

    /// Indexes `bytes` when it is a JSON object whose member names have no escapes, else nil.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.init(bytes, range: 0..<bytes.count)
    }

    /// Indexes the object at `range` of `bytes` (offsets stay relative to `bytes`).
    init?(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        guard bytes.count < Int(Int32.max) else { return nil }
        var scanner = Scanner(bytes: UnsafeBufferPointer(rebasing: bytes[range]))
        guard var members = scanner.topLevelObject() else { return nil }
        if range.lowerBound > 0 {
            let offset = Int32(range.lowerBound)
            for i in members.indices {
                members[i].keyStart += offset
                members[i].keyEnd += offset
                members[i].valueStart += offset
                members[i].valueEnd += offset
            }
        }
        self.members = members
        self.slots = Self.slots(for: members)
    }

    /// Where each element of the array at `range` of `bytes` lies; `range` must hold an array
    /// this index already validated.
    static func elements(ofArrayIn bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [Range<Int>] {
        var scanner = Scanner(bytes: UnsafeBufferPointer(rebasing: bytes[range]))
        var elements: [Range<Int>] = []
        scanner.position = 1
        scanner.skipWhitespace()
        if scanner.current == UInt8(ascii: "]") { return elements }
        while true {
            scanner.skipWhitespace()
            let start = scanner.position
            guard scanner.skipValue(depth: 1) != nil else { return elements }
            elements.append((range.lowerBound + start)..<(range.lowerBound + scanner.position))
            scanner.skipWhitespace()
            guard scanner.current == UInt8(ascii: ",") else { return elements }
            scanner.position += 1
        }
    }

    /// The validating scanner; its structure mirrors ``JSONParser``'s cursor step for step.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func topLevelObject() -> [Member]? {
            skipWhitespace()
            guard current == UInt8(ascii: "{") else { return nil }
            position += 1
            var members: [Member] = []
            members.reserveCapacity(bytes.count > 256 ? 48 : 8)
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                position += 1
            } else {
                while true {
                    guard let (keyStart, keyEnd, keyKind) = memberName(), keyKind == .string else { return nil }
                    let valueStart = position
                    guard let kind = skipValue(depth: 1) else { return nil }
                    let sketch =
                        keyEnd > keyStart
                        ? JSONMemberIndex.sketch(length: keyEnd - keyStart, first: bytes[keyStart], last: bytes[keyEnd - 1]) : 0
                    members.append(
                        Member(
                            keyStart: Int32(keyStart), keyEnd: Int32(keyEnd),
                            valueStart: Int32(valueStart), valueEnd: Int32(position), kind: kind, sketch: sketch))
                    guard let more = separator(closing: UInt8(ascii: "}")) else { return nil }
                    if !more { break }
                }
            }
            skipWhitespace()
            return position == bytes.count ? members : nil
        }

        mutating func skipValue(depth: Int) -> Kind? {
            guard depth < JSONParser.maxDepth, let byte = current else { return nil }
            switch byte {
            case UInt8(ascii: "{"): return skipObject(depth: depth) ? .object : nil
            case UInt8(ascii: "["): return skipArray(depth: depth) ? .array : nil
            case Self.quote: return skipString()
            case UInt8(ascii: "t"): return skipLiteral("true") ? .true : nil
            case UInt8(ascii: "f"): return skipLiteral("false") ? .false : nil
            case UInt8(ascii: "n"): return skipLiteral("null") ? .null : nil
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return skipNumber() ? .number : nil
            default: return nil
            }
        }

        mutating func skipLiteral(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for i in 0..<count where bytes[position + i] != word.utf8Start[i] { return false }
            position += count
            return true
        }

        mutating func skipObject(depth: Int) -> Bool {
            position += 1
            skipWhitespace()
            if current == UInt8(ascii: "}") { position += 1; return true }
            while true {
                guard memberName() != nil, skipValue(depth: depth + 1) != nil,
                    let more = separator(closing: UInt8(ascii: "}"))
                else { return false }
                if !more { return true }
            }
        }

        mutating func skipArray(depth: Int) -> Bool {
            position += 1
            skipWhitespace()
            if current == UInt8(ascii: "]") { position += 1; return true }
            while true {
                skipWhitespace()
                guard skipValue(depth: depth + 1) != nil, let more = separator(closing: UInt8(ascii: "]")) else { return false }
                if !more { return true }
            }
        }

        /// A member's name up to the start of its value (`"name"`, `:` and the whitespace
        /// around them): where the name's bytes lie and whether it holds escapes; nil when the
        /// text does not go on that way.
        mutating func memberName() -> (start: Int, end: Int, kind: Kind)? {
            skipWhitespace()
            guard current == Self.quote else { return nil }
            let start = position + 1
            guard let kind = skipString() else { return nil }
            let end = position - 1
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { return nil }
            position += 1
            skipWhitespace()
            return (start, end, kind)
        }

        /// What follows a member or element: true for `,` (another comes), false for `closing`,
        /// nil for anything else.
        mutating func separator(closing: UInt8) -> Bool? {
            skipWhitespace()
            guard let byte = current else { return nil }
            position += 1
            if byte == UInt8(ascii: ",") { return true }
            return byte == closing ? false : nil
        }

        mutating func skipDigits() -> Int {
            let start = position
            while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
            return position - start
        }

        mutating func skipNumber() -> Bool {
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { return false }
            if current == UInt8(ascii: ".") {
                position += 1
                guard skipDigits() > 0 else { return false }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard skipDigits() > 0 else { return false }
            }
            return true
        }

        /// Skips a string literal (the cursor on its opening quote); `.escapedString` when it
        /// holds an escape. Every `\u` needs four hex digits: the parser reads a surrogate pair's
        /// second half as the same kind of escape, so checking each alone accepts the same texts.
        mutating func skipString() -> Kind? {
            position += 1
            var kind = Kind.string
            while true {
                // Eight bytes at a time, straight to the first quote, backslash or control character.
                if position + 8 <= bytes.count {
                    let word = ByteWords.load(bytes.baseAddress! + position)
                    let special =
                        ByteWords.bytes(word, equalTo: Self.quote) | ByteWords.bytes(word, equalTo: Self.backslash)
                        | ByteWords.controlBytes(word)
                    if special == 0 { position += 8; continue }
                    position += ByteWords.first(special)
                }
                guard position < bytes.count else { return nil }
                let byte = bytes[position]
                position += 1
                if byte == Self.quote { return kind }
                if byte < 0x20 { return nil }
                if byte != Self.backslash { continue }
                kind = .escapedString
                guard let escape = current else { return nil }
                position += 1
                switch escape {
                case Self.quote, Self.backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    continue
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count else { return nil }
                    for _ in 0..<4 {
                        switch bytes[position] {
                        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                            UInt8(ascii: "A")...UInt8(ascii: "F"):
                            position += 1
                        default: return nil
                        }
                    }
                default: return nil
                }
            }
        }
    }
}
