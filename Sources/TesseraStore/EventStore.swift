import Foundation

/// The SQLite event store: opening, schema migrations, source listing and replacement.
///
/// A writable store runs in WAL mode, so readers (`tessera query`, reports) see either the
/// old or the new state of a source while an ingest runs, never half.
public final class EventStore {
    public let database: Database
    public let path: String

    /// Opens (or, read-write, creates) the store at `path` and brings its schema up to date.
    /// - Parameter upToVersion: for tests of migrations only: stop after this version.
    public init(path: String, mode: Database.Mode, upToVersion: Int? = nil) throws(StoreError) {
        self.path = path
        if mode == .readOnly && !FileManager.default.fileExists(atPath: path) { throw .missing(path: path) }
        do {
            var database = try Database(path: path, mode: mode)
            if mode == .readWrite && database.isOpenedReadOnly { throw StoreError.readOnlyStore(path: path) }
            do {
                try Self.checkIdentity(database, path: path)
            } catch let error as SQLiteError
                where error.isCannotOpen && mode == .readOnly
                && !FileManager.default.fileExists(atPath: path + "-wal")
            {
                // A WAL store on read-only media: SQLite cannot create the -shm file. With no
                // -wal file beside it, the main file holds every committed transaction.
                database = try Database(path: path, mode: mode, immutable: true)
                try Self.checkIdentity(database, path: path)
            } catch let error as SQLiteError where error.isCannotOpen {
                throw StoreError.cannotOpen(path: path, reason: error.message)
            }
            self.database = database
            if mode == .readWrite {
                // 16 KiB pages (new stores only; an existing file keeps its page size): records of
                // 1-2 KB fit without overflow pages, and a bulk ingest writes ~15% fewer bytes.
                try database.execute(
                    "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(Self.pageCacheKiB); PRAGMA temp_store = \(Self.temporaryStorage);"
                )
                try migrate(upTo: upToVersion ?? Schema.currentVersion)
            } else {
                try database.execute("PRAGMA query_only = 1")
            }
        } catch let error as StoreError {
            throw error
        } catch let error as SQLiteError {
            if error.isNotADatabase { throw .notATesseraStore(path: path) }
            if error.isCannotOpen { throw .cannotOpen(path: path, reason: error.message) }
            throw .sqlite(error)
        } catch {
            throw .sqlite(SQLiteError(code: 1, extendedCode: 1, message: "\(error)", sql: nil))
        }
    }

    /// The page cache of a writable connection, in KiB (`PRAGMA cache_size` takes it negated).
    static let pageCacheKiB = 65_536

    /// Where a writable connection keeps temporary tables and sorts: in memory (sorts of
    /// correlation and detection are small beside the page cache).
    static let temporaryStorage = "MEMORY"

    /// Makes sorts spill to temporary files beyond the page cache's size (true), or gives back
    /// ``temporaryStorage`` (false). In memory, SQLite sorts without any bound: creating an index
    /// over millions of events would hold every key. Only outside a transaction.
    func setSortsSpillToFiles(_ spill: Bool) throws(SQLiteError) {
        try database.execute("PRAGMA temp_store = \(spill ? "FILE" : Self.temporaryStorage)")
    }

    /// The size of the store's main file in bytes (pages × page size; the WAL not counted).
    func fileBytes() throws(SQLiteError) -> Int64 {
        let pages = try database.scalarInt("PRAGMA page_count") ?? 0
        let pageSize = try database.scalarInt("PRAGMA page_size") ?? 0
        return pages * pageSize
    }

    /// The store's schema version (`PRAGMA user_version`).
    public func schemaVersion() throws(SQLiteError) -> Int {
        Int(try database.scalarInt("PRAGMA user_version") ?? 0)
    }

    private static func checkIdentity(_ database: Database, path: String) throws {
        let applicationID = try database.scalarInt("PRAGMA application_id") ?? 0
        let tables = try database.scalarInt("SELECT count(*) FROM sqlite_master") ?? 0
        let version = Int(try database.scalarInt("PRAGMA user_version") ?? 0)
        if tables > 0 && applicationID != Schema.applicationID { throw StoreError.notATesseraStore(path: path) }
        if version > Schema.currentVersion {
            throw StoreError.newerSchema(path: path, found: version, supported: Schema.currentVersion)
        }
    }

    private func migrate(upTo target: Int) throws {
        let version = try schemaVersion()
        guard version < target else { return }
        try database.transaction {
            try database.execute("PRAGMA application_id = \(Schema.applicationID)")
            for migration in Schema.migrations where migration.version > version && migration.version <= target {
                try database.execute(migration.sql)
                try database.execute("PRAGMA user_version = \(migration.version)")
            }
        }
    }

    /// Every source in the store, oldest first.
    public func sources() throws(SQLiteError) -> [SourceSummary] {
        let statement = try database.prepare(
            """
            SELECT source_id, path, sha256, size_bytes, plugin, plugin_version, format, ingested_at,
                   records_read, records_stored, duplicates, rejects, events_stored, warnings
            FROM sources ORDER BY source_id
            """)
        var result: [SourceSummary] = []
        while try statement.step() {
            result.append(
                SourceSummary(
                    sourceID: statement.int64(0), path: statement.text(1) ?? "", sha256: statement.text(2) ?? "",
                    sizeBytes: statement.int64(3), plugin: statement.text(4) ?? "", pluginVersion: statement.text(5) ?? "",
                    format: statement.text(6), ingestedAt: statement.text(7) ?? "",
                    counts: SourceCounts(
                        recordsRead: Int(statement.int64(8)), recordsStored: Int(statement.int64(9)),
                        duplicates: Int(statement.int64(10)), rejects: Int(statement.int64(11)),
                        eventsStored: Int(statement.int64(12))),
                    warnings: Self.decodeWarnings(statement.text(13) ?? "[]")))
        }
        return result
    }

    static func decodeWarnings(_ json: String) -> [String] {
        guard let data = json.data(using: .utf8),
            let array = try? JSONSerialization.jsonObject(with: data) as? [String]
        else { return [] }
        return array
    }

    /// Removes a source and everything derived from it (inside the caller's transaction).
    func deleteSource(_ sourceID: Int64) throws(SQLiteError) {
        let value: [SQLValue] = [.integer(sourceID)]
        for sql in [
            "DELETE FROM support_accounts WHERE session_row_id IN (SELECT session_row_id FROM support_sessions WHERE source_id = ?)",
            "DELETE FROM support_ips WHERE session_row_id IN (SELECT session_row_id FROM support_sessions WHERE source_id = ?)",
            "DELETE FROM support_scope WHERE session_row_id IN (SELECT session_row_id FROM support_sessions WHERE source_id = ?)",
            "DELETE FROM support_sessions WHERE source_id = ?",
            "DELETE FROM event_rows WHERE source_id = ?",
            "DELETE FROM records WHERE source_id = ?",
            "DELETE FROM rejects WHERE source_id = ?",
            "DELETE FROM source_manifests WHERE source_id = ?",
            "DELETE FROM sources WHERE source_id = ?",
        ] {
            try database.prepare(sql).run(value)
        }
    }

    /// Rebuilds `support_interactions` from `support_sessions` (small tables; inside a transaction).
    /// Descriptive fields come from the earliest support-log session that has them (the vendor's
    /// ticket says more than a Lockbox request), else from the earliest Lockbox request.
    func rebuildInteractions() throws(SQLiteError) {
        try database.execute(
            """
            DELETE FROM support_interactions;
            INSERT INTO support_interactions
            SELECT s.interaction_id,
                   group_concat(DISTINCT s.kind),
                   group_concat(DISTINCT s.engineer),
                   (SELECT tenant FROM support_sessions t WHERE t.interaction_id = s.interaction_id AND t.tenant IS NOT NULL ORDER BY t.kind = 'lockbox', t.start_us, t.session_row_id LIMIT 1),
                   (SELECT customer_class FROM support_sessions t WHERE t.interaction_id = s.interaction_id AND t.customer_class IS NOT NULL ORDER BY t.kind = 'lockbox', t.start_us, t.session_row_id LIMIT 1),
                   (SELECT ticket_url FROM support_sessions t WHERE t.interaction_id = s.interaction_id AND t.ticket_url IS NOT NULL ORDER BY t.kind = 'lockbox', t.start_us, t.session_row_id LIMIT 1),
                   group_concat(DISTINCT s.approval),
                   (SELECT summary FROM support_sessions t WHERE t.interaction_id = s.interaction_id AND t.summary IS NOT NULL ORDER BY t.kind = 'lockbox', t.start_us, t.session_row_id LIMIT 1),
                   min(s.start_us),
                   max(s.end_us),
                   count(*),
                   sum(s.end_us IS NULL)
            FROM support_sessions s
            GROUP BY s.interaction_id;
            """)
    }
}

/// Record counts of one source. They always add up: read = stored + duplicates + rejects.
public struct SourceCounts: Sendable, Equatable {
    public var recordsRead = 0
    public var recordsStored = 0
    public var duplicates = 0
    public var rejects = 0
    public var eventsStored = 0

    public init(recordsRead: Int = 0, recordsStored: Int = 0, duplicates: Int = 0, rejects: Int = 0, eventsStored: Int = 0) {
        self.recordsRead = recordsRead
        self.recordsStored = recordsStored
        self.duplicates = duplicates
        self.rejects = rejects
        self.eventsStored = eventsStored
    }

    public var addsUp: Bool { recordsRead == recordsStored + duplicates + rejects }
}

/// One row of `sources`.
public struct SourceSummary: Sendable, Equatable {
    public var sourceID: Int64
    public var path: String
    public var sha256: String
    public var sizeBytes: Int64
    public var plugin: String
    public var pluginVersion: String
    public var format: String?
    public var ingestedAt: String
    public var counts: SourceCounts
    public var warnings: [String]
}
