import TesseraSDK
import TesseraStore

/// The hash chain over `annotations`: each row's `row_sha256` covers its content and the
/// previous row's hash, so altering, removing or inserting a row breaks every later link.
public enum AnnotationChain {
    /// `prev_sha256` of the first row.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 (hex) of a row: of the JSON array
    /// `[id, kind, key, status, tags, comment, analyst, created_utc, prev_sha256]`, every value
    /// the exact text stored (`tags` as its JSON text, `comment` null when absent).
    public static func rowHash(
        id: Int64, kind: String, key: String, status: String, tagsJSON: String, comment: String?,
        analyst: String, createdUTC: String, prevSHA256: String
    ) -> String {
        let content: JSONValue = .array([
            .number(String(id)), .string(kind), .string(key), .string(status), .string(tagsJSON),
            comment.map { .string($0) } ?? .null, .string(analyst), .string(createdUTC), .string(prevSHA256),
        ])
        var bytes: [UInt8] = []
        JSONWriter.write(content, to: &bytes)
        return SHA256.hex(SHA256.hash(bytes))
    }

    /// What `tessera verify` says of the chain.
    public struct Verdict: Sendable, Equatable {
        /// Rows read.
        public var rows: Int
        /// `row_sha256` of the last row (the chain's head), nil when there is none.
        public var head: String?
        /// The first altered row and why, nil when the chain is intact.
        public var firstAltered: (id: Int64, reason: String)?
        /// Problems besides the chain itself (a missing append-only trigger).
        public var warnings: [String]

        public var isIntact: Bool { firstAltered == nil && warnings.isEmpty }

        public static func == (a: Verdict, b: Verdict) -> Bool {
            a.rows == b.rows && a.head == b.head && a.firstAltered?.id == b.firstAltered?.id
                && a.firstAltered?.reason == b.firstAltered?.reason && a.warnings == b.warnings
        }
    }

    /// Walks every row in id order and names the first one whose content or link does not match.
    /// A store without the table (written before triage existed) has an empty, intact chain.
    public static func verify(_ database: Database) throws(SQLiteError) -> Verdict {
        var verdict = Verdict(rows: 0, head: nil, firstAltered: nil, warnings: [])
        guard try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'annotations'") == 1 else {
            return verdict
        }
        for trigger in ["annotations_no_update", "annotations_no_delete"]
        where try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?", [.text(trigger)]) != 1 {
            verdict.warnings.append("the append-only trigger \(trigger) was removed from the store: someone changed its schema by hand")
        }
        var expectedPrev = genesis
        var previousID: Int64?
        try AnnotationRows.each(database, where: "") { (row: RawAnnotationRow) in
            verdict.rows += 1
            verdict.head = row.rowSHA256
            defer { expectedPrev = row.rowSHA256; previousID = row.id }
            guard verdict.firstAltered == nil else { return }
            if row.prevSHA256 != expectedPrev {
                if let previousID {
                    verdict.firstAltered = (
                        previousID,
                        "annotation #\(row.id) no longer follows #\(previousID) in the hash chain: #\(previousID) was altered and re-hashed, or a row between them was removed or inserted"
                    )
                } else {
                    verdict.firstAltered = (
                        row.id, "annotation #\(row.id) is the first row but does not start the hash chain: earlier rows were removed, or it was altered"
                    )
                }
            } else if row.computedSHA256 != row.rowSHA256 {
                verdict.firstAltered = (row.id, "annotation #\(row.id) was altered after it was written: its content no longer matches its row_sha256")
            }
        }
        return verdict
    }
}
