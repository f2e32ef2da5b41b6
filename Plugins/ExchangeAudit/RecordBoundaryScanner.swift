#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where one record element lies in the decoded text: byte offsets and lines.
struct RecordBoundary: Equatable {
    /// Offset of the record's `<`.
    var start: Int64
    /// Offset just past the record's closing `>`.
    var end: Int64
    var startLine: Int
    var endLine: Int
}

/// A byte-level tokenizer that runs beside libxml2 over the same bytes and finds where each
/// record element (a child of the root, or a bare `<Event>` root) begins and ends, so the
/// record's raw text can be kept verbatim. It also spots a DTD before libxml2 sees it.
///
/// It only tracks what delimits elements (tags, quoted attribute values, comments, CDATA,
/// processing instructions, declarations); libxml2 decides well-formedness. When libxml2 finds
/// a fault the scanner is reset at the point where reading resumes.
struct RecordBoundaryScanner {
    private enum State: UInt8 {
        case text, lt, startName, inTag, inTagQuote, inTagSlash, endTag
        case bang, bangDash, comment, commentDash, commentDashDash
        case cdataHeader, cdata, cdataBracket, cdataBracketBracket
        case pi, piQuestion, declaration, declarationQuote
    }

    private var state = State.text
    private var quote: UInt8 = 0
    private var declarationBrackets = 0
    private var depth = 0
    /// Depth at which records sit: 1 under `<SearchResults>` / `<Objs>`, 0 for a bare `<Event>` root.
    private(set) var recordDepth: Int?
    private var rootName: [UInt8] = []
    private var tagStart: Int64 = 0
    private var tagLine = 1
    private var recordStart: Int64 = 0
    private var recordStartLine = 1
    private var offset: Int64 = 0
    private(set) var line = 1
    /// Completed records not yet claimed by the reader, in document order.
    private var pending: [RecordBoundary] = []
    private var pendingHead = 0
    /// Where the first record element began, once seen.
    private(set) var firstRecordStart: Int64?
    /// The root element's local name, once seen.
    var rootLocalName: String? {
        guard recordDepth != nil else { return nil }
        let local = rootName.split(separator: UInt8(ascii: ":")).last.map(Array.init) ?? rootName
        return String(decoding: local, as: UTF8.self)
    }
    /// Set when a markup declaration (a DTD) appears before the root element.
    private(set) var declarationBeforeRoot: (offset: Int64, line: Int)?
    /// Whether the scanner is inside a record element right now.
    var insideRecord: Bool { recordDepth.map { depth > $0 } ?? false }
    /// Start of the record element that is open right now, if any.
    var openRecordStart: Int64? { insideRecord ? recordStart : nil }

    /// Starts afresh at `offset` (on `line`), `depth` elements deep, records at `recordDepth`.
    mutating func reset(offset: Int64, line: Int, depth: Int, recordDepth: Int?) {
        self = RecordBoundaryScanner()
        self.offset = offset
        self.line = line
        self.depth = depth
        self.recordDepth = recordDepth
    }

    /// The next completed record without taking it.
    func peekBoundary() -> RecordBoundary? {
        pendingHead < pending.count ? pending[pendingHead] : nil
    }

    /// Line of the record element that is open right now, if any.
    var openRecordStartLine: Int? { insideRecord ? recordStartLine : nil }

    /// The next completed record, in document order.
    mutating func takeBoundary() -> RecordBoundary? {
        guard pendingHead < pending.count else { return nil }
        let boundary = pending[pendingHead]
        pendingHead += 1
        if pendingHead > 1024 && pendingHead * 2 > pending.count {
            pending.removeFirst(pendingHead)
            pendingHead = 0
        }
        return boundary
    }

    /// Consumes the next bytes of the stream.
    mutating func consume(_ raw: UnsafeRawBufferPointer) {
        let bytes = raw.assumingMemoryBound(to: UInt8.self)
        var i = 0
        let count = bytes.count
        while i < count {
            // Most bytes are text between tags, attribute values or attribute names: skip runs of
            // them in tight loops (counting lines) and leave only the delimiters to the switch.
            switch state {
            case .text:
                i = Self.skip(bytes, from: i, to: 0x3C, lines: &line)
            case .inTagQuote:
                i = Self.skip(bytes, from: i, to: quote, lines: &line)
            case .inTag:
                while i < count, !Self.isTagDelimiter(bytes[i]) {
                    if bytes[i] == 0x0A { line += 1 }
                    i += 1
                }
            default:
                break
            }
            if i == count { break }
            let c = bytes[i]
            let here = offset + Int64(i)
            switch state {
            case .text:
                if c == 0x3C { // <
                    state = .lt
                    tagStart = here
                    tagLine = line
                } else if c == 0x0A {
                    line += 1
                }
            case .lt:
                switch c {
                case 0x2F: state = .endTag // </
                case 0x21: state = .bang // <!
                case 0x3F: state = .pi // <?
                default:
                    state = .startName
                    if depth == 0 && recordDepth == nil { rootName = [c] }
                }
            case .startName:
                if isNameEnd(c) {
                    state = .inTag
                    if c == 0x0A { line += 1 }
                    reprocessTagByte(c, at: here)
                } else if depth == 0 && recordDepth == nil && rootName.count < 64 {
                    rootName.append(c)
                }
            case .inTag:
                if c == 0x0A { line += 1 }
                reprocessTagByte(c, at: here)
            case .inTagQuote:
                if c == quote { state = .inTag } else if c == 0x0A { line += 1 }
            case .inTagSlash:
                if c == 0x3E {
                    closeEmptyElement(endingAt: here + 1)
                    state = .text
                } else {
                    state = .inTag
                    if c == 0x0A { line += 1 }
                    reprocessTagByte(c, at: here)
                }
            case .endTag:
                if c == 0x3E {
                    closeElement(endingAt: here + 1)
                    state = .text
                } else if c == 0x0A {
                    line += 1
                }
            case .bang:
                if c == 0x2D {
                    state = .bangDash
                } else if c == 0x5B {
                    state = .cdataHeader
                } else {
                    if depth == 0 && declarationBeforeRoot == nil { declarationBeforeRoot = (tagStart, tagLine) }
                    state = .declaration
                    declarationBrackets = 0
                    if c == 0x0A { line += 1 }
                }
            case .bangDash:
                state = c == 0x2D ? .comment : .declaration
                if c == 0x0A { line += 1 }
            case .comment:
                if c == 0x2D { state = .commentDash } else if c == 0x0A { line += 1 }
            case .commentDash:
                state = c == 0x2D ? .commentDashDash : .comment
                if c == 0x0A { line += 1 }
            case .commentDashDash:
                if c == 0x3E { state = .text } else if c != 0x2D { state = .comment }
                if c == 0x0A { line += 1 }
            case .cdataHeader:
                if c == 0x5B { state = .cdata } else if c == 0x0A { line += 1 }
            case .cdata:
                if c == 0x5D { state = .cdataBracket } else if c == 0x0A { line += 1 }
            case .cdataBracket:
                state = c == 0x5D ? .cdataBracketBracket : .cdata
                if c == 0x0A { line += 1 }
            case .cdataBracketBracket:
                if c == 0x3E { state = .text } else if c != 0x5D { state = .cdata }
                if c == 0x0A { line += 1 }
            case .pi:
                if c == 0x3F { state = .piQuestion } else if c == 0x0A { line += 1 }
            case .piQuestion:
                if c == 0x3E { state = .text } else if c != 0x3F { state = .pi }
                if c == 0x0A { line += 1 }
            case .declaration:
                switch c {
                case 0x22, 0x27: quote = c; state = .declarationQuote
                case 0x5B: declarationBrackets += 1
                case 0x5D: declarationBrackets -= 1
                case 0x3E: if declarationBrackets <= 0 { state = .text }
                case 0x0A: line += 1
                default: break
                }
            case .declarationQuote:
                if c == quote { state = .declaration } else if c == 0x0A { line += 1 }
            }
            i += 1
        }
        offset += Int64(count)
    }

    /// The index of the next `target` byte at or after `start` (or the end), with the newlines
    /// before it added to `lines`: memchr, then a newline count the compiler vectorizes.
    private static func skip(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to target: UInt8, lines: inout Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress else { return start }
        let end: Int
        if let found = memchr(base + start, Int32(target), bytes.count - start) {
            end = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
        } else {
            end = bytes.count
        }
        var newlines = 0
        var k = start
        while k < end {
            newlines &+= base[k] == 0x0A ? 1 : 0
            k += 1
        }
        lines += newlines
        return end
    }

    /// The bytes that change state inside a start tag (``reprocessTagByte(_:at:)``).
    private static func isTagDelimiter(_ c: UInt8) -> Bool {
        c == 0x22 || c == 0x27 || c == 0x2F || c == 0x3E
    }

    private func isNameEnd(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x3E || c == 0x2F
    }

    /// A byte inside a start tag, after its name (newlines already counted).
    private mutating func reprocessTagByte(_ c: UInt8, at here: Int64) {
        switch c {
        case 0x22, 0x27: quote = c; state = .inTagQuote
        case 0x2F: state = .inTagSlash
        case 0x3E: openElement(); state = .text
        default: break
        }
    }

    private mutating func decideRecordDepth() {
        if recordDepth == nil { recordDepth = ExchangeAuditShape.isRecordRootName(rootName) ? 0 : 1 }
    }

    private mutating func openElement() {
        if depth == 0 { decideRecordDepth() }
        if depth == recordDepth {
            if firstRecordStart == nil { firstRecordStart = tagStart }
            recordStart = tagStart
            recordStartLine = tagLine
        }
        depth += 1
    }

    private mutating func closeEmptyElement(endingAt end: Int64) {
        if depth == 0 { decideRecordDepth() }
        if depth == recordDepth {
            if firstRecordStart == nil { firstRecordStart = tagStart }
            pending.append(RecordBoundary(start: tagStart, end: end, startLine: tagLine, endLine: line))
        }
    }

    private mutating func closeElement(endingAt end: Int64) {
        depth = max(0, depth - 1)
        if depth == recordDepth {
            pending.append(RecordBoundary(start: recordStart, end: end, startLine: recordStartLine, endLine: line))
        }
    }
}
