import TesseraSDK

/// Decides from the head of a file whether a mapping reads it. Claims are specific: every
/// required column, key, value and line pattern must match. It knows nothing of other plugins:
/// a compiled plugin's claim on the same file wins during detection (`DetectionPrecedence`).
struct MappingDetector {
    let mapping: CompiledMapping

    /// Why the mapping does or does not claim `head` (for `tessera mapping check`).
    enum Verdict: Equatable {
        case claims
        case declines(String)
    }

    func verdict(_ head: SniffedHead) -> Verdict {
        let detect = mapping.detect
        if let pattern = detect.fileName, pattern.firstMatch(head.fileName) == nil {
            return .declines("file name \(head.fileName) does not match \(pattern.pattern)")
        }
        if Self.isXML(head.text[...]) { return .declines("the file is XML (no mapping input kind reads XML)") }
        let text = Array(head.text.utf8)
        switch mapping.input.kind {
        case .csv: return csvVerdict(text)
        case .delimited: return delimitedVerdict(text)
        case .json, .jsonArray, .jsonRecords, .jsonLines: return jsonVerdict(text)
        }
    }

    /// Whether the text looks like XML (its first non-blank character is `<`).
    static func isXML(_ text: Substring) -> Bool {
        text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "<"
    }

    private func firstLines(_ text: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var number = 0
        for piece in text.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            var line = Array(piece)
            if line.last == 0x0D { line.removeLast() }
            if number <= mapping.input.skipLines { continue }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if let comment = mapping.input.comment, line.starts(with: comment.utf8) { continue }
            lines.append(line)
            if lines.count == 2 { break }
        }
        return lines
    }

    private func lineVerdict(_ line: [UInt8]?) -> Verdict? {
        guard let pattern = mapping.detect.line else { return nil }
        guard let line, pattern.firstMatch(String(decoding: line, as: UTF8.self)) != nil else {
            return .declines("the first record line does not match \(pattern.pattern)")
        }
        return nil
    }

    private func valuesVerdict(_ scope: Scope) -> Verdict? {
        for (text, source, regex) in mapping.detect.values {
            guard let value = scope.read(source), regex.firstMatch(Scope.text(of: value)) != nil else {
                return .declines("`\(text)` of the first record does not match \(regex.pattern)")
            }
        }
        return nil
    }

    private func csvVerdict(_ text: [UInt8]) -> Verdict {
        let spec = mapping.input
        let lines = firstLines(text)
        if let no = lineVerdict(lines.first) { return no }
        let skipped: any ByteSource = spec.skipLines > 0 ? LineSkippingSource(MemoryByteSource(text), lines: spec.skipLines) : MemoryByteSource(text)
        let reader = CSVReader(skipped, delimiter: spec.delimiter, quote: spec.quote, maxRecordBytes: 1 << 20)
        var records: [CSVRecord] = []
        while records.count < 2, let r = try? reader.next() {
            if let comment = spec.comment, r.raw.starts(with: comment.utf8) { continue }
            records.append(r)
        }
        guard let first = records.first, first.error == nil else { return .declines("no readable first row") }
        let columns = spec.header ? first.fields.map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") } : (spec.columns ?? [])
        let present = Set(columns.map { $0.trimmingCharactersInWhitespace().lowercased() })
        let missing = mapping.detect.columns.filter { !present.contains($0.trimmingCharactersInWhitespace().lowercased()) }
        if !missing.isEmpty { return .declines("missing columns \(missing.joined(separator: ", "))") }
        if !mapping.detect.values.isEmpty {
            let dataRow = spec.header ? (records.count > 1 ? records[1] : nil) : first
            guard let dataRow else { return .declines("no data row to check `values` against") }
            let (indexes, _) = MappingReader.bind(slots: mapping.slots, to: spec.columns ?? columns)
            let scope = Scope(json: nil, row: dataRow.fields, columnOfSlot: indexes, nullValues: spec.nullValues, element: nil, variables: [])
            if let no = valuesVerdict(scope) { return no }
        }
        return .claims
    }

    private func delimitedVerdict(_ text: [UInt8]) -> Verdict {
        let spec = mapping.input
        let lines = firstLines(text)
        guard let first = lines.first else { return .declines("no record line") }
        if let no = lineVerdict(first) { return no }
        let splitter = DelimitedSplitter(delimiter: spec.delimiter, quotes: spec.quotes, brackets: spec.brackets)
        guard case .success(let fields) = splitter.split(first) else { return .declines("the first line does not split into fields") }
        guard fields.count >= spec.minFields else { return .declines("the first line has \(fields.count) fields, fewer than \(spec.minFields)") }
        let scope = Scope(json: nil, row: fields, columnOfSlot: Array(0..<mapping.slots.count), nullValues: spec.nullValues, element: nil, variables: [])
        return valuesVerdict(scope) ?? .claims
    }

    /// The first record of a JSON input, read from the head only.
    func firstJSONRecord(_ text: [UInt8]) -> JSONValue? {
        let spec = mapping.input
        let layout: JSONLayoutSniffer.Layout?
        switch spec.kind {
        case .jsonArray: layout = .array
        case .jsonRecords: layout = .records(key: spec.recordsKeys[0])
        case .jsonLines: layout = .lines
        default: layout = JSONLayoutSniffer.layout(of: text, recordsKeys: spec.recordsKeys)
        }
        switch layout {
        case .lines?:
            guard let line = firstLines(text).first else { return nil }
            return try? JSONParser.parse(line)
        case .array?, .records?:
            let mode: JSONRecordStream.Mode
            if case .records(let key)? = layout { mode = .records(key: key) } else { mode = .array }
            let stream = JSONRecordStream(MemoryByteSource(text), mode: mode, maxRecordBytes: 1 << 20)
            guard let chunk = try? stream.next(), chunk.error == nil else { return nil }
            return try? JSONParser.parse(chunk.bytes)
        case nil:
            return nil
        }
    }

    private func jsonVerdict(_ text: [UInt8]) -> Verdict {
        guard let record = firstJSONRecord(text), case .object = record else {
            return .declines("no complete JSON object as the first record within the first 64 KiB")
        }
        if mapping.input.kind == .jsonLines
            || (mapping.input.kind == .json && JSONLayoutSniffer.layout(of: text, recordsKeys: mapping.input.recordsKeys) == .lines)
        {
            if let no = lineVerdict(firstLines(text).first) { return no }
        }
        // A key counts when it exists, even empty or null: exports write every column for every row.
        let missing = mapping.detect.keys.filter { $0.path.resolve(in: record) == nil }.map(\.text)
        if !missing.isEmpty { return .declines("the first record lacks \(missing.joined(separator: ", "))") }
        let scope = Scope(json: record, row: nil, columnOfSlot: [], nullValues: [], element: nil, variables: [])
        return valuesVerdict(scope) ?? .claims
    }
}
