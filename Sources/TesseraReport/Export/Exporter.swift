import TesseraCorrelation
import TesseraSDK
import TesseraStore
import TesseraTriage

/// `tessera export`: events (or `interaction_access` rows) with the report's filters, in a
/// timeline tool's format. Values are exported whole and exact; CSV cells that a
/// spreadsheet would evaluate are neutralized with a leading `'`.
public enum Exporter {
    /// What was written.
    public struct Written: Sendable {
        /// Events or access rows written.
        public var rows: Int
        /// Size of the file.
        public var bytes: Int
    }

    /// Writes the export to `path` (whole or not at all).
    @discardableResult
    public static func export(
        store: EventStore, format: ExportFormat, rows: ExportRows = .events, filter: ReportFilter,
        zone: DisplayZone = .utc, to path: String
    ) throws(ReportError) -> Written {
        let file = try OutputFile(path: path, storePath: store.path)
        do {
            let queries = StoreQueries(database: store.database)
            let relations = try queries.relations()
            let correlation = try CorrelationResults.read(store)
            let correlated = correlation.hasResults
            let count: Int
            switch rows {
            case .access:
                guard format.supportsAccessRows else { throw ReportError.unsupportedRows(format: format.rawValue) }
                guard correlated else { throw ReportError.notCorrelated }
                count = try exportAccess(queries: queries, format: format, filter: filter, to: file)
            case .events:
                count = try exportEvents(
                    queries: queries, relations: relations, correlation: correlation, format: format,
                    filter: filter, zone: zone, to: file)
            }
            try file.finish()
            return Written(rows: count, bytes: file.bytesWritten)
        } catch {
            throw ReportError.wrap(error)
        }
    }

    private static func exportEvents(
        queries: StoreQueries, relations: Set<String>, correlation: CorrelationResults, format: ExportFormat,
        filter: ReportFilter, zone: DisplayZone, to file: OutputFile
    ) throws -> Int {
        let correlated = correlation.hasResults
        if !filter.interactions.isEmpty {
            _ = try InteractionLoader(queries: queries, relations: relations, correlated: correlated)
                .load(filter: filter, options: ReportOptions(generatedAtUs: 0, toolVersion: ""))
        }
        let findings = correlated ? try FindingLoader(queries: queries).load(filter: ReportFilter(), interactions: nil) : []
        let attribution = try AttributionIndex.load(queries.database, correlation: correlation, filter: filter)
        let loader = EventListLoader(queries: queries, correlated: correlated)
        let evidence =
            filter.interactions.isEmpty
            ? []
            : try loader.evidenceEvents(
                findings.filter { $0.interactionID.map(filter.interactions.contains) ?? false }, filter: filter)
        let scope = try loader.scope(filter: filter, attribution: attribution, evidence: evidence)

        var marks: [Int64: (rank: Int, findings: [String])] = [:]
        for f in findings {
            for id in f.evidence {
                var m = marks[id] ?? (Int.max, [])
                m.rank = min(m.rank, f.severityRank)
                if !m.findings.contains(f.findingID) { m.findings.append(f.findingID) }
                marks[id] = m
            }
        }
        let unattributed = Set((attribution.unattributed ?? []).map(\.eventID))
        let verdicts = try TriageLedger(database: queries.database).currentByEventID()
        var ingestedInteractions = Set<String>()
        if !correlated && relations.contains("support_interactions") {
            try queries.each("SELECT interaction_id FROM support_interactions") { ingestedInteractions.insert($0.string(0) ?? "") }
        }
        let entries = attribution.entries.sorted { ($0.tsUs, $0.eventID) < ($1.tsUs, $1.eventID) }
        var cursor = 0

        var writer = EventWriter(format: format, zone: zone, output: file.output)
        try writer.header()
        var written = 0
        func emit(_ row: Statement) throws {
            var e = ExportRow(statement: row)
            while cursor < entries.count, (entries[cursor].tsUs, entries[cursor].eventID) < (e.tsUs, e.eventID) { cursor += 1 }
            var k = cursor
            while k < entries.count, entries[k].eventID == e.eventID {
                let id = attribution.interactionIDs[Int(entries[k].interaction)]
                if !e.interactions.contains(id) { e.interactions.append(id) }
                k += 1
            }
            e.interactions.sort()
            if let m = marks[e.eventID] {
                e.severity = ["high", "medium", "low", "other"][min(m.rank, 3)]
                e.findings = m.findings.sorted()
            }
            e.unattributedSupport = unattributed.contains(e.eventID)
            if let review = verdicts[e.eventID] {
                e.verdict = review.latest.status.rawValue
                e.tags = review.latest.tags
            }
            if !correlated, !ingestedInteractions.isEmpty, let session = e.text(ExportRow.sessionColumn),
                ingestedInteractions.contains(session)
            {
                e.interactions = [session]
            }
            try writer.row(e)
            written += 1
        }
        let select = ExportFields.select
        if let ids = scope.ids {
            var start = 0
            while start < ids.count {
                let chunk = ids[start..<min(start + 5_000, ids.count)].map(\.eventID)
                try queries.each(
                    select + " WHERE e.event_id IN (SELECT value FROM json_each(?)) ORDER BY e.ts_us, e.event_id",
                    [StoreQueries.jsonIDs(chunk)], emit)
                start += 5_000
            }
        } else {
            try queries.each(select + " WHERE e.ts_us BETWEEN ? AND ? ORDER BY e.ts_us, e.event_id", filter.bounds, emit)
        }
        return written
    }

    private static func exportAccess(queries: StoreQueries, format: ExportFormat, filter: ReportFilter, to file: OutputFile) throws -> Int {
        let columns = ExportColumns.access
        let out = file.output
        if format == .csv { out.bytes.append(utf8: columns.joined(separator: ",") + "\r\n") }
        let keys = JSONWriter.memberPrefixes(columns)
        let count = columns.firstIndex(of: "event_count")!
        var written = 0
        try queries.each(
            "SELECT \(columns.joined(separator: ", ")) FROM interaction_access ORDER BY interaction_id, \(SQLTime.micros("first_utc")), resource, action, actor"
        ) { row in
            if !filter.interactions.isEmpty && !filter.interactions.contains(row.string(0) ?? "") { return }
            let first = row.micros(7), last = row.micros(8)
            if let first, !filter.overlaps(first: first, last: last ?? first) { return }
            for i in columns.indices {
                if format == .csv {
                    if i > 0 { out.bytes.append(UInt8(ascii: ",")) }
                    if i == count {
                        row.withBytes(i) { out.bytes.append(raw: $0) }
                    } else {
                        row.withBytes(i) { CSVEscaping.append(text: $0, to: &out.bytes) }
                    }
                } else {
                    out.bytes.append(contentsOf: keys[i])
                    if row.isNull(i) {
                        out.bytes.append(ascii: "null")
                    } else if i == count && row.columnType(i) == .integer {
                        out.bytes.append(decimal: row.int64(i))
                    } else {
                        row.withBytes(i) { bytes in UTF8Validation.withValid(bytes) { JSONWriter.writeString(utf8: $0, to: &out.bytes) } }
                    }
                }
            }
            out.bytes.append(ascii: format == .csv ? "\r\n" : "}\n")
            try out.flushIfFull()
            written += 1
        }
        return written
    }
}
