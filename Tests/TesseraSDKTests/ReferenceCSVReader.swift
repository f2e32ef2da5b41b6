import TesseraSDK

/// The reader the SDK had before its span-copying `CSVReader`: one byte at a time through the
/// RFC 4180 state machine, fields decoded as they are read. It is the specification the fast
/// reader is checked against (CSVReaderDifferentialTests); it is not used outside the tests.
struct ReferenceCSVRecord: Equatable {
    var fields: [String]
    var firstLine: Int
    var lastLine: Int
    var raw: [UInt8]
    var error: String?
}

/// Quoted fields may hold delimiters, doubled quotes and line
/// breaks; CRLF and LF both end records; a quote inside an unquoted field is kept literally.
/// Memory is bounded by `maxRecordBytes`.
final class ReferenceCSVReader {
    let delimiter: UInt8
    let quote: UInt8
    let maxRecordBytes: Int
    private let source: any ByteSource
    private var chunk: [UInt8]
    private var chunkStart = 0
    private var chunkEnd = 0
    private var ended = false
    private var line = 1

    init(
        _ source: any ByteSource, delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\""),
        maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes, chunkBytes: Int = 1 << 20
    ) {
        self.source = source
        self.chunk = [UInt8](repeating: 0, count: max(chunkBytes, 1))
        self.delimiter = delimiter
        self.quote = quote
        self.maxRecordBytes = maxRecordBytes
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// The next record, or nil at the end of input. Blank lines are skipped.
    func next() throws -> ReferenceCSVRecord? {
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
                if isNewline {
                    return ReferenceCSVRecord(
                        fields: fields, firstLine: firstLine, lastLine: line - 1, raw: raw,
                        error: "record longer than \(maxRecordBytes) bytes (an unbalanced quote?); skipped to the next line")
                }
                continue
            }

            if !sawAnything {
                if isNewline || byte == 0x0D { firstLine = line; continue } // blank line
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
                    return ReferenceCSVRecord(fields: fields, firstLine: firstLine, lastLine: line - 1, raw: raw, error: nil)
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
                    return ReferenceCSVRecord(fields: fields, firstLine: firstLine, lastLine: line - 1, raw: raw, error: nil)
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
            return ReferenceCSVRecord(
                fields: fields, firstLine: firstLine, lastLine: lastLine, raw: raw,
                error: "record longer than \(maxRecordBytes) bytes (an unbalanced quote?)")
        }
        if state == .quoted {
            return ReferenceCSVRecord(
                fields: fields, firstLine: firstLine, lastLine: lastLine, raw: raw,
                error: "unterminated quoted field opened on line \(quoteOpenedOn); the file ends inside it (truncated export?)")
        }
        if raw.last == 0x0D { raw.removeLast() }
        if field.last == 0x0D { field.removeLast() }
        finishField()
        return ReferenceCSVRecord(fields: fields, firstLine: firstLine, lastLine: lastLine, raw: raw, error: nil)
    }
}
