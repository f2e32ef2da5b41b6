/// How a source's writer maintains the secondary indexes of `event_rows` (`events_ts`,
/// `events_actor`, `events_resource`, ...).
public enum IndexMaintenance: Sendable, Equatable {
    /// Each event enters every index as it is inserted.
    case live
    /// The indexes are dropped when the source's transaction begins and created again, each in one
    /// sorted pass over the table, just before it commits (``DeferredIndexes``).
    case deferred
    /// ``deferred`` for a source that is large and at least as large as the store already is,
    /// ``live`` otherwise (``DeferredIndexes/shouldDefer(sourceBytes:storeBytes:)``).
    case automatic
}

/// The secondary indexes of `event_rows`, set aside for the bulk load of one large source.
///
/// Maintained row by row, an index whose keys arrive in random order (resource, actor, client IP,
/// time, logon identity) touches a random leaf page per event; once the indexes outgrow the page
/// cache, every insert evicts a dirty page to the WAL and reads another back, and the cost per
/// event grows with the size of the source. Built after the rows are in, each index is one sort
/// and one ordered write of its pages.
///
/// Everything happens inside the source's transaction: `DROP INDEX` and `CREATE INDEX` commit
/// with the source or roll back with it (an error, ``SourceWriter/abort()``, or the process
/// dying), and a reader on another connection sees the last committed state — indexes included —
/// until the commit. Deduplication does not need these indexes: it uses `records.dedup_key`'s
/// unique index, which stays live.
struct DeferredIndexes {
    /// A source smaller than this keeps its indexes live: its index pages stay in the page cache
    /// (64 MiB, `EventStore`), so maintaining them row by row costs no I/O.
    static let minimumSourceBytes: Int64 = 64 << 20

    /// Whether ``IndexMaintenance/automatic`` defers the indexes: the source is at least
    /// ``minimumSourceBytes`` of evidence, and at least as large as the store's file. Creating an
    /// index reads the rows already stored as well, so the rebuild then costs at most about what
    /// the source's own rows cost, and a case of many sources stays linear overall.
    static func shouldDefer(sourceBytes: Int64, storeBytes: Int64) -> Bool {
        sourceBytes >= minimumSourceBytes && sourceBytes >= storeBytes
    }

    /// The `CREATE INDEX` statements of the dropped indexes, in the order they were created.
    private let definitions: [(name: String, sql: String)]

    /// Drops the secondary indexes of `event_rows` (inside the caller's transaction), remembering
    /// their definitions.
    init(dropping database: Database) throws(SQLiteError) {
        let statement = try database.prepare(
            """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND tbl_name = 'event_rows' AND sql IS NOT NULL
            ORDER BY rowid
            """)
        var definitions: [(name: String, sql: String)] = []
        while try statement.step() {
            definitions.append((statement.text(0) ?? "", statement.text(1) ?? ""))
        }
        statement.reset()
        for definition in definitions {
            try database.execute("DROP INDEX \"\(definition.name.replacingQuotes)\"")
        }
        self.definitions = definitions
    }

    /// The page cache while the indexes are built, in KiB. SQLite's sorter keeps up to one page
    /// cache's worth of keys in memory before it spills a sorted run to a file, on top of the page
    /// cache itself: with the usual 64 MiB, peak RSS passed 180 MiB on a 300,000-event source.
    static let sortingCacheKiB = 16_384

    /// Creates the dropped indexes again, with their exact definitions, with a smaller page cache
    /// (``sortingCacheKiB``) for the time it takes.
    func rebuild(in database: Database) throws(SQLiteError) {
        try database.execute("PRAGMA cache_size = -\(Self.sortingCacheKiB)")
        defer { try? database.execute("PRAGMA cache_size = -\(EventStore.pageCacheKiB)") }
        for definition in definitions {
            try database.execute(definition.sql)
        }
    }
}

extension String {
    /// The text with each `"` doubled, for a quoted SQL identifier.
    fileprivate var replacingQuotes: String {
        split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"")
    }
}
