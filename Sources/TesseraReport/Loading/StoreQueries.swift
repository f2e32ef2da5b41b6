import Foundation
import TesseraSDK
import TesseraStore

/// Small read helpers over the store's connection. Every value is bound as a parameter.
struct StoreQueries {
    let database: Database

    /// Runs `sql` and hands each row to `body`.
    func each(_ sql: String, _ values: [SQLValue] = [], _ body: (Statement) throws -> Void) throws {
        let statement = try database.prepare(sql)
        try statement.bind(values)
        while try statement.step() { try body(statement) }
    }

    /// Tables and views in the store.
    func relations() throws -> Set<String> {
        var names = Set<String>()
        try each("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')") { names.insert($0.text(0) ?? "") }
        return names
    }

    /// The columns of a table or view, in order.
    func columns(of relation: String) throws -> [String] {
        var names: [String] = []
        try each("SELECT name FROM pragma_table_info(?) ORDER BY cid", [.text(relation)]) { names.append($0.text(0) ?? "") }
        return names
    }

    func count(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        Int(try database.scalarInt(sql, values) ?? 0)
    }

    /// A JSON array of the ids, bound as one parameter and read back with `json_each`.
    static func jsonIDs<S: Sequence>(_ ids: S) -> SQLValue where S.Element == Int64 {
        var text = "["
        var first = true
        for id in ids {
            if !first { text += "," }
            text += String(id)
            first = false
        }
        return .text(text + "]")
    }

    static func jsonStrings(_ values: [String]) -> SQLValue {
        .text(JSONWriter.string(.array(values.map { .string($0) })))
    }
}

extension Statement {
    /// Text of a column, nil for NULL; numbers are given as their decimal text.
    func string(_ index: Int) -> String? {
        switch value(index) {
        case .null: return nil
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let s): return s
        case .textBytes(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    /// A time column: µs when INTEGER, parsed when ISO 8601 text (correlation tables keep
    /// `_utc` columns as text), nil when NULL or unreadable.
    func micros(_ index: Int) -> Int64? {
        switch value(index) {
        case .integer(let v): return v
        case .real(let v): return Int64(v)
        case .null: return nil
        default:
            guard let text = string(index), let parsed = try? Timestamp.parseISO8601(text) else { return nil }
            switch parsed {
            case .utc(let us): return us
            case .naive(let civil): return civil.microsecondsAsUTC
            }
        }
    }

    func optionalInt(_ index: Int) -> Int64? { isNull(index) ? nil : int64(index) }
}

/// SQL for reading a `_utc` column as µs inside a query, whether it holds INTEGER µs or
/// ISO 8601 UTC text (`2023-03-14T14:02:00.000000Z`).
enum SQLTime {
    static func micros(_ column: String) -> String {
        """
        (CASE typeof(\(column)) WHEN 'integer' THEN \(column) WHEN 'real' THEN CAST(\(column) AS INTEGER) \
        ELSE CAST(strftime('%s', substr(\(column), 1, 19)) AS INTEGER) * 1000000 \
        + (CASE WHEN substr(\(column), 20, 1) = '.' THEN CAST(round(CAST(substr(\(column), 20) AS REAL) * 1000000) AS INTEGER) ELSE 0 END) END)
        """
    }
}
