import CLibXML2

/// A message libxml2 reported, with where (lines relative to what this reader was fed).
struct XMLDiagnostic: Equatable {
    var fatal: Bool
    var line: Int
    var column: Int
    var message: String
}

/// A node of libxml2's streaming text reader, as the record builders see it.
enum XMLNodeKind {
    case element, endElement, text, other
}

/// Owns one `xmlTextReader` pulling bytes from an ``XMLInputFeed`` (or from memory) with safe
/// options: never `XML_PARSE_NOENT` (entities are not substituted), always `XML_PARSE_NONET`,
/// no DTD loading or validation, no `XML_PARSE_HUGE` (libxml2's size and depth limits stay on).
final class LibXMLReader {
    /// The options every reader uses. Entity substitution, DTD loading and XInclude stay off.
    static let safeOptions: Int32 = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOCDATA.rawValue)

    private let reader: OpaquePointer
    private(set) var diagnostics: [XMLDiagnostic] = []
    private var memory: [UInt8]?
    private var strings = XMLStringCache()

    /// A reader over the feed. `forceUTF8` is set when the feed delivers transcoded text, so a
    /// declaration saying `utf-16` is ignored.
    init(feed: XMLInputFeed, forceUTF8: Bool) throws {
        let read: xmlInputReadCallback = { context, buffer, length in
            guard let context, let buffer else { return -1 }
            return Unmanaged<XMLInputFeed>.fromOpaque(context).takeUnretainedValue().libxmlRead(buffer, Int(length))
        }
        let close: xmlInputCloseCallback = { _ in 0 }
        let options = Self.safeOptions | (forceUTF8 ? Int32(bitPattern: XML_PARSE_IGNORE_ENC.rawValue) : 0)
        guard
            let reader = xmlReaderForIO(
                read, close, Unmanaged.passUnretained(feed).toOpaque(), "evidence",
                forceUTF8 ? "UTF-8" : nil, options)
        else {
            throw ExchangeAuditError.parserUnavailable
        }
        self.reader = reader
        installErrorHandler()
    }

    /// A reader over bytes in memory (one record's raw text, re-read after a later fault).
    init(memory bytes: [UInt8]) throws {
        self.memory = bytes
        let created = self.memory!.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) {
                xmlReaderForMemory(
                    $0, Int32(p.count), "record", "UTF-8",
                    Self.safeOptions | Int32(bitPattern: XML_PARSE_IGNORE_ENC.rawValue))
            }
        }
        guard let created else { throw ExchangeAuditError.parserUnavailable }
        self.reader = created
        installErrorHandler()
    }

    deinit { xmlFreeTextReader(reader) }

    private func installErrorHandler() {
        let handler: xmlStructuredErrorFunc = { context, error in
            guard let context, let error else { return }
            let owner = Unmanaged<LibXMLReader>.fromOpaque(context).takeUnretainedValue()
            let e = error.pointee
            var message = e.message.map { String(cString: $0) } ?? "unknown XML error"
            while message.last == "\n" || message.last == " " { message.removeLast() }
            if owner.diagnostics.count < 100 {
                owner.diagnostics.append(
                    XMLDiagnostic(
                        fatal: e.level == XML_ERR_FATAL, line: Int(e.line),
                        column: Int(e.int2), message: message))
            }
        }
        xmlTextReaderSetStructuredErrorHandler(reader, handler, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Advances to the next node. - Returns: 1 for a node, 0 at the end, -1 on a fault.
    func read() -> Int32 { xmlTextReaderRead(reader) }

    var kind: XMLNodeKind {
        switch xmlTextReaderNodeType(reader) {
        case 1: return .element
        case 15: return .endElement
        case 3, 4, 13, 14: return .text
        default: return .other
        }
    }

    var depth: Int { Int(xmlTextReaderDepth(reader)) }
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
    var localName: String {
        guard let name = xmlTextReaderConstLocalName(reader) else { return "" }
        return strings.name(at: name)
    }
    var value: String { xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? "" }

    /// The current element's attributes in document order (namespace declarations left out).
    func attributes() -> [AuditField] {
        var result: [AuditField] = []
        guard xmlTextReaderHasAttributes(reader) == 1 else { return result }
        result.reserveCapacity(Int(max(0, xmlTextReaderAttributeCount(reader))))
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
            let name = localName
            let value = self.value
            result.append(AuditField(name: name, value: value))
        }
        xmlTextReaderMoveToElement(reader)
        return result
    }

    /// The first fatal diagnostic, else the first diagnostic.
    var firstFault: XMLDiagnostic? { diagnostics.first(where: \.fatal) ?? diagnostics.first }
}
