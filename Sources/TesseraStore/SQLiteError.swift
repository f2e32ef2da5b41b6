import CSQLite

/// An error reported by SQLite, with the extended result code, SQLite's message and the SQL
/// that failed. Bound values are never included: they are evidence.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var extendedCode: Int32
    public var message: String
    public var sql: String?

    public var description: String {
        var text = "SQLite error \(extendedCode): \(message)"
        if let sql { text += " (in: \(sql.prefix(200)))" }
        return text
    }

    /// The store's disk is full.
    public var isDiskFull: Bool { code == SQLITE_FULL }
    /// The store file is read-only, or the connection was opened read-only.
    public var isReadOnly: Bool { code == SQLITE_READONLY }
    /// SQLite could not open the file (missing, a directory, or no permission).
    public var isCannotOpen: Bool { code == SQLITE_CANTOPEN }
    /// The file is not an SQLite database.
    public var isNotADatabase: Bool { code == SQLITE_NOTADB }
    /// Another connection holds a lock this one could not wait out.
    public var isBusyOrLocked: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
}
