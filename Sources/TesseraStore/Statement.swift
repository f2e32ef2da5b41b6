import CSQLite

/// A value bound to, or read from, a statement.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// Text given as raw bytes, stored verbatim (evidence that may not be valid UTF-8).
    case textBytes([UInt8])

    /// `.text(s)` or `.null` for nil.
    public static func optional(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
    /// `.integer(v)` or `.null` for nil.
    public static func optional(_ v: Int64?) -> SQLValue { v.map { .integer($0) } ?? .null }
}

/// A prepared statement, finalized when the object goes away. Values are always bound as
/// parameters, never spliced into SQL.
public final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    public let sql: String

    init(database: Database, sql: String) throws(SQLiteError) {
        var handle: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &handle, nil)
        guard rc == SQLITE_OK, let handle else { throw database.error(rc, sql: sql) }
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    /// Adopts a statement prepared elsewhere in this module.
    init(database: Database, handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Whether the statement leaves the database unchanged (SQLite's own judgement).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Resets the statement and binds `values` to its parameters in order.
    public func bind(_ values: [SQLValue]) throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard values.count == parameterCount else {
            throw SQLiteError(
                code: SQLITE_RANGE, extendedCode: SQLITE_RANGE,
                message: "statement takes \(parameterCount) values, \(values.count) given", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let s):
            var s = s
            rc = s.withUTF8 { bindText(UnsafeRawBufferPointer($0), at: index) }
        case .textBytes(let bytes):
            rc = bytes.withUnsafeBytes { bindText($0, at: index) }
        }
        guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
    }

    private func bindText(_ buffer: UnsafeRawBufferPointer, at index: Int32) -> Int32 {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            return sqlite3_bind_text(handle, index, "", 0, nil)
        }
        return sqlite3_bind_text(
            handle, index, base.assumingMemoryBound(to: CChar.self), Int32(buffer.count),
            tessera_sqlite_transient())
    }

    // MARK: Binding without intermediate arrays (the ingest hot path)

    /// Clears the previous execution and bindings.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds text (or NULL for nil) at a 1-based index.
    public func bind(_ text: String?, at index: Int32) throws(SQLiteError) {
        guard var text else {
            try check(sqlite3_bind_null(handle, index))
            return
        }
        let rc =
            text.utf8.withContiguousStorageIfAvailable { bindText(UnsafeRawBufferPointer($0), at: index) }
            ?? text.withUTF8 { bindText(UnsafeRawBufferPointer($0), at: index) }
        try check(rc)
    }

    /// Binds `count` bytes at `pointer` as text without copying them (`SQLITE_STATIC`), or NULL
    /// for a negative count. The caller keeps the bytes alive and unchanged until ``reset()``.
    func bindInPlace(_ pointer: UnsafePointer<UInt8>, count: Int, at index: Int32) throws(SQLiteError) {
        let rc =
            count < 0
            ? sqlite3_bind_null(handle, index)
            : sqlite3_bind_text64(
                handle, index, UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self),
                sqlite3_uint64(count), nil, UInt8(SQLITE_UTF8))
        try check(rc)
    }

    /// Binds an integer (or NULL for nil) at a 1-based index.
    public func bind(_ value: Int64?, at index: Int32) throws(SQLiteError) {
        try check(value.map { sqlite3_bind_int64(handle, index, $0) } ?? sqlite3_bind_null(handle, index))
    }

    /// Binds raw bytes as text, verbatim, at a 1-based index.
    public func bind(bytes: [UInt8], at index: Int32) throws(SQLiteError) {
        try check(bytes.withUnsafeBytes { bindText($0, at: index) })
    }

    /// Runs a statement that returns no rows to completion.
    public func execute() throws(SQLiteError) {
        while try step() {}
    }

    private func check(_ rc: Int32) throws(SQLiteError) {
        guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
    }

    /// Advances to the next row. Returns false when done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Binds `values`, runs to completion, and resets.
    public func run(_ values: [SQLValue] = []) throws(SQLiteError) {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func columnName(_ index: Int) -> String {
        String(cString: sqlite3_column_name(handle, Int32(index)))
    }

    public func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    public func int64(_ index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }

    public func text(_ index: Int) -> String? {
        guard let pointer = sqlite3_column_text(handle, Int32(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// SQLite's storage class of a column in the current row.
    public enum ColumnType: Sendable {
        case null, integer, real, text, blob
    }

    /// The storage class of column `index` in the current row.
    public func columnType(_ index: Int) -> ColumnType {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer
        case SQLITE_FLOAT: return .real
        case SQLITE_BLOB: return .blob
        default: return .text
        }
    }

    public func double(_ index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }

    /// Hands `body` the bytes SQLite holds for column `index` without copying them: text as
    /// UTF-8 (as stored, not validated), a blob as is, NULL as no bytes. The bytes are SQLite's
    /// and valid only inside `body`, which must not step or reset the statement.
    public func withBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let i = Int32(index)
        let pointer: UnsafeRawPointer? =
            sqlite3_column_type(handle, i) == SQLITE_BLOB
            ? sqlite3_column_blob(handle, i) : sqlite3_column_text(handle, i).map(UnsafeRawPointer.init)
        let count = Int(sqlite3_column_bytes(handle, i))
        return try body(UnsafeRawBufferPointer(start: count > 0 ? pointer : nil, count: count > 0 ? count : 0))
    }

    /// The column's value with its SQLite storage class.
    public func value(_ index: Int) -> SQLValue {
        let i = Int32(index)
        switch sqlite3_column_type(handle, i) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, i))
            guard let pointer = sqlite3_column_blob(handle, i), count > 0 else { return .textBytes([]) }
            return .textBytes(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default: return .text(text(index) ?? "")
        }
    }
}
