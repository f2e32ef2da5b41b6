import TesseraSDK
import TesseraStore

/// Writes event rows in one export format, straight from the SELECT's bytes into the output
/// buffer through the shared encoders (``CSVEscaping``, `JSONWriter`).
struct EventWriter {
    let format: ExportFormat
    let zone: DisplayZone
    let output: ByteOutput
    private let names: [String]
    private let fields: [ExportFields.Source]
    /// `{"name":` and `,"name":` for each field, encoded once.
    private let jsonKeys: [[UInt8]]
    /// Reused for values composed per row (times, id lists, l2t columns).
    private var scratch: [UInt8] = []

    init(format: ExportFormat, zone: DisplayZone, output: ByteOutput) {
        self.format = format
        self.zone = zone
        self.output = output
        switch format {
        case .timesketchJSONL, .timesketchCSV: names = ExportColumns.timesketch
        case .l2tCSV: names = ExportColumns.l2t
        case .csv, .jsonl: names = ExportColumns.events
        }
        fields = format == .l2tCSV ? [] : names.map(ExportFields.source)
        jsonKeys = JSONWriter.memberPrefixes(names)
        scratch.reserveCapacity(256)
    }

    func header() throws(ReportError) {
        switch format {
        case .timesketchCSV, .l2tCSV, .csv:
            output.bytes.append(utf8: names.joined(separator: ",") + "\r\n")
        case .timesketchJSONL, .jsonl: break
        }
    }

    mutating func row(_ e: ExportRow) throws {
        try output.append { bytes in
            switch format {
            case .l2tCSV: L2TCSV.append(e, zone: zone, scratch: &scratch, to: &bytes)
            case .timesketchCSV, .csv: appendCSV(e, to: &bytes)
            case .timesketchJSONL, .jsonl: appendJSON(e, to: &bytes)
            }
        }
    }

    private mutating func appendCSV(_ e: ExportRow, to out: inout [UInt8]) {
        for (k, field) in fields.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            switch field {
            case .text(let column):
                e.withBytes(column) { CSVEscaping.append(text: $0, to: &out) }
            case .integer(let column):
                switch e.statement.columnType(column) {
                case .integer: out.append(decimal: e.statement.int64(column))
                case .null: break
                default: e.withBytes(column) { CSVEscaping.append(text: $0, to: &out) }
                }
            default:
                guard composed(field, e) else { continue }
                scratch.withUnsafeBytes { CSVEscaping.append(text: $0, to: &out) }
            }
        }
        out.append(ascii: "\r\n")
    }

    private mutating func appendJSON(_ e: ExportRow, to out: inout [UInt8]) {
        for (k, field) in fields.enumerated() {
            out.append(contentsOf: jsonKeys[k])
            switch field {
            case .text(let column):
                if e.isNull(column) { out.append(ascii: "null"); continue }
                e.withBytes(column) { bytes in
                    UTF8Validation.withValid(bytes) { JSONWriter.writeString(utf8: $0, to: &out) }
                }
            case .integer(let column):
                switch e.statement.columnType(column) {
                case .integer: out.append(decimal: e.statement.int64(column))
                case .null: out.append(ascii: "null")
                default:
                    e.withBytes(column) { bytes in
                        UTF8Validation.withValid(bytes) { JSONWriter.writeString(utf8: $0, to: &out) }
                    }
                }
            case .unattributedSupport:
                out.append(ascii: e.unattributedSupport ? "true" : "false")
            case .tags:
                out.append(UInt8(ascii: "["))
                for (i, tag) in e.tags.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    JSONWriter.writeString(tag, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            default:
                guard composed(field, e) else { out.append(ascii: "null"); continue }
                scratch.withUnsafeBytes { JSONWriter.writeString(utf8: $0, to: &out) }
            }
        }
        out.append(ascii: "}\n")
    }

    /// Puts the value of a field that is not a SQL column in `scratch`; false for NULL.
    private mutating func composed(_ field: ExportFields.Source, _ e: ExportRow) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        switch field {
        case .timeUTC: DisplayZone.utc.append(iso8601: e.tsUs, to: &scratch)
        case .interactions: Self.append(joined: e.interactions, separator: UInt8(ascii: ";"), to: &scratch)
        case .findings: Self.append(joined: e.findings, separator: UInt8(ascii: ";"), to: &scratch)
        case .severity:
            guard let severity = e.severity else { return false }
            scratch.append(utf8: severity)
        case .unattributedSupport: scratch.append(ascii: e.unattributedSupport ? "true" : "false")
        case .verdict:
            guard let verdict = e.verdict else { return false }
            scratch.append(utf8: verdict)
        case .tags: Self.append(joined: e.tags, separator: UInt8(ascii: ";"), to: &scratch)
        case .text, .integer: preconditionFailure("SQL columns are written in place")
        }
        return true
    }

    static func append(joined values: [String], separator: UInt8, to out: inout [UInt8]) {
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(separator) }
            out.append(utf8: value)
        }
    }
}
