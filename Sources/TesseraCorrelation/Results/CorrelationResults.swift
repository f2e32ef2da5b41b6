import TesseraStore

/// What a store holds of `tessera correlate`'s results, read through one typed API: whether
/// there are any, the run that produced them, and whether that run saw the store's current
/// sources. Reports and exports read correlation results through this type and
/// ``AttributedEvents``; they never probe the store's tables themselves.
public struct CorrelationResults: Sendable, Equatable {
    /// Whether the correlation tables hold results.
    public enum Presence: Sendable, Equatable {
        /// The store's schema predates the correlation tables (opened read-only, not migrated).
        case noTables
        /// The tables exist but hold no interaction: `tessera correlate` has not run (or found none).
        case empty
        /// `interactions` holds this many rows.
        case present(interactions: Int)
    }

    /// The correlation tables a report reads (docs/schema.md).
    public static let tables = ["interactions", "interaction_access", "findings"]

    public var presence: Presence
    /// The latest recorded run; nil when none is recorded (results written by hand, or none).
    public var latestRun: CorrelationRun?
    /// Whether the latest run saw the store's current sources.
    public var status: CorrelationStatus

    /// Whether there are results to show.
    public var hasResults: Bool {
        if case .present = presence { return true }
        return false
    }

    /// Reads the store's correlation state (works on a read-only store).
    public static func read(_ store: EventStore) throws(CorrelationError) -> CorrelationResults {
        do {
            let db = store.database
            guard try hasTables(db) else { return CorrelationResults(presence: .noTables, latestRun: nil, status: .never) }
            let interactions = Int(try db.scalarInt("SELECT count(*) FROM interactions") ?? 0)
            let run = try CorrelationRun.latest(db)
            return CorrelationResults(
                presence: interactions == 0 ? .empty : .present(interactions: interactions),
                latestRun: run, status: try CorrelationStatus.of(db, run: run))
        } catch {
            throw .store(.sqlite(error))
        }
    }

    /// Whether the store has the correlation tables (every store migrated to the current schema does).
    static func hasTables(_ db: Database) throws(SQLiteError) -> Bool {
        try db.scalarInt(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
            [.text(CorrelationRun.table)]) == 1
    }
}
