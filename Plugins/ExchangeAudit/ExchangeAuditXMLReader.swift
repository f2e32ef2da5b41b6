import TesseraSDK

/// What the reader hands on: each record with its raw text, each broken stretch, each warning.
/// Why a stored record is a recovery: the XML fault and what could not be read.
struct RecordRecovery {
    /// `not well-formed XML at line 18, column 8: libxml2: error parsing attribute name`.
    var fault: String
    /// What was dropped or read leniently, each naming its line.
    var notes: [String]
}

protocol ExchangeAuditReaderDelegate: AnyObject {
    func record(_ record: AuditRecord, index: Int, boundary: RecordBoundary, raw: [UInt8]) throws
    /// A record that was not well-formed but whose trustworthy part could be read.
    func recovered(_ record: AuditRecord, index: Int, boundary: RecordBoundary, raw: [UInt8], recovery: RecordRecovery) throws
    func broken(index: Int, startLine: Int, endLine: Int, raw: [UInt8], reason: String) throws
    func warning(_ message: String)
}

/// Streams an Exchange audit XML file through libxml2's text reader, record by record, and
/// resumes after a well-formedness fault at the next record start (see docs/formats/exchange-audit-xml.md).
final class ExchangeAuditXMLReader {
    private let feed: XMLInputFeed
    private let text: UTF8TextSource
    private weak var delegate: (any ExchangeAuditReaderDelegate)?
    private let typeNames = CLIXMLTypeNames()
    private var shape = ExchangeAuditShape.searchResults
    private var rootIsRecord = false
    private var recordIndex = 0
    private var lastRecordEnd: Int64 = 0
    private var lastRecordEndLine = 1
    /// Warnings handed on so far, and how many more were held back (at most ``maxWarnings`` go out).
    private var warningCount = 0
    private var suppressedWarnings = 0
    static let maxWarnings = 100
    /// Where the current reader began in the file (-1 for the first).
    private var segmentStart: Int64 = -1

    init(input: EvidenceInput, maxRecordBytes: Int, delegate: any ExchangeAuditReaderDelegate) {
        text = UTF8TextSource(input.bytes)
        feed = XMLInputFeed(source: text, maxRetainedBytes: maxRecordBytes)
        self.delegate = delegate
    }

    /// Reads the whole input.
    func run() throws {
        try feed.prime()
        let forceUTF8 = text.encoding != .utf8
        var segment = Segment(prefixLength: 0, firstLine: 1, firstColumn: 1, recordDepth: nil)
        while let resume = try readSegment(segment, forceUTF8: forceUTF8) { segment = resume }
        if suppressedWarnings > 0 {
            delegate?.warning("\(suppressedWarnings) more warnings about this file were not listed; its rejects name every broken element")
        }
    }

    private func warn(_ message: String) {
        if warningCount < Self.maxWarnings {
            warningCount += 1
            delegate?.warning(message)
        } else {
            suppressedWarnings += 1
        }
    }

    /// Where one reader starts: after `prefixLength` synthetic bytes, at a file line and column.
    private struct Segment {
        var prefixLength: Int
        var firstLine: Int
        var firstColumn: Int
        var recordDepth: Int?
    }

    /// Reads with one libxml2 reader until the input ends or a fault.
    /// - Returns: where to resume after a fault, or nil when done.
    private func readSegment(_ segment: Segment, forceUTF8: Bool) throws -> Segment? {
        let reader = try LibXMLReader(feed: feed, forceUTF8: forceUTF8)
        var recordDepth = segment.recordDepth
        var builder: (any RecordBuilder)?
        var status = reader.read()
        while status == 1 {
            switch reader.kind {
            case .element:
                let depth = reader.depth
                if recordDepth == nil {
                    let name = reader.localName
                    rootIsRecord = ExchangeAuditShape.isRecordRootName(Array(name.utf8))
                    shape = ExchangeAuditShape.forRoot(name)
                    recordDepth = rootIsRecord ? 0 : 1
                }
                let isEmpty = reader.isEmptyElement
                if depth == recordDepth {
                    recordIndex += 1
                    let attributes = reader.attributes()
                    builder = makeBuilder(name: reader.localName, attributes: attributes)
                    if isEmpty { try finishRecord(&builder) }
                } else if let b = builder, let recordDepth, depth > recordDepth {
                    b.element(
                        name: reader.localName, relativeDepth: depth - recordDepth,
                        attributes: reader.attributes(), isEmpty: isEmpty)
                }
            case .endElement:
                if let b = builder, let recordDepth {
                    let depth = reader.depth
                    if depth == recordDepth { try finishRecord(&builder) } else { b.endElement(relativeDepth: depth - recordDepth) }
                }
            case .text:
                builder?.text(reader.value)
            case .other:
                break
            }
            status = reader.read()
        }
        for d in reader.diagnostics where !d.fatal {
            let (line, column) = fileLocation(d, segment)
            warn("line \(line), column \(column): libxml2: \(d.message)")
        }
        if let error = feed.readError { throw error }
        if let refused = feed.refusedDeclaration { throw ExchangeAuditError.documentTypeDeclaration(line: refused.line) }
        if let oversized = feed.oversizedFrom {
            throw ExchangeAuditError.recordTooLarge(line: oversized.line, limit: feed.maxRetainedBytes)
        }
        guard status == -1 else { return nil }
        if recordDepth == nil, let scannedDepth = feed.scanner.recordDepth, let root = feed.scanner.rootLocalName {
            // libxml2 failed before handing out the root element; the scanner saw it.
            rootIsRecord = scannedDepth == 0
            shape = ExchangeAuditShape.forRoot(root)
        }
        let inRecord = builder != nil
        return try recover(from: reader.firstFault, in: segment, recordOpen: inRecord)
    }

    private func makeBuilder(name: String, attributes: [AuditField]) -> any RecordBuilder {
        switch shape {
        case .searchResults: return SearchResultRecordBuilder(name: name, attributes: attributes)
        case .clixml: return CLIXMLRecordBuilder(name: name, attributes: attributes, typeNames: typeNames)
        }
    }

    private func finishRecord(_ builder: inout (any RecordBuilder)?) throws {
        guard let b = builder else { return }
        builder = nil
        let record = b.finish()
        guard let boundary = feed.scanner.takeBoundary() else {
            // The scanner and libxml2 disagree about where records are: keep the record, say so.
            try delegate?.broken(
                index: recordIndex, startLine: lastRecordEndLine, endLine: lastRecordEndLine, raw: [],
                reason: "internal: could not locate the raw text of this element; please report this file")
            return
        }
        try delegate?.record(record, index: recordIndex, boundary: boundary, raw: feed.retainedBytes(boundary.start, boundary.end))
        feed.release(upTo: boundary.end, line: boundary.endLine)
        lastRecordEnd = boundary.end
        lastRecordEndLine = boundary.endLine
    }

    /// The file line and column of a diagnostic from a reader that began at `segment`.
    private func fileLocation(_ d: XMLDiagnostic, _ segment: Segment) -> (Int, Int) {
        let line = segment.firstLine + max(d.line, 1) - 1
        let column = d.line <= 1 ? max(1, d.column - segment.prefixLength + segment.firstColumn - 1) : d.column
        return (line, column)
    }

    /// Turns the stretch from the last good record to the next record start into a reject and
    /// says where to resume.
    private func recover(from fault: XMLDiagnostic?, in segment: Segment, recordOpen: Bool) throws -> Segment? {
        let location = fault.map { fileLocation($0, segment) }
        var recordOpen = recordOpen
        let faultOffset = location.flatMap { loc in
            // Columns count characters, offsets bytes: this errs towards the start of the line.
            feed.offset(ofLine: loc.0).map { $0 + Int64(max(0, loc.1 - 1)) }
        }
        try salvageRecordsBefore(faultOffset, recordOpen: &recordOpen)
        let position = location.map { "line \($0.0), column \($0.1)" } ?? "line \(lastRecordEndLine)"
        let message = fault?.message ?? "the XML reader stopped"
        // Skip whitespace after the last good record: the stretch starts at its first byte of markup.
        var stretchStart = lastRecordEnd
        if segmentStart < 0, let first = feed.scanner.firstRecordStart, first > stretchStart {
            stretchStart = first // the prolog and root start tag carry no record data
        }
        let head = feed.retainedBytes(stretchStart, stretchStart + 4096)
        if let first = head.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) {
            stretchStart += Int64(first)
        }
        var searchFrom = stretchStart + 1
        if let location, let lineStart = feed.offset(ofLine: location.0), lineStart > searchFrom { searchFrom = lineStart }
        // A fault right where the stretch begins (content after a closed root, as when lone
        // <Event> fragments follow each other) leaves the stretch itself intact: resume there,
        // but never twice at the same place.
        if let faultOffset, faultOffset <= stretchStart, stretchStart != segmentStart { searchFrom = stretchStart }
        let resumeAt = try feed.seekRecordStart(from: searchFrom, isRecordStart: shape.isRecordStart)
        let stretchEnd = resumeAt ?? (feed.retainedStart + Int64.max / 4)
        var raw = feed.retainedBytes(stretchStart, stretchEnd)
        while let last = raw.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { raw.removeLast() }
        let startLine = feed.line(at: stretchStart)
        let endLine = startLine + raw.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        if Self.holdsContent(raw) {
            if !recordOpen { recordIndex += 1 }
            // A fault at the very end of the input, after the stretch's last byte: the file was cut short.
            let truncated = resumeAt == nil && feed.sourceEnded && (faultOffset ?? 0) >= stretchStart + Int64(raw.count) - 1
            if shape == .searchResults, let salvaged = DamagedRecordSalvager.salvage(raw, firstLine: startLine),
                RecordKind.of(salvaged.record) != .unknown
            {
                try storeRecovered(
                    salvaged, raw: raw, at: stretchStart, startLine: startLine, position: position, message: message,
                    resumes: resumeAt != nil)
                return try resume(at: resumeAt)
            }
            var reason = "not well-formed XML at \(position): libxml2: \(message)"
            if truncated {
                reason = "the file ends inside this element at \(position) (truncated export?): libxml2: \(message)"
            }
            reason += resumeAt == nil ? "; nothing follows it" : "; reading resumed at the next record, line \(feed.line(at: resumeAt!))"
            try delegate?.broken(index: recordIndex, startLine: startLine, endLine: endLine, raw: raw, reason: reason)
            if truncated {
                warn("line \(startLine): the file ends inside a record: the export looks truncated; every complete record before it was read")
            } else {
                let lines = startLine == endLine ? "line \(startLine)" : "lines \(startLine)-\(endLine)"
                warn(
                    "\(position): not well-formed XML (libxml2: \(message)); \(lines) kept as a reject, "
                        + (resumeAt == nil ? "nothing follows" : "reading resumed at the next record"))
            }
        } else if resumeAt == nil && !(segment.prefixLength > 0 && rootIsRecord) {
            warn(
                "\(position): the file ends before its root element is closed (libxml2: \(message)): the export may be truncated; every complete record before it was read"
            )
        }
        return try resume(at: resumeAt)
    }

    /// Hands on a damaged record recovered from its readable parts (with a file-level warning),
    /// and anything after its end tag in the same broken stretch as a reject of its own.
    private func storeRecovered(
        _ salvaged: SalvagedRecord, raw: [UInt8], at start: Int64, startLine: Int,
        position: String, message: String, resumes: Bool
    ) throws {
        let recordRaw = Array(raw[..<salvaged.length])
        let endLine = startLine + recordRaw.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let boundary = RecordBoundary(start: start, end: start + Int64(recordRaw.count), startLine: startLine, endLine: endLine)
        let fault = "not well-formed XML at \(position): libxml2: \(message)"
        try delegate?.recovered(
            salvaged.record, index: recordIndex, boundary: boundary, raw: recordRaw,
            recovery: RecordRecovery(fault: fault, notes: salvaged.notes))
        let lines = startLine == endLine ? "line \(startLine)" : "lines \(startLine)-\(endLine)"
        let next = resumes ? "reading resumed at the next record" : "nothing follows"
        warn(
            "\(position): not well-formed XML (libxml2: \(message)); \(lines) recovered as element \(recordIndex) from what could be read ("
                + (salvaged.notes.isEmpty ? "nothing was dropped" : salvaged.notes.joined(separator: "; ")) + "), its raw text kept; " + next)
        var tail = Array(raw[salvaged.length...])
        guard Self.holdsContent(tail) else { return }
        var tailLine = endLine
        while let first = tail.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D {
            if first == 0x0A { tailLine += 1 }
            tail.removeFirst()
        }
        let tailEnd = tailLine + tail.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        recordIndex += 1
        try delegate?.broken(
            index: recordIndex, startLine: tailLine, endLine: tailEnd, raw: tail,
            reason: "not well-formed XML after the element recovered at \(lines) (\(fault)); " + next)
    }

    /// Restarts reading at the next record start after a fault (nil: nothing follows).
    private func resume(at resumeAt: Int64?) throws -> Segment? {
        guard let resumeAt else { return nil }
        let resumeLine = feed.line(at: resumeAt)
        let lineStart = feed.offset(ofLine: resumeLine) ?? resumeAt
        feed.restart(at: resumeAt, line: resumeLine, prefix: shape.resumePrefix, depth: 1, recordDepth: 1)
        segmentStart = resumeAt
        lastRecordEnd = resumeAt
        lastRecordEndLine = resumeLine
        return Segment(
            prefixLength: shape.resumePrefix.count, firstLine: resumeLine,
            firstColumn: Int(resumeAt - lineStart) + 1, recordDepth: 1)
    }

    /// libxml2's reader parses ahead of what it hands out, so records that were complete and
    /// well-formed before the fault may not have been delivered. Each one the scanner saw end
    /// before the fault is re-read on its own and kept when it is well-formed by itself.
    private func salvageRecordsBefore(_ faultOffset: Int64?, recordOpen: inout Bool) throws {
        guard let faultOffset else { return }
        while let boundary = feed.scanner.peekBoundary(), boundary.start >= lastRecordEnd, boundary.end <= faultOffset {
            let raw = feed.retainedBytes(boundary.start, boundary.end)
            guard let record = try parseStandalone(raw) else { return }
            _ = feed.scanner.takeBoundary()
            if recordOpen { recordOpen = false } else { recordIndex += 1 }
            try delegate?.record(record, index: recordIndex, boundary: boundary, raw: raw)
            feed.release(upTo: boundary.end, line: boundary.endLine)
            lastRecordEnd = boundary.end
            lastRecordEndLine = boundary.endLine
        }
    }

    /// Reads one record's raw text as a document of its own; nil unless it is well-formed.
    private func parseStandalone(_ raw: [UInt8]) throws -> AuditRecord? {
        guard !raw.isEmpty else { return nil }
        let reader = try LibXMLReader(memory: raw)
        var builder: (any RecordBuilder)?
        var record: AuditRecord?
        var status = reader.read()
        while status == 1 {
            switch reader.kind {
            case .element:
                let depth = reader.depth, isEmpty = reader.isEmptyElement
                if depth == 0 {
                    builder = makeBuilder(name: reader.localName, attributes: reader.attributes())
                    if isEmpty { record = builder?.finish() }
                } else {
                    builder?.element(name: reader.localName, relativeDepth: depth, attributes: reader.attributes(), isEmpty: isEmpty)
                }
            case .endElement:
                let depth = reader.depth
                if depth == 0 { record = builder?.finish() } else { builder?.endElement(relativeDepth: depth) }
            case .text:
                builder?.text(reader.value)
            case .other:
                break
            }
            status = reader.read()
        }
        return status == 0 && reader.diagnostics.allSatisfy({ !$0.fatal }) ? record : nil
    }

    /// Whether a stretch holds anything but whitespace and end tags (which carry no data).
    static func holdsContent(_ raw: [UInt8]) -> Bool {
        var i = 0
        while i < raw.count {
            let c = raw[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
            if c == 0x3C, i + 1 < raw.count, raw[i + 1] == 0x2F {
                guard let close = raw[i...].firstIndex(of: 0x3E) else { return false }
                i = close + 1
                continue
            }
            return true
        }
        return false
    }
}
