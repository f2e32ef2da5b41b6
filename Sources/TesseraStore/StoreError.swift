/// Why the store could not be used, phrased so an analyst knows what to do.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case sqlite(SQLiteError)
    case notATesseraStore(path: String)
    case newerSchema(path: String, found: Int, supported: Int)
    case missing(path: String)
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
        case .queryNotReadOnly(let sql):
            return "only read-only SQL is allowed in `tessera query` (SELECT, WITH, EXPLAIN, read-only PRAGMA); refused: \(sql.prefix(120)). The store was not changed."
        }
    }
}
