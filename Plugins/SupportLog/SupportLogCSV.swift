import TesseraSDK

/// The CSV form: a header row naming the fields (any order, any case), then one session per row.
enum SupportLogCSV {
    static func splitHeader(_ line: String) -> [String] {
        let reader = CSVReader(MemoryByteSource(line))
        guard let record = try? reader.next() else { return [] }
        return record.fields.map { $0.trimmingCharactersInWhitespace() }
    }

    static func read(_ source: any ByteSource, mapper: SupportRowMapper, path: String) throws {
        let reader = CSVReader(source)
        guard let header = try reader.next() else { return }
        let names = header.fields.map { $0.trimmingCharactersInWhitespace().lowercased() }
        var seen = Set<String>()
        for name in names where !name.isEmpty {
            guard seen.insert(name).inserted else {
                throw EvidenceError(locator: header.locator, reason: "column '\(name)' appears twice in the header; fix the header so each field is named once")
            }
        }
        let missing = SupportFields.required.subtracting(names)
        guard missing.isEmpty else {
            throw EvidenceError(locator: header.locator, reason: "header lacks required column(s) \(missing.sorted().joined(separator: ", "))")
        }
        while let record = try reader.next() {
            if let error = record.error {
                try mapper.sink.reject(Reject(locator: record.locator, reason: error, raw: record.raw))
                continue
            }
            guard record.fieldCount == names.count else {
                try mapper.sink.reject(
                    Reject(
                        locator: record.locator,
                        reason: "row has \(record.fieldCount) fields but the header has \(names.count)",
                        raw: record.raw))
                continue
            }
            var row = SupportRow()
            for (name, value) in zip(names, record.fields) where !name.isEmpty {
                row.set(name, value)
            }
            try mapper.map(row, locator: record.locator, raw: record.raw)
        }
    }
}
