import TesseraStore

/// One `annotations` row exactly as stored (text columns as text, whatever they hold), for the
/// chain check, which must read rows that no longer fit the model.
struct RawAnnotationRow {
    var id: Int64
    var kind: String
    var key: String
    var status: String
    var tagsJSON: String
    var comment: String?
    var analyst: String
    var createdUTC: String
    var prevSHA256: String
    var rowSHA256: String

    var computedSHA256: String {
        AnnotationChain.rowHash(
            id: id, kind: kind, key: key, status: status, tagsJSON: tagsJSON, comment: comment,
            analyst: analyst, createdUTC: createdUTC, prevSHA256: prevSHA256)
    }

    /// The row as the model, nil when its kind or status is not one Tessera writes.
    var annotation: Annotation? {
        guard let kind = TargetKind(rawValue: kind), let status = TriageStatus(rawValue: status) else { return nil }
        return Annotation(
            id: id, kind: kind, key: key, status: status, tagsJSON: tagsJSON, comment: comment, analyst: analyst,
            createdUTC: createdUTC, prevSHA256: prevSHA256, rowSHA256: rowSHA256)
    }
}

/// Reads `annotations` rows in id order.
enum AnnotationRows {
    static let columns = "annotation_id, target_kind, target_key, status, tags, comment, analyst, created_utc, prev_sha256, row_sha256"

    static func read(_ s: Statement, from offset: Int = 0) -> RawAnnotationRow {
        RawAnnotationRow(
            id: s.int64(offset), kind: s.text(offset + 1) ?? "", key: s.text(offset + 2) ?? "",
            status: s.text(offset + 3) ?? "", tagsJSON: s.text(offset + 4) ?? "",
            comment: s.isNull(offset + 5) ? nil : s.text(offset + 5), analyst: s.text(offset + 6) ?? "",
            createdUTC: s.text(offset + 7) ?? "", prevSHA256: s.text(offset + 8) ?? "",
            rowSHA256: s.text(offset + 9) ?? "")
    }

    static func each(
        _ database: Database, where condition: String, _ values: [SQLValue] = [],
        _ body: (RawAnnotationRow) throws(SQLiteError) -> Void
    ) throws(SQLiteError) {
        let s = try database.prepare("SELECT \(columns) FROM annotations \(condition) ORDER BY annotation_id")
        try s.bind(values)
        while try s.step() { try body(read(s)) }
    }
}
