import TesseraSDK

/// One framed record, as the reading thread hands it to the mapping thread.
enum WorkItem: Sendable {
    /// A CSV data row (after the header), possibly malformed.
    case csv(CSVRecord)
    /// One JSON value (a JSON Lines line or an array element).
    case json(bytes: [UInt8], locator: String)
    /// A record the reader already knows is unusable (over-long line, truncated element).
    case rejected(Reject)
}

/// What a record became.
enum Outcome: Sendable {
    /// A mapped record; `declaredResultCount` is a `Search-UnifiedAuditLog` object's `ResultCount`.
    case record(SourceRecord, warning: String?, declaredResultCount: Int? = nil)
    case reject(Reject)
}

/// Parses and maps one framed record; pure, so it runs on a worker thread while the next
/// records are read.
struct RecordProcessor: Sendable {
    /// The most characters an Excel cell holds; longer AuditData is cut there when a CSV is re-saved.
    static let excelCellLimit = 32_767

    let shape: UALShape
    let mapper: UALMapper
    var header = CSVHeader([])
    var columns = UALIngestor.CSVColumns()

    func process(_ item: WorkItem) -> Outcome {
        switch item {
        case .rejected(let reject): return .reject(reject)
        case .csv(let record): return processCSV(record)
        case .json(let bytes, let locator): return processJSON(bytes, locator: locator)
        }
    }

    private func map(_ row: UALRow) -> Outcome {
        do {
            let mapped = try mapper.map(row)
            return .record(mapped.record, warning: mapped.warning)
        } catch {
            return .reject(Reject(locator: row.locator, reason: error.reason, raw: row.raw))
        }
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

    private func processCSV(_ record: CSVRecord) -> Outcome {
        func reject(_ reason: String) -> Outcome { .reject(Reject(locator: record.locator, reason: reason, raw: record.raw)) }
        if let error = record.error { return reject("CSV: \(error)") }
        if record.fieldCount != header.names.count {
            return reject("row has \(record.fieldCount) fields but the header has \(header.names.count) (a damaged or hand-edited row)")
        }
        if shape.layout == .sentinelOfficeActivity {
            var pairs: [(String, JSONValue)] = []
            for (name, value) in zip(header.names, record.fields) where !value.isEmpty { pairs.append((name, .string(value))) }
            return map(UALRow.fromSentinel(JSONObject(pairs), locator: record.locator, raw: record.raw))
        }
        guard let auditColumn = columns.auditData else { return reject("the CSV header has no AuditData column") }
        let auditBytes = record.fieldBytes(auditColumn)
        if auditBytes.isEmpty { return reject("the AuditData column is empty") }
        let audit: AuditObject
        do {
            audit = try AuditObject.parse(auditBytes, what: "AuditData")
        } catch {
            // Excel silently cuts a cell at 32,767 characters; say so when that is what happened.
            if String(decoding: auditBytes, as: UTF8.self).utf16.count == Self.excelCellLimit {
                return reject(
                    error.reason
                        + "; the AuditData cell is exactly 32,767 characters long: the export was opened and saved in Excel, which cuts longer cells — use the original export file"
                )
            }
            return reject(error.reason)
        }
        // Only the columns the mapping reads are decoded.
        func column(_ index: Int?) -> String? {
            guard let index else { return nil }
            let value = record.field(index)
            return value.isEmpty ? nil : value
        }
        var row = UALRow(audit: audit, locator: record.locator, raw: record.raw)
        row.creationDate = column(columns.creationDate)
        row.recordID = column(columns.recordID)
        row.recordType = column(columns.recordType)
        row.operation = column(columns.operation)
        row.userID = column(columns.userID)
        for (index, name) in columns.extra {
            if let value = column(index) { row.exportColumns[name] = .string(value) }
        }
        return map(row)
    }

    private func processJSON(_ bytes: [UInt8], locator: String) -> Outcome {
        if shape.layout == .auditData {
            // The record is AuditData itself: index it instead of building the whole tree.
            do {
                return map(UALRow(audit: try AuditObject.parse(bytes, what: "AuditData"), locator: locator, raw: bytes))
            } catch {
                return .reject(Reject(locator: locator, reason: error.reason, raw: bytes))
            }
        }
        let object: JSONObject
        do {
            object = try Self.parseObject(bytes, what: "the record")
        } catch {
            return .reject(Reject(locator: locator, reason: error.reason, raw: bytes))
        }
        switch shape.layout {
        case .auditData:
            // Handled above without building the tree; kept for exhaustiveness.
            return map(UALRow(audit: AuditObject(object), locator: locator, raw: bytes))
        case .sentinelOfficeActivity:
            return map(UALRow.fromSentinel(object, locator: locator, raw: bytes))
        case .graphAuditLogRecord:
            // The Graph record's own fields are the fallbacks for what AuditData lacks.
            guard let audit = object.object("auditData") else {
                return .reject(Reject(locator: locator, reason: "the record has no auditData object", raw: bytes))
            }
            var row = UALRow(audit: AuditObject(audit), locator: locator, raw: bytes)
            row.creationDate = object.text("createdDateTime")
            row.creationDateSource = "auditLogRecord.createdDateTime"
            row.recordID = object.text("id")
            row.recordType = object.text("auditLogRecordType")
            row.operation = object.text("operation")
            row.userID = object.text("userPrincipalName", "userId")
            var export = JSONObject()
            export.set("clientIp", object.text("clientIp"))
            export.set("service", object.text("service"))
            export.set("objectId", object.text("objectId"))
            row.exportColumns = export
            return map(row)
        case .purview, .portal, .powerShell:
            // ConvertTo-Json of export objects: AuditData is a string member (or already an object).
            let audit: AuditObject
            switch object.field("AuditData") {
            case .object(let inner)?:
                audit = AuditObject(inner)
            case .string(let inner)?:
                do { audit = try AuditObject.parse(Array(inner.utf8), what: "AuditData") } catch {
                    return .reject(Reject(locator: locator, reason: error.reason, raw: bytes))
                }
            default:
                return .reject(Reject(locator: locator, reason: "the record has no AuditData", raw: bytes))
            }
            var row = UALRow(audit: audit, locator: locator, raw: bytes)
            row.creationDate = object.text("CreationDate")
            row.recordID = object.text("RecordId", "Identity")
            row.recordType = object.text("RecordType")
            row.operation = object.text("Operation", "Operations")
            row.userID = object.text("UserId", "UserIds")
            let outcome = map(row)
            if let declared = object.field("ResultCount")?.intValue, case .record(let record, let warning, _) = outcome {
                return .record(record, warning: warning, declaredResultCount: Int(declared))
            }
            return outcome
        }
    }
}
