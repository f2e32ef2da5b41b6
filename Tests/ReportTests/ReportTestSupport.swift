import Foundation
import TesseraSDK
import TesseraStore
import TesseraTestSupport

@testable import TesseraReport

/// A fresh directory per test.
func temporaryDirectory() throws -> String { try makeTemporaryDirectory("report-tests") }

/// 2024-05-01T12:00:00Z, the `--generated-at` of every test report.
let fixedGenerationTime: Int64 = 1_714_564_800_000_000

func options(zone: DisplayZone = .utc, maxEventRows: Int = 2_000) -> ReportOptions {
    ReportOptions(
        title: "Case 2024-17: vendor support access", generatedAtUs: fixedGenerationTime, zone: zone,
        toolVersion: "test", maxEventRows: maxEventRows)
}

/// Renders a report from the store at `path`, opened read-only as the command does.
func render(
    _ path: String, _ format: ReportFormat, filter: ReportFilter = ReportFilter(),
    options: ReportOptions = options()
) throws -> String {
    let store = try EventStore(path: path, mode: .readOnly)
    return try Report.render(store: store, format: format, filter: filter, options: options)
}

/// Loads the content a report would show.
func content(_ path: String, filter: ReportFilter = ReportFilter(), options: ReportOptions = options()) throws -> ReportContent {
    let store = try EventStore(path: path, mode: .readOnly)
    return try ReportLoader.load(store: store, filter: filter, options: options)
}

/// SHA-256 of a file, computed independently of the report code.
func fileSHA256(_ path: String) throws -> String {
    var hasher = SHA256()
    hasher.update(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    return hasher.finalizeHex()
}

/// Exports to a temporary file and returns its text.
func exportText(
    _ path: String, _ format: ExportFormat, rows: ExportRows = .events, filter: ReportFilter = ReportFilter(),
    zone: DisplayZone = .utc
) throws -> String {
    let store = try EventStore(path: path, mode: .readOnly)
    let out = try temporaryDirectory() + "/export.out"
    try Exporter.export(store: store, format: format, rows: rows, filter: filter, zone: zone, to: out)
    return try String(contentsOfFile: out, encoding: .utf8)
}

/// Splits RFC 4180 CSV text into records of fields (quotes, doubled quotes, CRLF).
func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text.unicodeScalars)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            record.append(field); field = ""
        } else if c == "\r" || c == "\n" {
            if c == "\r", chars.first == "\n" { chars.removeFirst() }
            record.append(field); field = ""
            records.append(record); record = []
        } else {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
    return records
}
