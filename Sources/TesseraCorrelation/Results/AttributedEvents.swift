import TesseraStore

/// Which events belong to which interaction, and which support access belongs to none: the
/// reads every consumer of correlation results (timeline, event list, exports) relies on.
///
/// The correlation engine lists every attributed event, with its interaction, in `attributions`,
/// and support identities' events outside every window in `unattributed_support_access`
/// (docs/schema.md). Call these only when ``CorrelationResults/hasResults`` is true.
public enum AttributedEvents {
    /// The interaction ids of `interactions`, in id order: the numbering ``attributed(_:from:to:_:)`` uses.
    public static func interactionIDs(_ db: Database) throws(SQLiteError) -> [String] {
        let statement = try db.prepare("SELECT interaction_id FROM interactions GROUP BY interaction_id ORDER BY interaction_id")
        var ids: [String] = []
        while try statement.step() { ids.append(statement.text(0) ?? "") }
        return ids
    }

    /// Hands `body` every attributed event with a time in `from...to`: the interaction's position
    /// in ``interactionIDs(_:)``, the event id and its time (µs). An attributed interaction
    /// missing from `interactions` is left out.
    public static func attributed(
        _ db: Database, from: Int64, to: Int64,
        _ body: (_ interaction: Int32, _ eventID: Int64, _ tsUs: Int64) -> Void
    ) throws(SQLiteError) {
        // Interactions are numbered in SQL so that each of the (many) attributed rows is read as
        // three integers. CROSS JOIN keeps `attributed` the outer loop (SQLite then indexes
        // `numbered` itself).
        let statement = try db.prepare(
            """
            WITH attributed AS (SELECT a.interaction_id AS interaction_id, e.event_id AS event_id, e.ts_us AS ts_us
                                FROM attributions a JOIN events e ON e.event_id = a.event_id),
                 numbered AS (SELECT interaction_id, row_number() OVER (ORDER BY interaction_id) - 1 AS n
                              FROM interactions GROUP BY interaction_id)
            SELECT numbered.n, attributed.event_id, attributed.ts_us
            FROM attributed CROSS JOIN numbered ON numbered.interaction_id = attributed.interaction_id
            WHERE attributed.ts_us BETWEEN ? AND ?
            """)
        try statement.bind([.integer(from), .integer(to)])
        while try statement.step() { body(Int32(statement.int64(0)), statement.int64(1), statement.int64(2)) }
    }

    /// Support identities' events outside every window with a time in `from...to`: (event id,
    /// time), in time order.
    public static func unattributedSupport(_ db: Database, from: Int64, to: Int64) throws(SQLiteError) -> [(eventID: Int64, tsUs: Int64)] {
        let statement = try db.prepare(
            """
            SELECT DISTINCT e.event_id, e.ts_us FROM unattributed_support_access u JOIN events e ON e.event_id = u.event_id
            WHERE e.ts_us BETWEEN ? AND ? ORDER BY e.ts_us, e.event_id
            """)
        try statement.bind([.integer(from), .integer(to)])
        var list: [(eventID: Int64, tsUs: Int64)] = []
        while try statement.step() { list.append((statement.int64(0), statement.int64(1))) }
        return list
    }
}
