import TesseraSDK
import TesseraStore

/// Whether the store's correlation results describe its current evidence. A source ingested,
/// replaced or removed after the last run makes them stale: reports should say so, and the
/// analyst should re-run `tessera correlate`.
public enum CorrelationStatus: Sendable, Equatable {
    /// `tessera correlate` has never run on this store.
    case never
    /// The last run saw exactly the sources the store holds now.
    case current(runID: Int64)
    /// Sources changed after the last run.
    case stale(runID: Int64)

    /// Reads the status (works on a read-only store). A run whose parameters are not valid JSON
    /// (a damaged or hand-edited store) counts as stale.
    public static func of(_ store: EventStore) throws(CorrelationError) -> CorrelationStatus {
        try CorrelationResults.read(store).status
    }

    /// The status of `run`, the store's latest run.
    static func of(_ db: Database, run: CorrelationRun?) throws(SQLiteError) -> CorrelationStatus {
        guard let run else { return .never }
        let recorded = try db.scalarText(
            "SELECT CASE WHEN json_valid(?1) THEN json_extract(?1, '$.sources_sha256') END",
            [.text(run.parameters)])
        return recorded == (try fingerprint(db)) ? .current(runID: run.runID) : .stale(runID: run.runID)
    }

    /// SHA-256 of the store's sources (`source_id:sha256` lines in id order): what a run saw.
    public static func fingerprint(_ db: Database) throws(SQLiteError) -> String {
        let s = try db.prepare("SELECT source_id, sha256 FROM sources ORDER BY source_id")
        var hasher = SHA256()
        while try s.step() { hasher.update(Array("\(s.int64(0)):\(s.text(1) ?? "")\n".utf8)) }
        return hasher.finalizeHex()
    }
}
