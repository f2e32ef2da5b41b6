/// What could be read of one damaged SearchResult.xml record, and what could not.
struct SalvagedRecord {
    var record: AuditRecord
    /// One line per thing that could not be read or was read leniently, each naming its line.
    var notes: [String]
    /// Bytes of the raw text the record takes, through its end tag; what follows is not part of it.
    var length: Int
}

/// Reads the trustworthy part of one record element that libxml2 refused (see
/// docs/formats/exchange-audit-xml.md, "Damaged records"). It runs only on the fault path, over
/// the raw text the reader cut out, and feeds the same ``SearchResultRecordBuilder`` that the
/// libxml2 path uses, so a recovered record has exactly the fields and lists a well-formed one
/// would have had.
///
/// What is trusted:
/// - the record's start tag only when it reads cleanly as `name="value"` pairs (a name without a
///   value is dropped and noted). An unbalanced quote, a repeated name or stray text in the record's
///   own start tag make every value doubtful: the record is not salvaged (nil) and stays a reject;
/// - a child element's attributes when its tag reads cleanly. A child whose name is missing
///   (`<ItemId="..." Subject="..."/>`, as in Microsoft's documented example) inside a list is read
///   as an entry of that list: its attributes are unambiguous. A child tag that does not read
///   cleanly is dropped and noted; reading goes on at the next `<` (which no attribute value may hold);
/// - text with the five predefined entities and numeric character references only.
///
/// A stretch that does not start with the record's start tag, or that is not valid UTF-8, is not
/// salvaged. What follows the record's end tag is not read here (``SalvagedRecord/length``).
enum DamagedRecordSalvager {
    /// libxml2's default nesting limit; a record nested deeper is refused, not salvaged.
    static let maxDepth = 256

    static func salvage(_ raw: [UInt8], firstLine: Int) -> SalvagedRecord? {
        guard String(validating: raw, as: UTF8.self) != nil else { return nil }
        var scan = TagScanner(bytes: raw, line: firstLine)
        scan.skipSpace()
        guard scan.at(0x3C), scan.peek(1).map(TagScanner.isNameStart) == true else { return nil }
        guard case .tag(let tag) = scan.readStartTag(), let recordName = tag.name else { return nil }
        var notes = tag.notes
        let builder = SearchResultRecordBuilder(name: recordName, attributes: tag.attributes)
        if !tag.selfClosing {
            guard readContent(&scan, builder: builder, recordName: recordName, notes: &notes) else { return nil }
        }
        return SalvagedRecord(record: builder.finish(), notes: notes, length: scan.i)
    }

    /// Reads the record's content up to its end tag (or the end of the text: a truncated record).
    /// - Returns: false when the content cannot be read as one record.
    private static func readContent(
        _ scan: inout TagScanner, builder: SearchResultRecordBuilder, recordName: String,
        notes: inout [String]
    ) -> Bool {
        var open: [String] = [recordName] // open[k] sits at depth k relative to the record
        while !scan.atEnd {
            guard scan.at(0x3C) else {
                let line = scan.line
                guard let text = scan.readText() else {
                    notes.append("line \(line): text with an unknown entity reference was dropped")
                    continue
                }
                builder.text(text)
                continue
            }
            let tagLine = scan.line
            if scan.peek(1) == 0x2F { // </name>
                guard let name = scan.readEndTag() else {
                    notes.append("line \(tagLine): the file ends inside an end tag (truncated export?)")
                    break
                }
                guard let depth = open.lastIndex(of: name) else {
                    notes.append("line \(tagLine): end tag </\(name)> closes no open element; ignored")
                    continue
                }
                while open.count - 1 > depth {
                    notes.append("line \(tagLine): element <\(open[open.count - 1])> was not closed")
                    builder.endElement(relativeDepth: open.count - 1)
                    open.removeLast()
                }
                if depth == 0 { return true }
                builder.endElement(relativeDepth: depth)
                open.removeLast()
                continue
            }
            if scan.skipMarkup() { continue } // comments, processing instructions
            if let cdata = scan.readCDATA() { builder.text(cdata); continue }
            guard scan.peek(1).map(TagScanner.isNameStart) == true else {
                notes.append("line \(tagLine): a stray '<' and the text after it up to the next tag were dropped")
                scan.skipToNextTag(from: scan.i + 1)
                continue
            }
            let start = scan.i
            switch scan.readStartTag() {
            case .unreadable(let reason):
                notes.append("line \(tagLine): an element's tag could not be read (\(reason)); it was dropped")
                scan.skipToNextTag(from: start + 1)
            case .tag(let tag):
                notes += tag.notes
                let depth = open.count
                // libxml2's own nesting limit (no XML_PARSE_HUGE) holds here too: no salvage beyond it.
                guard depth < maxDepth else { return false }
                if let name = tag.name {
                    builder.element(name: name, relativeDepth: depth, attributes: tag.attributes, isEmpty: tag.selfClosing)
                    if !tag.selfClosing { open.append(name) }
                } else if depth == 2 && tag.selfClosing {
                    // An entry of a list (<SourceItems>) with its name lost: the attributes are the entry.
                    notes.append(
                        "line \(tagLine): an element without a name inside <\(open[1])>; its attributes ("
                            + tag.attributes.map(\.name).joined(separator: ", ") + ") were read as one entry of that list")
                    builder.element(name: "", relativeDepth: depth, attributes: tag.attributes, isEmpty: true)
                } else {
                    notes.append("line \(tagLine): an element without a name, where its name decides what it means; it was dropped")
                    if !tag.selfClosing { open.append("") }
                }
            }
        }
        // The text ended inside the record: a truncated export. What was read is kept.
        notes.append("the file ends inside this record (truncated export?): entries after the last complete one may be missing")
        while open.count > 1 {
            builder.endElement(relativeDepth: open.count - 1)
            open.removeLast()
        }
        return true
    }
}

/// A start tag as the salvager read it.
struct LenientTag {
    /// Nil when the tag has no name (`<ItemId="..."`: the first token is an attribute).
    var name: String?
    var attributes: [AuditField]
    var selfClosing: Bool
    var notes: [String]
}

/// A byte cursor over one record's raw text that reads tags, attributes and text leniently
/// but never guesses: anything ambiguous is reported, not interpreted.
struct TagScanner {
    enum StartTag {
        case tag(LenientTag)
        case unreadable(String)
    }

    let bytes: [UInt8]
    var i = 0
    var line: Int

    init(bytes: [UInt8], line: Int) {
        self.bytes = bytes
        self.line = line
    }

    var atEnd: Bool { i >= bytes.count }
    func at(_ byte: UInt8) -> Bool { i < bytes.count && bytes[i] == byte }
    func peek(_ ahead: Int) -> UInt8? { i + ahead < bytes.count ? bytes[i + ahead] : nil }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    static func isNameStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x3A || c >= 0x80
    }
    static func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E }

    private mutating func advance() {
        if bytes[i] == 0x0A { line += 1 }
        i += 1
    }

    mutating func skipSpace() { while i < bytes.count && Self.isSpace(bytes[i]) { advance() } }

    /// Moves to the next `<` at or after `offset` (or the end).
    mutating func skipToNextTag(from offset: Int) {
        while i < offset && i < bytes.count { advance() }
        while i < bytes.count && bytes[i] != 0x3C { advance() }
    }

    private mutating func readName() -> String {
        let start = i
        while i < bytes.count && Self.isNameChar(bytes[i]) { i += 1 }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    /// The local part of a qualified name (`a:Event` → `Event`), as the libxml2 path uses.
    private static func localName(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }

    /// Reads `<name attr="value" ...>` or `/>` from the `<` at the cursor.
    mutating func readStartTag() -> StartTag {
        advance() // <
        let first = readName()
        var name: String? = Self.localName(first)
        var attributes: [AuditField] = []
        var notes: [String] = []
        var pendingName: String?
        if at(0x3D) { name = nil; pendingName = first } // `<ItemId="...`: the name is missing
        while true {
            if pendingName == nil {
                let hadSpace = i < bytes.count && Self.isSpace(bytes[i])
                skipSpace()
                guard i < bytes.count else { return .unreadable("the file ends inside the tag") }
                if bytes[i] == 0x3E { advance(); return .tag(LenientTag(name: name, attributes: attributes, selfClosing: false, notes: notes)) }
                if bytes[i] == 0x2F {
                    guard peek(1) == 0x3E else { return .unreadable("a '/' not followed by '>'") }
                    advance(); advance()
                    return .tag(LenientTag(name: name, attributes: attributes, selfClosing: true, notes: notes))
                }
                guard Self.isNameStart(bytes[i]) else { return .unreadable("unexpected '\(Self.show(bytes[i]))' where an attribute name belongs") }
                guard hadSpace else { return .unreadable("no space before an attribute name") }
                pendingName = readName()
            }
            let attributeName = pendingName!
            pendingName = nil
            let nameLine = line
            skipSpace()
            guard at(0x3D) else {
                notes.append("line \(nameLine): attribute \(attributeName) has no value; it was dropped")
                continue
            }
            advance()
            skipSpace()
            guard i < bytes.count, bytes[i] == 0x22 || bytes[i] == 0x27 else { return .unreadable("the value of \(attributeName) is not quoted") }
            let quote = bytes[i]
            advance()
            let valueStart = i
            while i < bytes.count && bytes[i] != quote {
                if bytes[i] == 0x3C { return .unreadable("the value of \(attributeName) holds '<' (an unbalanced quote?)") }
                advance()
            }
            guard i < bytes.count else { return .unreadable("the file ends inside the value of \(attributeName)") }
            let rawValue = bytes[valueStart..<i]
            advance() // closing quote
            if i < bytes.count, !(Self.isSpace(bytes[i]) || bytes[i] == 0x2F || bytes[i] == 0x3E) {
                return .unreadable("text right after the value of \(attributeName) (an unbalanced quote?)")
            }
            guard !attributes.contains(where: { $0.name == attributeName }) else {
                return .unreadable("attribute \(attributeName) is given twice")
            }
            guard let value = Self.decode(rawValue, normalizingWhitespace: true) else {
                notes.append("line \(nameLine): the value of \(attributeName) holds an unknown entity reference; it was dropped")
                continue
            }
            attributes.append(AuditField(name: attributeName, value: value))
        }
    }

    /// Reads `</name>`; nil when the text ends first.
    mutating func readEndTag() -> String? {
        advance(); advance() // </
        let name = readName()
        skipSpace()
        guard at(0x3E) else {
            while i < bytes.count && bytes[i] != 0x3E && bytes[i] != 0x3C { advance() }
            if at(0x3E) { advance(); return Self.localName(name) }
            return i < bytes.count ? Self.localName(name) : nil
        }
        advance()
        return Self.localName(name)
    }

    /// Skips a comment or processing instruction at the cursor; false when there is none.
    mutating func skipMarkup() -> Bool {
        let terminator: [UInt8]
        if starts(with: "<!--") { terminator = Array("-->".utf8) } else if starts(with: "<?") { terminator = Array("?>".utf8) } else { return false }
        while i < bytes.count && !starts(with: terminator) { advance() }
        for _ in terminator where i < bytes.count { advance() }
        return true
    }

    /// Reads a CDATA section's text at the cursor; nil when there is none.
    mutating func readCDATA() -> String? {
        guard starts(with: "<![CDATA[") else { return nil }
        for _ in 0..<9 { advance() }
        let start = i
        while i < bytes.count && !starts(with: Array("]]>".utf8)) { advance() }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        for _ in 0..<3 where i < bytes.count { advance() }
        return text
    }

    /// Reads text up to the next `<`; nil when it holds an entity reference that cannot be decoded.
    mutating func readText() -> String? {
        let start = i
        while i < bytes.count && bytes[i] != 0x3C { advance() }
        return Self.decode(bytes[start..<i], normalizingWhitespace: false)
    }

    private func starts(with text: String) -> Bool { starts(with: Array(text.utf8)) }
    private func starts(with prefix: [UInt8]) -> Bool {
        i + prefix.count <= bytes.count && bytes[i..<(i + prefix.count)].elementsEqual(prefix)
    }

    private static func show(_ c: UInt8) -> String { c >= 0x20 && c < 0x7F ? String(UnicodeScalar(c)) : "byte \(c)" }

    /// Decodes the predefined entities and numeric character references (no DTD is ever read, so
    /// no other entity exists); attribute values get XML's whitespace normalization, as libxml2
    /// applies it. Nil for an unknown or malformed reference.
    static func decode(_ raw: ArraySlice<UInt8>, normalizingWhitespace: Bool) -> String? {
        guard raw.contains(0x26) || raw.contains(0x0D) || (normalizingWhitespace && raw.contains(where: { $0 == 0x09 || $0 == 0x0A })) else {
            return String(decoding: raw, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var k = raw.startIndex
        while k < raw.endIndex {
            let c = raw[k]
            if c == 0x26 {
                guard let semicolon = raw[k...].firstIndex(of: 0x3B), semicolon - k <= 12 else { return nil }
                let name = String(decoding: raw[(k + 1)..<semicolon], as: UTF8.self)
                let scalar: UnicodeScalar?
                switch name {
                case "lt": scalar = "<"
                case "gt": scalar = ">"
                case "amp": scalar = "&"
                case "quot": scalar = "\""
                case "apos": scalar = "'"
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X") {
                        scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(UnicodeScalar.init)
                    } else if name.hasPrefix("#") {
                        scalar = UInt32(name.dropFirst(), radix: 10).flatMap(UnicodeScalar.init)
                    } else {
                        scalar = nil
                    }
                }
                guard let scalar else { return nil }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                k = semicolon + 1
                continue
            }
            if normalizingWhitespace && (c == 0x09 || c == 0x0A || c == 0x0D) {
                // A CR LF pair is one line end (one space), as XML's end-of-line handling makes it.
                if !(c == 0x0D && k + 1 < raw.endIndex && raw[k + 1] == 0x0A) { out.append(0x20) }
            } else if c == 0x0D {
                if !(k + 1 < raw.endIndex && raw[k + 1] == 0x0A) { out.append(0x0A) }
            } else {
                out.append(c)
            }
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
