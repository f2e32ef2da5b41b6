/// A streaming RFC 4180 reader: quoted fields may hold delimiters, doubled quotes and line
/// breaks; CRLF and LF both end records; a quote inside an unquoted field is kept literally;
/// text after a closing quote is kept (as spreadsheet tools do) and a CR there is ignored.
/// Blank lines are skipped. Memory is bounded by `maxRecordBytes`.
///
/// It copies bytes in spans, not one at a time: a tight state machine finds a record's extent
/// (inside quotes it skips eight bytes at a time to the next quote or line break), copies the
/// record once into ``CSVRecord/raw``, and notes where each field lies in it. Fields are decoded
/// only when asked for (``CSVRecord/field(_:)``), so a plugin pays only for the columns it reads,
/// on whichever thread maps the record, and can hand a field to a parser as bytes.
public final class CSVReader {
    public static let defaultMaxRecordBytes = 64 << 20

    public let delimiter: UInt8
    public let quote: UInt8
    public let maxRecordBytes: Int
    private let source: any ByteSource
    private var chunk: [UInt8]
    private var start = 0
    private var end = 0
    private var ended = false
    private var line = 1
    private var typicalRecordBytes = 256
    private var typicalFieldCount = 8
    /// `quote` and line feed repeated in every byte of a word, for ``ByteWords``.
    private let quoteWord: UInt64
    private let lineFeedWord = ByteWords.ones &* UInt64(lf)

    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    /// - Parameters:
    ///   - delimiter: the field separator; `quote`: the quoting character. They must differ and
    ///     neither may be a line break (callers taking them from configuration check this).
    ///   - maxRecordBytes: a longer record is returned with an error and only its first
    ///     `maxRecordBytes + 1` bytes, and reading resumes at the next line feed.
    ///   - chunkBytes: how much is read from `source` at a time.
    public init(
        _ source: any ByteSource, delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\""),
        maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes, chunkBytes: Int = 1 << 20
    ) {
        precondition(
            delimiter != quote && !Self.isLineBreak(delimiter) && !Self.isLineBreak(quote),
            "CSV delimiter and quote must differ and must not be line breaks")
        self.source = source
        self.chunk = [UInt8](repeating: 0, count: max(chunkBytes, 1))
        self.delimiter = delimiter
        self.quote = quote
        self.maxRecordBytes = maxRecordBytes
        self.quoteWord = ByteWords.ones &* UInt64(quote)
    }

    /// Whether `byte` cannot serve as a delimiter or quote (it ends or is part of a line break).
    public static func isLineBreak(_ byte: UInt8) -> Bool { byte == lf || byte == cr }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// The next record, or nil at the end of input. Blank lines are skipped.
    public func next() throws -> CSVRecord? {
        var raw: [UInt8] = []
        raw.reserveCapacity(typicalRecordBytes)
        var bounds: [Range<Int>] = [] // field extents in `raw`
        bounds.reserveCapacity(typicalFieldCount)
        var fieldBegin = 0
        var state = State.fieldStart
        var firstLine = line
        var quoteOpenedOn = line
        var sawAnything = false
        var overlong = false
        var terminated = false
        let quote = self.quote, delimiter = self.delimiter, quoteWord = self.quoteWord, lineFeedWord = self.lineFeedWord
        let maxRecordBytes = self.maxRecordBytes

        outer: while true {
            if start == end {
                if ended { break }
                let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { ended = true; break }
                start = 0
                end = n
            }
            // Scan this chunk; `segment` is where the bytes not yet copied into `raw` begin.
            var segment = start
            var i = start
            let end = self.end
            let result: Bool = chunk.withUnsafeBufferPointer { p -> Bool in
                while i < end {
                    let byte = p[i]
                    if overlong {
                        i += 1
                        if byte == Self.lf { line += 1; return true }
                        continue
                    }
                    if !sawAnything {
                        if byte == Self.lf || byte == Self.cr {
                            if byte == Self.lf { line += 1 }
                            i += 1
                            firstLine = line
                            segment = i
                            continue
                        }
                        sawAnything = true
                        firstLine = line
                        segment = i
                    }
                    switch state {
                    case .quoted:
                        // Run to the next quote, counting line breaks, but never past the byte
                        // that makes the record over-long (checked below).
                        let limit = min(end, segment + maxRecordBytes + 1 - raw.count)
                        while true {
                            if i + 8 <= limit {
                                let word = ByteWords.load(p.baseAddress! + i)
                                let marks = ByteWords.bytes(word, matching: quoteWord) | ByteWords.bytes(word, matching: lineFeedWord)
                                if marks == 0 { i += 8; continue }
                                i += ByteWords.first(marks)
                            }
                            guard i < limit else { break }
                            let next = p[i]
                            if next != quote {
                                if next == Self.lf { line += 1 }
                                i += 1
                                continue
                            }
                            // A doubled quote is a quote inside the field (quoted → quoteInQuoted
                            // → quoted), and the over-long check cannot fire before `limit`.
                            if i + 2 < limit && p[i + 1] == quote { i += 2; continue }
                            break
                        }
                        if i < limit { state = .quoteInQuoted; i += 1 }
                    case .fieldStart, .unquoted, .quoteInQuoted:
                        i += 1
                        if byte == Self.lf {
                            line += 1
                            let position = raw.count + (i - 1 - segment)
                            raw.append(contentsOf: UnsafeBufferPointer(rebasing: p[segment..<(i - 1)]))
                            segment = i
                            bounds.append(fieldBegin..<position)
                            return true
                        }
                        if byte == delimiter {
                            let position = raw.count + (i - 1 - segment)
                            bounds.append(fieldBegin..<position)
                            fieldBegin = position + 1
                            state = .fieldStart
                        } else if byte == quote {
                            if state == .fieldStart { state = .quoted; quoteOpenedOn = line } else if state == .quoteInQuoted { state = .quoted }
                        } else if state == .quoteInQuoted {
                            if byte != Self.cr { state = .unquoted }
                        } else {
                            state = .unquoted
                        }
                    }
                    if raw.count + (i - segment) > maxRecordBytes {
                        // Keep the first max + 1 bytes, then skip to the next line feed.
                        let room = maxRecordBytes + 1 - raw.count
                        raw.append(contentsOf: UnsafeBufferPointer(rebasing: p[segment..<(segment + room)]))
                        overlong = true
                        bounds.removeAll()
                        segment = i
                    }
                }
                if !overlong && sawAnything {
                    raw.append(contentsOf: UnsafeBufferPointer(rebasing: p[segment..<end]))
                }
                return false
            }
            start = i
            if result { terminated = true; break outer }
        }

        guard sawAnything else { return nil }
        if overlong {
            let lastLine = terminated ? line - 1 : (raw.last == Self.lf ? line - 1 : line)
            let suffix = terminated ? "; skipped to the next line" : ""
            return CSVRecord(
                firstLine: firstLine, lastLine: lastLine, raw: raw,
                error: "record longer than \(maxRecordBytes) bytes (an unbalanced quote?)\(suffix)", bounds: [], quote: quote)
        }
        typicalRecordBytes = max(256, min(raw.count + 64, 1 << 16))
        typicalFieldCount = max(8, min(bounds.count + 1, 1 << 10))
        if !terminated {
            let lastLine = raw.last == Self.lf ? line - 1 : line
            if state == .quoted {
                return CSVRecord(
                    firstLine: firstLine, lastLine: lastLine, raw: raw,
                    error: "unterminated quoted field opened on line \(quoteOpenedOn); the file ends inside it (truncated export?)",
                    bounds: bounds, quote: quote)
            }
            bounds.append(fieldBegin..<raw.count)
            return finish(
                raw: raw, bounds: bounds, firstLine: firstLine, lastLine: lastLine,
                atEndOfInput: true, endedAfterQuote: state == .quoteInQuoted)
        }
        return finish(raw: raw, bounds: bounds, firstLine: firstLine, lastLine: line - 1, atEndOfInput: false, endedAfterQuote: false)
    }

    /// Drops a final CR from the record (it belongs to the line break) and from the last
    /// field's extent.
    private func finish(
        raw: [UInt8], bounds: [Range<Int>], firstLine: Int, lastLine: Int,
        atEndOfInput: Bool, endedAfterQuote: Bool
    ) -> CSVRecord {
        var raw = raw
        var bounds = bounds
        let hadCR = raw.last == Self.cr
        if hadCR {
            raw.removeLast()
            if let last = bounds.last, last.upperBound > raw.count {
                bounds[bounds.count - 1] = last.lowerBound..<max(last.lowerBound, raw.count)
            }
        }
        // At the end of input one CR also goes from the end of the last field's value: the CR
        // just removed, unless the field had closed its quotes (a CR after a closing quote is
        // ignored anyway), in which case a CR just inside the quotes goes.
        let dropsCR = atEndOfInput && (endedAfterQuote || !hadCR)
        return CSVRecord(
            firstLine: firstLine, lastLine: lastLine, raw: raw, error: nil, bounds: bounds, quote: quote,
            dropsFinalCROfLastField: dropsCR)
    }
}
