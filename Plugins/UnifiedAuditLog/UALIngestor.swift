import TesseraSDK

/// Reads one file of one ``UALShape`` and sends every record to the sink: mapped records,
/// rejects (raw kept, reason given), and file-level warnings (export cap, capped fan-out).
///
/// The calling thread frames records (CSV / lines / array elements) and talks to the sink;
/// meanwhile workers parse AuditData and map batches of records.
/// Records reach the sink in file order, so results do not depend on timing.
final class UALIngestor {
    /// Row counts at which Purview / `Search-UnifiedAuditLog` exports silently stop.
    static let exportCaps: Set<Int> = [5_000, 50_000, 50_001]
    /// Records per batch handed to a worker.
    static let batchSize = 256
    /// Batches being mapped while the reader frames the next (bounds memory to a few batches).
    static let maxInFlight = 2

    let shape: UALShape
    let sink: any EventSink
    let displayPath: String
    private var processor: RecordProcessor
    /// Data records read (mapped, duplicate or rejected), for the export-cap check.
    private(set) var recordCount = 0
    /// The largest `ResultCount` a `Search-UnifiedAuditLog` export declared.
    private var declaredResultCount = 0

    init(shape: UALShape, context: IngestContext, sink: any EventSink) {
        self.shape = shape
        self.processor = RecordProcessor(shape: shape, mapper: UALMapper(sourceTimeZone: context.sourceTimeZone))
        self.sink = sink
        self.displayPath = context.displayPath
    }

    func run(_ text: any ByteSource) throws {
        switch shape.container {
        case .csv: try readCSV(text)
        case .jsonLines: try readJSONLines(text)
        case .jsonArray: try readJSONArray(text)
        }
        if Self.exportCaps.contains(recordCount) {
            sink.warn(
                "\(displayPath): holds exactly \(recordCount) records, a known export limit of the audit log search; the export is probably truncated — search again in shorter time ranges and ingest every part"
            )
        }
        if declaredResultCount > recordCount {
            sink.warn(
                "\(displayPath): the export's ResultCount column says the search matched \(declaredResultCount) records but the file holds \(recordCount); the export is incomplete — page through the search (SessionCommand ReturnLargeSet) and ingest every part"
            )
        }
    }

    /// Frames records with `next` on this thread, maps batches on up to `maxInFlight` workers
    /// (the SDK's ``OrderedBatchMapper``), and emits outcomes in file order.
    private func pump(_ next: () throws -> WorkItem?) throws {
        let processor = self.processor
        try OrderedBatchMapper(batchSize: Self.batchSize, maxInFlight: Self.maxInFlight, transform: processor.process)
            .run(next: next) { try emit([$0]) }
    }

    private func emit(_ outcomes: [Outcome]) throws {
        for outcome in outcomes {
            switch outcome {
            case .record(let record, let warning, let declared):
                if let warning { sink.warn("\(displayPath): \(warning)") }
                if let declared { declaredResultCount = max(declaredResultCount, declared) }
                try sink.accept(record)
            case .reject(let reject):
                try sink.reject(reject)
            }
        }
    }

    // MARK: CSV

    private func readCSV(_ text: any ByteSource) throws {
        let reader = CSVReader(text)
        while processor.header.names.isEmpty {
            guard let record = try reader.next() else { return }
            if record.fields.first?.hasPrefix("#TYPE") == true { continue }
            let header = CSVHeader(record.fields)
            if let repeated = header.repeatedName {
                throw EvidenceError(
                    locator: record.locator,
                    reason:
                        "column '\(repeated)' appears twice in the header, so which of the two to read is ambiguous; fix the header so each column is named once (nothing of this file was stored)"
                )
            }
            processor.header = header
            processor.columns = CSVColumns(header)
            guard processor.columns.auditData != nil || shape.layout == .sentinelOfficeActivity else {
                throw EvidenceError(locator: record.locator, reason: "the CSV header has no AuditData column; this is not a unified audit log export")
            }
        }
        let resultCountColumn = processor.columns.resultCount
        try pump {
            guard let record = try reader.next() else { return nil }
            recordCount += 1
            if let index = resultCountColumn, index < record.fieldCount, let declared = Int(record.field(index)) {
                declaredResultCount = max(declaredResultCount, declared)
            }
            return .csv(record)
        }
    }

    /// Where the UAL columns are in a CSV header.
    struct CSVColumns: Sendable {
        var auditData: Int?
        var creationDate: Int?
        var recordID: Int?
        var recordType: Int?
        var operation: Int?
        var userID: Int?
        var resultCount: Int?
        /// Other columns kept in details when not empty (`AssociatedAdminUnits`, `ResultIndex`, ...).
        var extra: [(Int, String)] = []

        init() {}

        init(_ header: CSVHeader) {
            auditData = header.column("AuditData")
            creationDate = header.column("CreationDate")
            recordID = header.column("RecordId", "Identity")
            recordType = header.column("RecordType")
            operation = header.column("Operation", "Operations")
            userID = header.column("UserId", "UserIds")
            resultCount = header.column("ResultCount")
            let used = Set([auditData, creationDate, recordID, recordType, operation, userID].compactMap { $0 })
            let noise: Set<String> = ["pscomputername", "runspaceid", "psshowcomputername", "resultcount"]
            for (index, name) in header.names.enumerated() where !used.contains(index) && !noise.contains(name.lowercased()) {
                extra.append((index, name))
            }
        }
    }

    // MARK: JSON

    private func readJSONLines(_ text: any ByteSource) throws {
        let reader = LineReader(text)
        try pump {
            while let line = try reader.next() {
                if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                recordCount += 1
                let locator = "line \(line.number)"
                if let length = line.overlongLength {
                    return .rejected(
                        Reject(
                            locator: locator, reason: "line is \(length) bytes, over the \(reader.maxLineBytes)-byte limit; only its start is kept",
                            raw: line.bytes))
                }
                return .json(bytes: line.bytes, locator: locator)
            }
            return nil
        }
    }

    private func readJSONArray(_ text: any ByteSource) throws {
        let reader = JSONArrayElementReader(text)
        try pump {
            guard let element = try reader.next() else { return nil }
            recordCount += 1
            if let error = element.error { return .rejected(Reject(locator: element.locator, reason: error, raw: element.bytes)) }
            return .json(bytes: element.bytes, locator: element.locator)
        }
        if reader.endedWithoutClosingBracket {
            sink.warn("\(displayPath): the JSON array is not closed with ']'; the file is probably truncated")
        }
    }
}
