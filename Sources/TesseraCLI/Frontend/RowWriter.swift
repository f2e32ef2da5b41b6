import TesseraReport
import TesseraSDK
import TesseraStore

/// Writes result rows to standard output in one of the output formats, streaming each value
/// from SQLite's bytes through the shared encoders into one output buffer.
///
/// Evidence text is attacker-controlled: CSV cells that a spreadsheet would run as a formula
/// are neutralized with a leading apostrophe (``CSVEscaping``), Markdown cells are escaped
/// (``MarkdownEscaping``), and control characters never reach the terminal raw (``TableWriter``).
struct RowWriter: QueryRunner.RowHandler {
    let format: OutputFormat
    private let out = ByteOutput.standardOutput()
    private var columnCount = 0
    /// `{"name":` and `,"name":` for each column, encoded once per result.
    private var jsonKeys: [[UInt8]] = []
    private var table: TableWriter?
    private var rowCount = 0
    private var resultSets = 0

    init(format: OutputFormat) {
        self.format = format
    }

    mutating func begin(columns: [String]) throws {
        columnCount = columns.count
        rowCount = 0
        resultSets += 1
        switch format {
        case .csv:
            if resultSets > 1 { out.bytes.append(UInt8(ascii: "\n")) }
            for (i, name) in columns.enumerated() {
                if i > 0 { out.bytes.append(UInt8(ascii: ",")) }
                Self.withBytes(name) { CSVEscaping.append(text: $0, to: &out.bytes) }
            }
            out.bytes.append(ascii: "\r\n")
        case .json:
            out.bytes.append(ascii: resultSets > 1 ? "\n[" : "[")
            jsonKeys = JSONWriter.memberPrefixes(columns)
        case .markdown:
            if resultSets > 1 { out.bytes.append(UInt8(ascii: "\n")) }
            for name in columns {
                out.bytes.append(ascii: "| ")
                Self.withBytes(name) { MarkdownEscaping.append(cell: $0, to: &out.bytes) }
                out.bytes.append(UInt8(ascii: " "))
            }
            out.bytes.append(ascii: "|\n|")
            for _ in columns { out.bytes.append(ascii: " --- |") }
            out.bytes.append(UInt8(ascii: "\n"))
        case .table:
            table = TableWriter(columns: columns)
        }
    }

    /// A row of the statement, read in place.
    mutating func row(_ row: Statement) throws {
        try writeRow { i, body in
            switch row.columnType(i) {
            case .null: body(.null)
            case .integer: body(.integer(row.int64(i)))
            case .real: body(.real(row.double(i)))
            case .text, .blob: row.withBytes(i) { body(.text($0)) }
            }
        }
    }

    /// A row of values (commands that list what is not in the store).
    mutating func row(values: [SQLValue]) throws {
        try writeRow { i, body in
            switch values[i] {
            case .null: body(.null)
            case .integer(let v): body(.integer(v))
            case .real(let v): body(.real(v))
            case .text(let s): Self.withBytes(s) { body(.text($0)) }
            case .textBytes(let b): b.withUnsafeBytes { body(.text($0)) }
            }
        }
    }

    mutating func end() throws {
        switch format {
        case .json: out.bytes.append(ascii: rowCount > 0 ? "\n]\n" : "]\n")
        case .table: try table?.finish(to: out)
        case .csv, .markdown: break
        }
        try out.flush()
    }

    // MARK: Cells

    /// One value, borrowed for the duration of a call.
    enum Cell {
        case null
        case integer(Int64)
        case real(Double)
        case text(UnsafeRawBufferPointer)
    }

    /// Writes the row whose cell `i` `cell(i, body)` hands to `body`.
    private mutating func writeRow(_ cell: (Int, (Cell) -> Void) -> Void) throws {
        rowCount += 1
        if format == .table {
            for i in 0..<columnCount {
                cell(i) { value in
                    switch value {
                    case .null: table!.cell(UnsafeRawBufferPointer(start: nil, count: 0))
                    case .integer(let v): Self.withBytes(String(v)) { table!.cell($0) }
                    case .real(let v): Self.withBytes(String(v)) { table!.cell($0) }
                    case .text(let bytes): table!.cell(bytes)
                    }
                }
            }
            try table!.endRow(to: out)
            return
        }
        let (format, columnCount, jsonKeys, first) = (format, columnCount, jsonKeys, rowCount == 1)
        try out.append { out in
            switch format {
            case .csv:
                for i in 0..<columnCount {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    cell(i) { value in
                        switch value {
                        case .null: break
                        case .integer(let v): out.append(decimal: v)
                        case .real(let v): out.append(utf8: String(v))
                        case .text(let bytes): CSVEscaping.append(text: bytes, to: &out)
                        }
                    }
                }
                out.append(ascii: "\r\n")
            case .json:
                out.append(ascii: first ? "\n" : ",\n")
                for i in 0..<columnCount {
                    out.append(contentsOf: jsonKeys[i])
                    cell(i) { value in
                        switch value {
                        case .null: out.append(ascii: "null")
                        case .integer(let v): out.append(decimal: v)
                        case .real(let v) where v.isFinite: out.append(utf8: String(v))
                        case .real(let v): JSONWriter.writeString(String(v), to: &out)
                        case .text(let bytes):
                            UTF8Validation.withValid(bytes) { JSONWriter.writeString(utf8: $0, to: &out) }
                        }
                    }
                }
                out.append(UInt8(ascii: "}"))
            case .markdown:
                for i in 0..<columnCount {
                    out.append(ascii: "| ")
                    cell(i) { value in
                        switch value {
                        case .null: break
                        case .integer(let v): out.append(decimal: v)
                        case .real(let v): Self.withBytes(String(v)) { MarkdownEscaping.append(cell: $0, to: &out) }
                        case .text(let bytes): MarkdownEscaping.append(cell: bytes, to: &out)
                        }
                    }
                    out.append(UInt8(ascii: " "))
                }
                out.append(ascii: "|\n")
            case .table:
                break
            }
        }
    }

    private static func withBytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var text = text
        return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
