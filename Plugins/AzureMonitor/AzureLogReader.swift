import TesseraSDK

/// Frames the records of one file (array elements, wrapped arrays, JSON Lines, one document,
/// CSV rows), maps each, and sends it to the sink in file order.
final class AzureLogReader {
    /// A single JSON document that is not an array of records is read whole; beyond this it is refused.
    static let maxDocumentBytes = 256 << 20
    /// The members of a top-level object that hold the records: diagnostic settings and Graph pages.
    static let wrapperKeys: Set<String> = ["records", "value", "Records", "Value"]

    let mapper: AzureRecordMapper
    let sink: any EventSink
    let displayPath: String
    private var signInsWithoutUPN = 0

    init(mapper: AzureRecordMapper, sink: any EventSink, displayPath: String) {
        self.mapper = mapper
        self.sink = sink
        self.displayPath = displayPath
    }

    /// File-level warnings gathered while reading.
    func finish() {
        if signInsWithoutUPN > 0 {
            sink.warn(
                "\(displayPath): \(signInsWithoutUPN) sign-in(s) have no userPrincipalName; their actor is the Entra object id (`userId`). Name that id in the alias file to attribute them to a person"
            )
        }
    }

    /// One framed record, parsed and mapped on a worker (``OrderedBatchMapper``).
    enum Frame: Sendable {
        case json(bytes: [UInt8], locator: String)
        case row(fields: [String], raw: [UInt8], locator: String)
        case rejected(Reject)
    }

    /// What one frame yields (an Event Hub line holding `{"records": [...]}` yields several).
    enum Outcome: Sendable {
        case record(SourceRecord, AzureRecordMapper.Note?)
        case reject(Reject)
    }

    /// Frames records with `next` on this thread, maps them on workers, emits them in file order.
    func pump(header: [String] = [], kind: AzureLogKind? = nil, _ next: () throws -> Frame?) throws {
        let mapper = self.mapper
        let batches = OrderedBatchMapper<Frame, [Outcome]> { frame in Self.outcomes(frame, mapper: mapper, header: header, kind: kind) }
        try batches.run(next: next) { outcomes in
            for outcome in outcomes {
                switch outcome {
                case .record(let record, let note):
                    if note == .signInWithoutUPN { signInsWithoutUPN += 1 }
                    try sink.accept(record)
                case .reject(let reject):
                    try sink.reject(reject)
                }
            }
        }
    }

    static func outcomes(_ frame: Frame, mapper: AzureRecordMapper, header: [String], kind: AzureLogKind?) -> [Outcome] {
        switch frame {
        case .rejected(let reject):
            return [.reject(reject)]
        case .row(let fields, let raw, let locator):
            return [outcome(AzureCSV.object(header: header, fields: fields), raw: raw, locator: locator, mapper: mapper, fallback: kind, csv: true)]
        case .json(let bytes, let locator):
            return jsonOutcomes(bytes, locator: locator, mapper: mapper)
        }
    }

    static func outcome(
        _ object: JSONObject, raw: [UInt8], locator: String, mapper: AzureRecordMapper,
        fallback: AzureLogKind? = nil, csv: Bool = false
    ) -> Outcome {
        do {
            let (record, note) = try mapper.map(object, raw: raw, locator: locator, fallback: fallback, rawIsNotJSON: csv)
            return .record(record, note)
        } catch {
            return .reject(Reject(locator: locator, reason: error.reason, raw: raw))
        }
    }

    /// Parses `bytes` as one record object and maps it; a record that is not JSON or not an
    /// object is rejected. An Event Hub line holding `{"records": [...]}` yields each of its records.
    static func jsonOutcomes(_ bytes: [UInt8], locator: String, mapper: AzureRecordMapper) -> [Outcome] {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            return [.reject(Reject(locator: locator, reason: error.description, raw: bytes))]
        }
        guard let object = value.objectValue else {
            return [.reject(Reject(locator: locator, reason: "not a JSON object", raw: bytes))]
        }
        guard let records = object["records"]?.arrayValue else {
            return [outcome(object, raw: bytes, locator: locator, mapper: mapper)]
        }
        return records.enumerated().map { index, element in
            let elementLocator = "\(locator), record \(index + 1)"
            let raw = Array(JSONWriter.string(element).utf8)
            guard let inner = element.objectValue else {
                return .reject(Reject(locator: elementLocator, reason: "not a JSON object", raw: raw))
            }
            return outcome(inner, raw: raw, locator: elementLocator, mapper: mapper)
        }
    }

    // MARK: JSON

    func readJSON(_ source: any ByteSource, head: [UInt8]) throws {
        let first = head.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D })
        if first == UInt8(ascii: "[") || (first == UInt8(ascii: "{") && Self.isWrapped(head)) {
            try readArray(source)
        } else if Self.isJSONLines(head) {
            try readLines(source)
        } else {
            try readDocument(source)
        }
    }

    /// Whether the head opens an object whose records member (`records`, `value`) holds an array.
    static func isWrapped(_ head: [UInt8]) -> Bool {
        if isJSONLines(head) { return false }
        let probe = JSONArrayElementReader(MemoryByteSource(head), wrapperKeys: wrapperKeys)
        return (try? probe.next()) != nil || probe.wrapperKey != nil
    }

    /// Whether the first line is a whole JSON value and more text follows it.
    static func isJSONLines(_ head: [UInt8]) -> Bool {
        guard let newline = head.firstIndex(of: 0x0A) else { return false }
        guard (try? JSONParser.parse(Array(head[..<newline]))) != nil else { return false }
        return head[(newline + 1)...].contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    }

    private func readArray(_ source: any ByteSource) throws {
        let reader = JSONArrayElementReader(source, wrapperKeys: Self.wrapperKeys)
        try pump {
            guard let element = try reader.next() else { return nil }
            let locator = reader.wrapperKey.map { "\($0) \(element.locator)" } ?? element.locator
            if let error = element.error { return .rejected(Reject(locator: locator, reason: error, raw: element.bytes)) }
            return .json(bytes: element.bytes, locator: locator)
        }
        if reader.endedWithoutClosingBracket {
            sink.warn("\(displayPath): the JSON array is not closed with ']'; the file is probably truncated")
        }
    }

    private func readLines(_ source: any ByteSource) throws {
        let lines = LineReader(source)
        try pump {
            while let line = try lines.next() {
                if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let locator = "line \(line.number)"
                if let length = line.overlongLength {
                    return .rejected(
                        Reject(
                            locator: locator, reason: "line is \(length) bytes, over the \(lines.maxLineBytes)-byte limit; only its start is kept",
                            raw: line.bytes))
                }
                return .json(bytes: line.bytes, locator: locator)
            }
            return nil
        }
    }

    private func readDocument(_ source: any ByteSource) throws {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > Self.maxDocumentBytes {
                throw EvidenceError(
                    locator: "byte \(Self.maxDocumentBytes)",
                    reason:
                        "one JSON document larger than \(Self.maxDocumentBytes >> 20) MiB that is not an array of records; export it as JSON Lines or as {\"records\": [...]}"
                )
            }
        }
        while let last = bytes.last, last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 { bytes.removeLast() }
        try pump { () -> Frame? in
            defer { bytes = [] }
            return bytes.isEmpty ? nil : .json(bytes: bytes, locator: "document")
        }
    }

    // MARK: CSV

    /// - Parameter kind: the log the header showed (rows that do not say are read as that log).
    func readCSV(_ source: any ByteSource, kind: AzureLogKind?) throws {
        let reader = CSVReader(source)
        guard let headerRow = try reader.next() else { return }
        let header = AzureCSV.header(headerRow.fields)
        if !header.contains(where: { AzureCSV.timeColumns.contains($0.lowercased()) }) {
            sink.warn(
                "\(displayPath): the CSV has no time column (TimeGenerated, ActivityDateTime, CreatedDateTime); its rows cannot be placed on the timeline and are rejected. Export the query with its TimeGenerated column"
            )
        }
        try pump(header: header, kind: kind) {
            guard let row = try reader.next() else { return nil }
            if let error = row.error { return .rejected(Reject(locator: row.locator, reason: error, raw: row.raw)) }
            guard row.fieldCount == header.count else {
                return .rejected(
                    Reject(
                        locator: row.locator,
                        reason: "row has \(row.fieldCount) fields but the header has \(header.count) columns; a column is missing or a value is unquoted",
                        raw: row.raw))
            }
            return .row(fields: row.fields, raw: row.raw, locator: row.locator)
        }
    }
}
