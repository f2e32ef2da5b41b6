import Foundation
import TesseraSDK
import TesseraStore

/// The store's annotations: appending verdicts (never changing one) and reading the current
/// state of every target.
public struct TriageLedger {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Whether the store has the annotations table (a store written before triage, opened
    /// read-only, has none: it reads as having no annotation).
    public func exists() throws(SQLiteError) -> Bool { try TriageKeys.hasRelation(database, "annotations") }

    /// A verdict to record.
    public struct Entry: Sendable {
        public var kind: TargetKind
        public var key: String
        public var status: TriageStatus
        public var tags: [String]
        public var comment: String?
        public var analyst: String
        public var createdUTC: String

        public init(
            kind: TargetKind, key: String, status: TriageStatus, tags: [String], comment: String?, analyst: String,
            createdUTC: String
        ) {
            self.kind = kind
            self.key = key
            self.status = status
            self.tags = tags
            self.comment = comment
            self.analyst = analyst
            self.createdUTC = createdUTC
        }
    }

    /// Appends entries as new rows chained to the last one, in one transaction (all or none).
    @discardableResult
    public func append(_ entries: [Entry]) throws(TriageError) -> [Annotation] {
        do {
            guard try exists() else { throw TriageError.noAnnotationsTable }
            return try database.transaction {
                try appendInTransaction(entries)
            }
        } catch let error as TriageError {
            throw error
        } catch let error as SQLiteError {
            throw .sqlite(error)
        } catch {
            throw .failed("\(error)")
        }
    }

    private func appendInTransaction(_ entries: [Entry]) throws(SQLiteError) -> [Annotation] {
        let last = try database.prepare("SELECT annotation_id, row_sha256 FROM annotations ORDER BY annotation_id DESC LIMIT 1")
        var id: Int64 = 0
        var prev = AnnotationChain.genesis
        if try last.step() {
            id = last.int64(0)
            prev = last.text(1) ?? ""
        }
        let insert = try database.prepare("INSERT INTO annotations (\(AnnotationRows.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        var written: [Annotation] = []
        for entry in entries {
            id += 1
            var annotation = Annotation(
                id: id, kind: entry.kind, key: entry.key, status: entry.status,
                tagsJSON: Tags.encode(entry.tags), comment: entry.comment, analyst: entry.analyst,
                createdUTC: entry.createdUTC, prevSHA256: prev, rowSHA256: "")
            annotation.rowSHA256 = annotation.computedSHA256
            try insert.run([
                .integer(id), .text(annotation.kind.rawValue), .text(annotation.key), .text(annotation.status.rawValue),
                .text(annotation.tagsJSON), .optional(annotation.comment), .text(annotation.analyst),
                .text(annotation.createdUTC), .text(prev), .text(annotation.rowSHA256),
            ])
            prev = annotation.rowSHA256
            written.append(annotation)
        }
        return written
    }

    /// Every row, oldest first (rows whose kind or status Tessera does not write are skipped;
    /// `verify` reports them).
    public func all() throws(SQLiteError) -> [Annotation] {
        guard try exists() else { return [] }
        var rows: [Annotation] = []
        try AnnotationRows.each(database, where: "") { row in if let a = row.annotation { rows.append(a) } }
        return rows
    }

    /// The current annotation of every target of `kind`, by key (from `current_annotations`).
    public func current(_ kind: TargetKind) throws(SQLiteError) -> [String: CurrentAnnotation] {
        var result: [String: CurrentAnnotation] = [:]
        for c in try readCurrent("c.target_kind = ?", [.text(kind.rawValue)]) { result[c.latest.key] = c }
        return result
    }

    /// The current annotation of every reviewed event in the store, by `event_id` (reads only
    /// the events of the sources that reviewed events are in).
    public func currentByEventID() throws(SQLiteError) -> [Int64: CurrentAnnotation] {
        let byKey = try current(.event)
        var result: [Int64: CurrentAnnotation] = [:]
        for (key, id) in try TriageKeys.eventIDs(database, keys: Set(byKey.keys)) { result[id] = byKey[key] }
        return result
    }

    /// The current annotation of one target.
    public func current(_ kind: TargetKind, key: String) throws(SQLiteError) -> CurrentAnnotation? {
        try readCurrent("c.target_kind = ? AND c.target_key = ?", [.text(kind.rawValue), .text(key)]).first
    }

    private func readCurrent(_ condition: String, _ values: [SQLValue]) throws(SQLiteError) -> [CurrentAnnotation] {
        guard try exists() else { return [] }
        let columns = AnnotationRows.columns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }
        let s = try database.prepare(
            """
            SELECT c.latest_comment, c.history_count, \(columns.joined(separator: ", "))
            FROM current_annotations c JOIN annotations a ON a.annotation_id = c.annotation_id
            WHERE \(condition) ORDER BY c.annotation_id
            """)
        try s.bind(values)
        var result: [CurrentAnnotation] = []
        while try s.step() {
            guard let latest = AnnotationRows.read(s, from: 2).annotation else { continue }
            result.append(
                CurrentAnnotation(
                    latest: latest, latestComment: s.isNull(0) ? nil : s.text(0),
                    historyCount: Int(s.int64(1))))
        }
        return result
    }

    /// The current UTC time in the store's text form.
    public static func now() -> String {
        Timestamp.iso8601(Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }
}
