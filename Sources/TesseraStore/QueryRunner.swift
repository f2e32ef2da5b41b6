import CSQLite

/// Runs investigators' SQL on a read-only connection.
///
/// Three layers keep the store unchanged: the connection is opened read-only, `query_only`
/// is set, and every statement is checked with `sqlite3_stmt_readonly` before it runs.
public struct QueryRunner {
    public let store: EventStore

    public init(store: EventStore) {
        self.store = store
    }

    /// Receives the results of one statement: its columns once, then each row.
    ///
    /// A row is the statement itself, positioned on it: read its columns with
    /// ``Statement/columnType(_:)``, ``Statement/withBytes(_:_:)`` and friends, straight from
    /// SQLite's buffers (nothing is copied unless the handler copies it), and only until
    /// `row(_:)` returns.
    public protocol RowHandler {
        mutating func begin(columns: [String]) throws
        mutating func row(_ row: Statement) throws
        mutating func end() throws
    }

    /// Runs every statement in `sql` in order, handing the rows of those that return columns to `handler`.
    /// Refuses the whole text, before running any of it, if one statement would write.
    public func run<H: RowHandler>(_ sql: String, values: [SQLValue] = [], into handler: inout H) throws {
        let statements: [Statement]
        do {
            statements = try prepareAll(sql)
        } catch {
            // UPDATE or DELETE on a view (`events`) fails to prepare: it is a write all the same.
            let writesToView = error.message.hasPrefix("cannot modify ") && error.message.hasSuffix("because it is a view")
            throw writesToView ? StoreError.queryNotReadOnly(sql: error.sql ?? sql) : error
        }
        for statement in statements where !statement.isReadOnly {
            throw StoreError.queryNotReadOnly(sql: statement.sql)
        }
        for statement in statements {
            if statement.parameterCount > 0 { try statement.bind(values) }
            let count = statement.columnCount
            guard count > 0 else {
                while try statement.step() {}
                continue
            }
            try handler.begin(columns: (0..<count).map(statement.columnName))
            while try statement.step() {
                try handler.row(statement)
            }
            try handler.end()
        }
    }

    private func prepareAll(_ sql: String) throws(SQLiteError) -> [Statement] {
        var result: [Statement] = []
        let database = store.database
        let bytes = Array(sql.utf8) + [0]
        try bytes.withUnsafeBufferPointer { (buffer) throws(SQLiteError) in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var cursor: UnsafePointer<CChar>? = base
            while let current = cursor, current.pointee != 0 {
                var handle: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v2(database.handle, current, -1, &handle, &tail)
                let length = (tail ?? current) - current
                let text = String(decoding: UnsafeRawBufferPointer(start: current, count: length), as: UTF8.self)
                guard rc == SQLITE_OK else { throw database.error(rc, sql: text.trimmingCharactersInWhitespaceASCII()) }
                if let handle {
                    result.append(
                        Statement(
                            database: database, handle: handle,
                            sql: text.trimmingCharactersInWhitespaceASCII()))
                }
                cursor = tail
                if length == 0 { break }
            }
        }
        return result
    }
}

extension String {
    func trimmingCharactersInWhitespaceASCII() -> String {
        let bytes = Array(utf8)
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = bytes.lastIndex(where: { !isSpace($0) })!
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
