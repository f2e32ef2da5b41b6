import Foundation
import TesseraSDK
import TesseraReport
import TesseraStore

/// Writes result rows to standard output in one of the output formats. CSV, JSON and
/// Markdown stream row by row; the table format buffers to align columns.
///
/// Evidence text is attacker-controlled: CSV cells that a spreadsheet would run as a formula
/// are neutralized with a leading apostrophe, Markdown cells are escaped, and control
/// characters never reach the terminal raw.
struct RowWriter: QueryRunner.RowHandler {
    let format: OutputFormat
    private var out = BufferedOutput()
    private var columns: [String] = []
    private var tableRows: [[String]] = []
    private var rowCount = 0
    private var resultSets = 0

    init(format: OutputFormat) {
        self.format = format
    }

    mutating func begin(columns: [String]) throws {
        self.columns = columns
        rowCount = 0
        tableRows = []
        resultSets += 1
        switch format {
        case .csv:
            if resultSets > 1 { out.write("\n") }
            out.write(columns.map(Self.csvCell).joined(separator: ",") + "\r\n")
        case .json:
            out.write(resultSets > 1 ? "\n[" : "[")
        case .markdown:
            if resultSets > 1 { out.write("\n") }
            out.write("| " + columns.map(Self.markdownCell).joined(separator: " | ") + " |\n")
            out.write("|" + columns.map { _ in " --- |" }.joined() + "\n")
        case .table:
            break
        }
    }

    mutating func row(_ values: [SQLValue]) throws {
        rowCount += 1
        switch format {
        case .csv:
            out.write(values.map(Self.csvValue).joined(separator: ",") + "\r\n")
        case .json:
            var bytes: [UInt8] = rowCount > 1 ? [UInt8(ascii: ","), 0x0A] : [0x0A]
            JSONWriter.write(.object(JSONObject(zip(columns, values.map(Self.jsonValue)).map { ($0.0, $0.1) })), to: &bytes)
            out.write(bytes)
        case .markdown:
            out.write("| " + values.map { Self.markdownCell(Self.plain($0)) }.joined(separator: " | ") + " |\n")
        case .table:
            tableRows.append(values.map { Self.tableCell(Self.plain($0)) })
        }
    }

    mutating func end() throws {
        switch format {
        case .json:
            out.write(rowCount > 0 ? "\n]\n" : "]\n")
        case .table:
            writeTable()
        case .csv, .markdown:
            break
        }
        out.flush()
    }

    private mutating func writeTable() {
        var widths = columns.map(\.count)
        for row in tableRows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (i, cell) in cells.enumerated() {
                text += cell
                if i < cells.count - 1 { text += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            return text
        }
        out.write(line(columns) + "\n")
        out.write(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n")
        for row in tableRows { out.write(line(row) + "\n") }
        out.write("(\(tableRows.count) row\(tableRows.count == 1 ? "" : "s"))\n")
    }

    // MARK: Cell encodings

    static func plain(_ value: SQLValue) -> String {
        switch value {
        case .null: return ""
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let s): return s
        case .textBytes(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    static func jsonValue(_ value: SQLValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .integer(let v): return .number(String(v))
        case .real(let v): return v.isFinite ? .number(String(v)) : .string(String(v))
        case .text, .textBytes: return .string(plain(value))
        }
    }

    static func csvValue(_ value: SQLValue) -> String {
        switch value {
        case .integer, .real, .null: return plain(value)
        case .text, .textBytes: return csvCell(plain(value))
        }
    }

    /// A CSV cell: quoted when needed; text a spreadsheet would evaluate is prefixed with `'`
    /// (shared with `tessera export`, see ``CSVEscaping``).
    static func csvCell(_ text: String) -> String { CSVEscaping.cell(text) }

    /// A Markdown table cell (shared with `tessera report`, see ``MarkdownEscaping``).
    static func markdownCell(_ text: String) -> String { MarkdownEscaping.cell(text) }

    /// Table cells: one line, no control characters (escape sequences must not reach the terminal).
    static func tableCell(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                out += scalar == "\n" || scalar == "\t" || scalar == "\r" ? " " : "\u{FFFD}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Buffered writes to standard output.
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ text: String) { buffer.append(contentsOf: text.utf8); flushIfLarge() }
    mutating func write(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes); flushIfLarge() }

    private mutating func flushIfLarge() { if buffer.count > 1 << 16 { flush() } }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
