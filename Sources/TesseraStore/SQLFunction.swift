import CSQLite

/// An argument of an application-defined SQL function, read lazily from SQLite's value.
public struct SQLFunctionArgument {
    let value: OpaquePointer?

    /// True for SQL NULL.
    public var isNull: Bool { sqlite3_value_type(value) == SQLITE_NULL }

    /// The value as UTF-8 text bytes (numbers are converted by SQLite), borrowed for the duration
    /// of the call: copy what must outlive it. Nil for NULL.
    public func withUTF8<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T? {
        guard sqlite3_value_type(value) != SQLITE_NULL, let pointer = sqlite3_value_text(value) else { return nil }
        let count = Int(sqlite3_value_bytes(value))
        return try body(UnsafeBufferPointer(start: pointer, count: count))
    }

    /// The value as a Swift string (nil for NULL).
    public var text: String? { withUTF8 { String(decoding: $0, as: UTF8.self) } }
}

/// The error an application-defined function reports: SQLite aborts the statement with this
/// message (the statement's error then names it).
public struct SQLFunctionError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// The body of an application-defined scalar function.
public typealias SQLFunctionBody = ([SQLFunctionArgument]) throws(SQLFunctionError) -> SQLValue

private final class SQLFunctionBox {
    let body: SQLFunctionBody
    init(_ body: @escaping SQLFunctionBody) { self.body = body }
}

extension Database {
    /// Defines (or replaces) the scalar SQL function `name` on this connection, e.g. `REGEXP`
    /// for `x REGEXP y` (SQLite calls `regexp(y, x)`). `deterministic` lets SQLite evaluate a
    /// call with constant arguments once. The function lives as long as the connection.
    public func defineFunction(
        _ name: String, argumentCount: Int, deterministic: Bool = true,
        _ body: @escaping SQLFunctionBody
    ) throws(SQLiteError) {
        let box = Unmanaged.passRetained(SQLFunctionBox(body)).toOpaque()
        var flags = SQLITE_UTF8
        if deterministic { flags |= SQLITE_DETERMINISTIC }
        let rc = sqlite3_create_function_v2(
            handle, name, Int32(argumentCount), flags, box,
            { context, count, values in
                let box = Unmanaged<SQLFunctionBox>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue()
                var arguments: [SQLFunctionArgument] = []
                arguments.reserveCapacity(Int(count))
                for i in 0..<Int(count) { arguments.append(SQLFunctionArgument(value: values?[i])) }
                do {
                    switch try box.body(arguments) {
                    case .null: sqlite3_result_null(context)
                    case .integer(let v): sqlite3_result_int64(context, v)
                    case .real(let v): sqlite3_result_double(context, v)
                    case .text(let s) where s.isEmpty:
                        sqlite3_result_text(context, "", 0, tessera_sqlite_transient())
                    case .text(let s):
                        var s = s
                        s.withUTF8 { buffer in
                            sqlite3_result_text(
                                context, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                Int32(buffer.count), tessera_sqlite_transient())
                        }
                    case .textBytes(let bytes) where bytes.isEmpty:
                        sqlite3_result_text(context, "", 0, tessera_sqlite_transient())
                    case .textBytes(let bytes):
                        bytes.withUnsafeBufferPointer { buffer in
                            sqlite3_result_text(
                                context, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                Int32(buffer.count), tessera_sqlite_transient())
                        }
                    }
                } catch {
                    sqlite3_result_error(context, (error as? SQLFunctionError)?.message ?? "\(error)", -1)
                }
            },
            nil, nil,
            { pointer in if let pointer { Unmanaged<SQLFunctionBox>.fromOpaque(pointer).release() } })
        guard rc == SQLITE_OK else { throw self.error(rc, sql: nil) }
    }
}
