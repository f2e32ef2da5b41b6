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
}
