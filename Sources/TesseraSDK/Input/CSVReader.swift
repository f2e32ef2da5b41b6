/// One CSV record with where it came from.
public struct CSVRecord: Sendable {
    public var fields: [String]
    /// Line on which the record starts (1-based).
    public var firstLine: Int
    /// Line on which it ends (records may span lines inside quotes).
    public var lastLine: Int
    /// The record's bytes as they stood in the text, without the final line break
    /// (only the first ``CSVReader/maxRecordBytes`` for an over-long record).
    public var raw: [UInt8]
    /// Why the record is malformed (unterminated quote, over-long), or nil.
    public var error: String?

    /// `line 12` or `lines 12-14`.
    public var locator: String {
        firstLine == lastLine ? "line \(firstLine)" : "lines \(firstLine)-\(lastLine)"
    }
}

/// A streaming RFC 4180 reader: quoted fields may hold delimiters, doubled quotes and line
/// breaks; CRLF and LF both end records; a quote inside an unquoted field is kept literally.
/// Memory is bounded by `maxRecordBytes`.
public final class CSVReader {
    public static let defaultMaxRecordBytes = 64 << 20

    public let delimiter: UInt8
    public let quote: UInt8
    public let maxRecordBytes: Int
    private let source: any ByteSource
    private var chunk: [UInt8]
    private var chunkStart = 0
    private var chunkEnd = 0
    private var ended = false
    private var line = 1

    public init(_ source: any ByteSource, delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\""),
                maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes, chunkBytes: Int = 1 << 20) {
        self.source = source
        self.chunk = [UInt8](repeating: 0, count: max(chunkBytes, 1))
        self.delimiter = delimiter
        self.quote = quote
        self.maxRecordBytes = maxRecordBytes
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// The next record, or nil at the end of input. Blank lines are skipped.
    public func next() throws -> CSVRecord? {
        var fields: [String] = []
        var field: [UInt8] = []
        var raw: [UInt8] = []
        var state = State.fieldStart
        var firstLine = line
        var quoteOpenedOn = line
        var overlong = false
        var sawAnything = false

        func finishField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }

        while true {
            if chunkStart == chunkEnd {
                if ended { break }
                let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { ended = true; break }
                chunkStart = 0
                chunkEnd = n
            }
            let byte = chunk[chunkStart]
            chunkStart += 1
            let isNewline = byte == 0x0A
            if isNewline { line += 1 }

            if overlong {
                // Resynchronize at the next line break outside quotes we can no longer track.
                if isNewline { return CSVRecord(fields: fields, firstLine: firstLine, lastLine: line - 1, raw: raw,
                                                error: "record longer than \(maxRecordBytes) bytes (an unbalanced quote?); skipped to the next line") }
                continue
            }

            if !sawAnything {
                if isNewline || byte == 0x0D { firstLine = line; continue }   // blank line
                sawAnything = true
                firstLine = isNewline ? line - 1 : line
            }

            switch state {
            case .fieldStart, .unquoted:
                if byte == quote && state == .fieldStart {
                    state = .quoted
                    quoteOpenedOn = line
                } else if byte == delimiter {
                    finishField()
                    state = .fieldStart
                } else if isNewline {
                    if field.last == 0x0D { field.removeLast() }
                    if raw.last == 0x0D { raw.removeLast() }
                    finishField()
                    return CSVRecord(fields: fields, firstLine: firstLine, lastLine: line - 1, raw: raw, error: nil)
                } else {
                    field.append(byte)
                    state = .unquoted
                }
            case .quoted:
                if byte == quote { state = .quoteInQuoted } else { field.append(byte) }
            case .quoteInQuoted:
                if byte == quote {
                    field.append(quote)
                    state = .quoted
                } else if byte == delimiter {
                    finishField()
                    state = .fieldStart
                } else if isNewline {
                    if raw.last == 0x0D { raw.removeLast() }
                    finishField()
                    return CSVRecord(fields: fields, firstLine: firstLine, lastLine: line - 1, raw: raw, error: nil)
                } else if byte == 0x0D {
                    // CR of a CRLF after a closing quote: ignore.
                } else {
                    // Text after a closing quote: keep it, as spreadsheet tools do.
                    field.append(byte)
                    state = .unquoted
                }
            }
            raw.append(byte)
            if raw.count > maxRecordBytes {
                overlong = true
                fields.removeAll()
                field.removeAll()
            }
        }

        guard sawAnything else { return nil }
        let lastLine = raw.last == 0x0A ? line - 1 : line
        if overlong {
            return CSVRecord(fields: fields, firstLine: firstLine, lastLine: lastLine, raw: raw,
                             error: "record longer than \(maxRecordBytes) bytes (an unbalanced quote?)")
        }
        if state == .quoted {
            return CSVRecord(fields: fields, firstLine: firstLine, lastLine: lastLine, raw: raw,
                             error: "unterminated quoted field opened on line \(quoteOpenedOn); the file ends inside it (truncated export?)")
        }
        if raw.last == 0x0D { raw.removeLast() }
        if field.last == 0x0D { field.removeLast() }
        finishField()
        return CSVRecord(fields: fields, firstLine: firstLine, lastLine: lastLine, raw: raw, error: nil)
    }
}
