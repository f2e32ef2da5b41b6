/// Why the store could not be used, phrased so an analyst knows what to do.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case sqlite(SQLiteError)
    case notATesseraStore(path: String)
    case newerSchema(path: String, found: Int, supported: Int)
    case missing(path: String)
    /// Writing one evidence file failed (disk full, I/O error); that file left nothing in the store.
    case storing(path: String, SQLiteError)
    /// `ingest` / `correlate` on a store that cannot be written (read-only file system or file).
    case readOnlyStore(path: String)
    /// SQLite could not open the file (e.g. a missing directory, or a WAL store on read-only
    /// media that still has a -wal file beside it).
    case cannotOpen(path: String, reason: String)
    case queryNotReadOnly(sql: String)

    public var description: String {
        switch self {
        case .sqlite(let error):
            if error.isDiskFull { return "the disk holding the store is full (\(error.message)); free space and re-run: the interrupted source was not stored" }
            if error.isReadOnly { return "the store cannot be written (\(error.message)); check the file's permissions or choose another --store" }
            return error.description
        case .notATesseraStore(let path):
            return "\(path) is not a Tessera store (it is another SQLite database or not a database at all); choose another --store path"
        case .newerSchema(let path, let found, let supported):
            return "\(path) has store schema version \(found), newer than this tessera supports (\(supported)); use a newer tessera, the store was not changed"
        case .missing(let path):
            return "no store at \(path); run `tessera ingest --store \(path) FILES...` first, or set --store / TESSERA_STORE"
        case .storing(let path, let error):
            return "\(path) was not stored: \(StoreError.sqlite(error).description)"
        case .readOnlyStore(let path):
            return
                "the store \(path) is read-only (a read-only file system, or a file this user may not write); ingest and correlate must write to it, the store was not changed. `tessera query` can still read it, or copy it to writable storage"
        case .cannotOpen(let path, let reason):
            return
                "cannot open the store \(path) (\(reason)): check that its directory exists and can be read (and written, to create a new store); a store on read-only media must not have a -wal file beside it (copy the store with its -wal file to writable storage and open it there once)"
        case .queryNotReadOnly(let sql):
            return
                "only read-only SQL is allowed in `tessera query` (SELECT, WITH, EXPLAIN, read-only PRAGMA); refused: \(sql.prefix(120)). The store was not changed."
        }
    }
}
