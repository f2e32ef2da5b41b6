import Foundation
import TesseraSDK

/// Reads an evidence file record by record according to a mapping's `input:` section and sends
/// every record to the sink, mapped or rejected. Memory stays bounded by the largest record.
struct MappingReader {
    let mapping: CompiledMapping
    let context: IngestContext

    private var mapper: RecordMapper { RecordMapper(mapping: mapping, sourceZone: context.sourceTimeZone) }

    func read(_ input: EvidenceInput, sink: any EventSink) throws {
        switch mapping.input.kind {
        case .csv: try readCSV(input.text(), sink: sink)
        case .delimited: try readDelimited(input.text(), sink: sink)
        case .jsonLines: try readJSONLines(input.text(), sink: sink)
        case .jsonArray: try readJSONArray(input.text(), mode: .array, sink: sink)
        case .jsonRecords: try readJSONArray(input.text(), mode: .records(key: mapping.input.recordsKeys[0]), sink: sink)
        case .json:
            let text = input.text()
            let head = try text.readPrefix(1 << 20)
            let rest = PrefixedByteSource(prefix: head, rest: text)
            switch JSONLayoutSniffer.layout(of: head, recordsKeys: mapping.input.recordsKeys) {
            case .array?: try readJSONArray(rest, mode: .array, sink: sink)
            case .records(let key)?: try readJSONArray(rest, mode: .records(key: key), sink: sink)
            case .lines?: try readJSONLines(rest, sink: sink)
            case nil:
                if head.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return }
                throw EvidenceError(
                    locator: "line 1",
                    reason: "not JSON: the file starts with neither '[' nor '{'; choose a mapping for this format with --plugin, or check the file")
            }
        }
    }

    private func emit(_ outcome: RecordMapper.Outcome, to sink: any EventSink) throws {
        switch outcome {
        case .record(let record): try sink.accept(record)
        case .reject(let reject): try sink.reject(reject)
        }
    }

    private func emptyScope() -> Scope {
        Scope(
            json: nil, row: nil, columnOfSlot: [], nullValues: mapping.input.nullValues, element: nil, variables: [],
            cache: EvaluationCache())
    }

    private func isComment(_ bytes: [UInt8]) -> Bool {
        guard let comment = mapping.input.comment else { return false }
        return bytes.starts(with: comment.utf8)
    }

    // MARK: CSV

    /// Column index of every slot, matching exact names first, then trimmed and case-insensitive.
    static func bind(slots: [String], to header: [String]) -> (indexes: [Int], missing: [String]) {
        let normalized = header.map { $0.trimmingCharactersInWhitespace().lowercased() }
        var indexes: [Int] = []
        var missing: [String] = []
        for slot in slots {
            if let i = header.firstIndex(of: slot) ?? normalized.firstIndex(of: slot.trimmingCharactersInWhitespace().lowercased()) {
                indexes.append(i)
            } else {
                indexes.append(-1)
                missing.append(slot)
            }
        }
        return (indexes, missing)
    }

    private func readCSV(_ text: any ByteSource, sink: any EventSink) throws {
        let spec = mapping.input
        let skipped = spec.skipLines
        let reader = CSVReader(
            skipped > 0 ? LineSkippingSource(text, lines: skipped) : text,
            delimiter: spec.delimiter, quote: spec.quote, maxRecordBytes: spec.maxRecordBytes)
        func locator(_ r: CSVRecord) -> String {
            r.firstLine == r.lastLine ? "line \(r.firstLine + skipped)" : "lines \(r.firstLine + skipped)-\(r.lastLine + skipped)"
        }
        var columns: [String]
        if spec.header {
            var headerRecord: CSVRecord? = nil
            while let r = try reader.next() {
                if isComment(r.raw) { continue }
                headerRecord = r
                break
            }
            guard let header = headerRecord else { return }
            if let error = header.error { throw EvidenceError(locator: locator(header), reason: "the header row cannot be read: \(error)") }
            columns = header.fields
            if let first = columns.first, first.hasPrefix("\u{FEFF}") { columns[0] = String(first.dropFirst()) }
        } else {
            columns = spec.columns ?? []
        }
        let (indexes, missing) = Self.bind(slots: mapping.slots, to: spec.columns ?? columns)
        if !missing.isEmpty {
            sink.warn("mapping \(mapping.name): columns not in this file's header: \(missing.joined(separator: ", ")); their fields stay empty")
        }
        let expected = columns.count
        var scope = emptyScope()
        scope.columnOfSlot = indexes
        let mapper = self.mapper
        while let r = try reader.next() {
            if isComment(r.raw) { continue }
            if let error = r.error {
                try sink.reject(Reject(locator: locator(r), reason: error, raw: r.raw))
                continue
            }
            guard r.fieldCount == expected else {
                try sink.reject(
                    Reject(locator: locator(r), reason: "has \(r.fieldCount) fields but the header has \(expected); columns would be misattributed", raw: r.raw)
                )
                continue
            }
            scope.row = r.fields
            try emit(mapper.map(scope, raw: r.raw, locator: locator(r)), to: sink)
        }
    }

    // MARK: delimited lines

    private func readDelimited(_ text: any ByteSource, sink: any EventSink) throws {
        let spec = mapping.input
        let splitter = DelimitedSplitter(delimiter: spec.delimiter, quotes: spec.quotes, brackets: spec.brackets)
        let lines = LineReader(text, maxLineBytes: spec.maxRecordBytes)
        var scope = emptyScope()
        scope.columnOfSlot = Array(0..<mapping.slots.count) // slots were bound to positions at compile time
        let mapper = self.mapper
        while let line = try lines.next() {
            if line.number <= spec.skipLines || line.bytes.isEmpty || isComment(line.bytes) { continue }
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let locator = "line \(line.number)"
            if let length = line.overlongLength {
                try sink.reject(Reject(locator: locator, reason: "line of \(length) bytes is longer than the limit of \(spec.maxRecordBytes)", raw: line.bytes))
                continue
            }
            switch splitter.split(line.bytes) {
            case .failure(let error):
                try sink.reject(Reject(locator: locator, reason: error.reason, raw: line.bytes))
            case .success(let fields):
                guard fields.count >= spec.minFields else {
                    try sink.reject(Reject(locator: locator, reason: "has \(fields.count) fields; this format has at least \(spec.minFields)", raw: line.bytes))
                    continue
                }
                scope.row = fields
                try emit(mapper.map(scope, raw: line.bytes, locator: locator), to: sink)
            }
        }
    }

    // MARK: JSON

    private func readJSONLines(_ text: any ByteSource, sink: any EventSink) throws {
        let spec = mapping.input
        let lines = LineReader(text, maxLineBytes: spec.maxRecordBytes)
        var scope = emptyScope()
        let mapper = self.mapper
        while let line = try lines.next() {
            if line.number <= spec.skipLines || isComment(line.bytes) { continue }
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let locator = "line \(line.number)"
            if let length = line.overlongLength {
                try sink.reject(Reject(locator: locator, reason: "line of \(length) bytes is longer than the limit of \(spec.maxRecordBytes)", raw: line.bytes))
                continue
            }
            do {
                scope.json = try JSONParser.parse(line.bytes)
            } catch {
                try sink.reject(Reject(locator: locator, reason: error.description, raw: line.bytes))
                continue
            }
            try emit(mapper.map(scope, raw: line.bytes, locator: locator), to: sink)
        }
    }

    private func readJSONArray(_ text: any ByteSource, mode: JSONRecordStream.Mode, sink: any EventSink) throws {
        let stream = JSONRecordStream(text, mode: mode, maxRecordBytes: mapping.input.maxRecordBytes)
        var scope = emptyScope()
        let mapper = self.mapper
        var last = 0
        while let chunk = try stream.next() {
            last = chunk.index
            if let error = chunk.error {
                try sink.reject(Reject(locator: chunk.locator, reason: error, raw: chunk.bytes))
                continue
            }
            do {
                scope.json = try JSONParser.parse(chunk.bytes)
            } catch {
                try sink.reject(Reject(locator: chunk.locator, reason: error.description, raw: chunk.bytes))
                continue
            }
            try emit(mapper.map(scope, raw: chunk.bytes, locator: chunk.locator), to: sink)
        }
        if stream.endedInsideArray {
            sink.warn("the file ends inside the records array after element \(last) (truncated export?); every element read is kept")
        }
    }
}
