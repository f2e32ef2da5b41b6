import Foundation
import TesseraSDK

/// Reads one file of one ``UALShape`` and sends every record to the sink: mapped records,
/// rejects (raw kept, reason given), and file-level warnings (export cap, capped fan-out).
final class UALIngestor {
    /// Row counts at which Purview / `Search-UnifiedAuditLog` exports silently stop.
    static let exportCaps: Set<Int> = [5_000, 50_000, 50_001]

    let shape: UALShape
    let mapper: UALMapper
    let sink: any EventSink
    let displayPath: String
    /// Data records read (mapped, duplicate or rejected), for the export-cap check.
    private(set) var recordCount = 0
    /// The largest `ResultCount` a `Search-UnifiedAuditLog` export declared.
    private var declaredResultCount = 0

    init(shape: UALShape, context: IngestContext, sink: any EventSink) {
        self.shape = shape
        self.mapper = UALMapper(sourceTimeZone: context.sourceTimeZone)
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
            sink.warn("\(displayPath): holds exactly \(recordCount) records, a known export limit of the audit log search; the export is probably truncated — search again in shorter time ranges and ingest every part")
        }
        if declaredResultCount > recordCount {
            sink.warn("\(displayPath): the export's ResultCount column says the search matched \(declaredResultCount) records but the file holds \(recordCount); the export is incomplete — page through the search (SessionCommand ReturnLargeSet) and ingest every part")
        }
    }

    private func emit(_ row: UALRow) throws {
        do {
            let mapped = try mapper.map(row)
            if let warning = mapped.warning { sink.warn("\(displayPath): \(warning)") }
            try sink.accept(mapped.record)
        } catch let error as UALRecordError {
            try sink.reject(Reject(locator: row.locator, reason: error.reason, raw: row.raw))
        }
    }

    private func reject(_ locator: String, _ reason: String, _ raw: [UInt8]) throws {
        try sink.reject(Reject(locator: locator, reason: reason, raw: raw))
    }

    /// Parses AuditData / a JSON record; the reason names what failed and where.
    static func parseObject(_ bytes: [UInt8], what: String) throws(UALRecordError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw UALRecordError(reason: "\(what) is not valid JSON (\(error)); the export may be truncated or edited")
        }
        guard let object = value.objectValue else { throw UALRecordError(reason: "\(what) is JSON but not an object") }
        return object
    }

    // MARK: CSV

    private func readCSV(_ text: any ByteSource) throws {
        let reader = CSVReader(text)
        var header: CSVHeader?
        var columns = CSVColumns()
        while let record = try reader.next() {
            guard let knownHeader = header else {
                if record.fields.first?.hasPrefix("#TYPE") == true { continue }
                let parsed = CSVHeader(record.fields)
                header = parsed
                columns = CSVColumns(parsed)
                guard columns.auditData != nil || shape.layout == .sentinelOfficeActivity else {
                    throw EvidenceError(locator: record.locator, reason: "the CSV header has no AuditData column; this is not a unified audit log export")
                }
                continue
            }
            recordCount += 1
            if let error = record.error {
                try reject(record.locator, "CSV: \(error)", record.raw)
                continue
            }
            if record.fields.count != knownHeader.names.count {
                try reject(record.locator, "row has \(record.fields.count) fields but the header has \(knownHeader.names.count) (a damaged or hand-edited row)", record.raw)
                continue
            }
            let fields = record.fields
            if shape.layout == .sentinelOfficeActivity {
                var pairs: [(String, JSONValue)] = []
                for (name, value) in zip(knownHeader.names, fields) where !value.isEmpty { pairs.append((name, .string(value))) }
                try emit(UALRow.fromSentinel(JSONObject(pairs), locator: record.locator, raw: record.raw))
                continue
            }
            let auditText = fields[columns.auditData!]
            if auditText.isEmpty {
                try reject(record.locator, "the AuditData column is empty", record.raw)
                continue
            }
            let audit: JSONObject
            do {
                audit = try Self.parseObject(Array(auditText.utf8), what: "AuditData")
            } catch {
                try reject(record.locator, error.reason, record.raw)
                continue
            }
            var row = UALRow(audit: audit, locator: record.locator, raw: record.raw)
            row.creationDate = columns.creationDate.map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            row.recordID = columns.recordID.map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            row.recordType = columns.recordType.map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            row.operation = columns.operation.map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            row.userID = columns.userID.map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            for (index, name) in columns.extra where !fields[index].isEmpty {
                row.exportColumns[name] = .string(fields[index])
            }
            if let index = columns.resultCount, let declared = Int(fields[index]) {
                declaredResultCount = max(declaredResultCount, declared)
            }
            try emit(row)
        }
    }

    /// Where the UAL columns are in a CSV header.
    struct CSVColumns {
        var auditData: Int?
        var creationDate: Int?
        var recordID: Int?
        var recordType: Int?
        var operation: Int?
        var userID: Int?
        var resultCount: Int?
        /// Other non-empty columns kept in details (`AssociatedAdminUnits`, `ResultIndex`, ...).
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
        while let line = try reader.next() {
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            recordCount += 1
            let locator = "line \(line.number)"
            if let length = line.overlongLength {
                try reject(locator, "line is \(length) bytes, over the \(reader.maxLineBytes)-byte limit; only its start is kept", line.bytes)
                continue
            }
            try emitJSONRecord(line.bytes, locator: locator)
        }
    }

    private func readJSONArray(_ text: any ByteSource) throws {
        let reader = JSONArrayElementReader(text)
        while let element = try reader.next() {
            recordCount += 1
            if let error = element.error {
                try reject(element.locator, error, element.bytes)
                continue
            }
            try emitJSONRecord(element.bytes, locator: element.locator)
        }
        if reader.endedWithoutClosingBracket {
            sink.warn("\(displayPath): the JSON array is not closed with ']'; the file is probably truncated")
        }
    }

    private func emitJSONRecord(_ bytes: [UInt8], locator: String) throws {
        let object: JSONObject
        do {
            object = try Self.parseObject(bytes, what: shape.layout == .auditData ? "AuditData" : "the record")
        } catch {
            try reject(locator, error.reason, bytes)
            return
        }
        switch shape.layout {
        case .auditData:
            try emit(UALRow(audit: object, locator: locator, raw: bytes))
        case .sentinelOfficeActivity:
            try emit(UALRow.fromSentinel(object, locator: locator, raw: bytes))
        case .purview, .portal, .powerShell:
            // ConvertTo-Json of export objects: AuditData is a string member (or already an object).
            let audit: JSONObject
            switch object.field("AuditData") {
            case .object(let inner)?:
                audit = inner
            case .string(let inner)?:
                do { audit = try Self.parseObject(Array(inner.utf8), what: "AuditData") } catch {
                    try reject(locator, error.reason, bytes)
                    return
                }
            default:
                try reject(locator, "the record has no AuditData", bytes)
                return
            }
            var row = UALRow(audit: audit, locator: locator, raw: bytes)
            row.creationDate = object.text("CreationDate")
            row.recordID = object.text("RecordId", "Identity")
            row.recordType = object.text("RecordType")
            row.operation = object.text("Operation", "Operations")
            row.userID = object.text("UserId", "UserIds")
            if let declared = object.field("ResultCount")?.intValue { declaredResultCount = max(declaredResultCount, Int(declared)) }
            try emit(row)
        }
    }
}
