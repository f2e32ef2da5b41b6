import TesseraStore

/// SQL text with numbered parameters (`?1`, `?2`, ...): every value that comes from a rule or a
/// mapping file is bound, never spliced. `inlined` renders the values as literals for
/// `--print-sql` (SQLite quoting), so the printed statement runs as it is in `sqlite3`.
struct SQLBuilder {
    private(set) var parameters: [SQLValue] = []

    /// A placeholder bound to `value`.
    mutating func bind(_ value: SQLValue) -> String {
        parameters.append(value)
        return "?\(parameters.count)"
    }

    mutating func bind(_ text: String) -> String { bind(.text(text)) }

    /// `sql` with every `?N` replaced by the literal of parameter N.
    static func inlined(_ sql: String, _ parameters: [SQLValue]) -> String {
        var out = ""
        let scalars = Array(sql.unicodeScalars)
        var i = 0
        var inString = false
        while i < scalars.count {
            let c = scalars[i]
            if c == "'" { inString.toggle() }
            if c == "?", !inString, i + 1 < scalars.count, ("0"..."9").contains(scalars[i + 1]) {
                var j = i + 1
                var number = 0
                while j < scalars.count, ("0"..."9").contains(scalars[j]) {
                    number = number * 10 + Int(scalars[j].value - 48)
                    j += 1
                }
                out += literal(parameters[number - 1])
                i = j
                continue
            }
            out.unicodeScalars.append(c)
            i += 1
        }
        return out
    }

    static func literal(_ value: SQLValue) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .textBytes(let b): return "'" + String(decoding: b, as: UTF8.self).replacingOccurrences(of: "'", with: "''") + "'"
        }
    }
}
