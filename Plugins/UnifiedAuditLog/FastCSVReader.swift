import TesseraSDK

/// One CSV record: the same facts as the SDK's `CSVRecord` (which has no public initializer).
/// Fields are cut out of `raw` only when asked for, so the cost of decoding them falls on the
/// thread that maps the record, and AuditData can go to the JSON parser as bytes.
struct CSVRow: Sendable {
    var firstLine: Int
    var lastLine: Int
    /// The record's bytes without its final line break (the first `maxRecordBytes + 1` of an over-long one).
    var raw: [UInt8]
    var error: String?
    /// Where each field lies in `raw`.
    var bounds: [Range<Int>]
    /// At the end of input the SDK reader drops a CR that ends the last field's decoded value.
    var dropsFinalCROfLastField = false

    var locator: String { firstLine == lastLine ? "line \(firstLine)" : "lines \(firstLine)-\(lastLine)" }
    var fieldCount: Int { bounds.count }

    /// Field `index`, decoded (quotes removed, `""` as `"`), as bytes.
    func fieldBytes(_ index: Int) -> [UInt8] {
        var bytes = FastCSVReader.decode(raw, bounds[index])
        if dropsFinalCROfLastField, index == bounds.count - 1, bytes.last == 0x0D { bytes.removeLast() }
        return bytes
    }

    /// Field `index`, decoded, as text (invalid UTF-8 replaced).
    func field(_ index: Int) -> String {
        let range = bounds[index]
        if !(dropsFinalCROfLastField && index == bounds.count - 1) {
            // An unquoted field is its bytes verbatim: make the text from them directly.
            let verbatim = raw.withUnsafeBufferPointer { p -> String? in
                guard range.isEmpty || p[range.lowerBound] != UInt8(ascii: "\"") else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)
            }
            if let verbatim { return verbatim }
        }
        return String(decoding: fieldBytes(index), as: UTF8.self)
    }

    /// Every field, decoded.
    var fields: [String] { bounds.indices.map(field) }
}

/// A CSV reader with exactly the SDK `CSVReader`'s semantics (RFC 4180 plus its tolerance rules,
/// verified by a differential test) that copies bytes in spans instead of one at a time: it
/// scans a record's extent with a tight state machine, copies the record once into `raw`, then
/// cuts the fields out of `raw`. On a Purview export (one ~1 KB quoted AuditData field per row)
/// this is several times faster than the byte-by-byte reader, and framing runs on the thread
/// that also feeds the store.
final class FastCSVReader {
    let maxRecordBytes: Int
    private let source: any ByteSource
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    private var ended = false
    private var line = 1
    private var typicalRecordBytes = 256
    private var typicalFieldCount = 8

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    init(_ source: any ByteSource, maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes) {
        self.source = source
        self.maxRecordBytes = maxRecordBytes
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// The next record, or nil at the end of input. Blank lines are skipped.
    func next() throws -> CSVRow? {
        var raw: [UInt8] = []
        raw.reserveCapacity(typicalRecordBytes)
        var bounds: [Range<Int>] = []      // field extents in `raw`
        bounds.reserveCapacity(typicalFieldCount)
        var fieldBegin = 0
        var state = State.fieldStart
        var firstLine = line
        var quoteOpenedOn = line
        var sawAnything = false
        var overlong = false
        var terminated = false

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
                        // Fast path: run to the next quote, counting line breaks, but never past
                        // the byte that makes the record over-long (checked below).
                        let limit = min(end, segment + maxRecordBytes + 1 - raw.count)
                        while true {
                            if i + 8 <= limit {
                                let word = ByteWords.load(p.baseAddress! + i)
                                let marks = ByteWords.bytes(word, equalTo: Self.quote) | ByteWords.bytes(word, equalTo: Self.lf)
                                if marks == 0 { i += 8; continue }
                                i += ByteWords.first(marks)
                            }
                            guard i < limit else { break }
                            let next = p[i]
                            if next != Self.quote {
                                if next == Self.lf { line += 1 }
                                i += 1
                                continue
                            }
                            // `""` is a quote inside the field: the byte-by-byte states would go
                            // quoted → quoteInQuoted → quoted, and the over-long check cannot fire
                            // before `limit`, so stay in this loop.
                            if i + 2 < limit && p[i + 1] == Self.quote { i += 2; continue }
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
                        if byte == Self.comma {
                            let position = raw.count + (i - 1 - segment)
                            bounds.append(fieldBegin..<position)
                            fieldBegin = position + 1
                            state = .fieldStart
                        } else if byte == Self.quote {
                            if state == .fieldStart { state = .quoted; quoteOpenedOn = line }
                            else if state == .quoteInQuoted { state = .quoted }
                        } else if state == .quoteInQuoted {
                            if byte != Self.cr { state = .unquoted }
                        } else {
                            state = .unquoted
                        }
                    }
                    if raw.count + (i - segment) > maxRecordBytes {
                        let room = maxRecordBytes + 1 - raw.count
                        raw.append(contentsOf: UnsafeBufferPointer(rebasing: p[segment..<(segment + room)]))
                        // Like the SDK reader: keep the first max + 1 bytes, then skip to the next LF.
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
            return CSVRow(firstLine: firstLine, lastLine: lastLine, raw: raw,
                          error: "record longer than \(maxRecordBytes) bytes (an unbalanced quote?)\(suffix)", bounds: [])
        }
        typicalRecordBytes = max(256, min(raw.count + 64, 1 << 16))
        typicalFieldCount = max(8, min(bounds.count + 1, 1 << 10))
        if !terminated {
            let lastLine = raw.last == Self.lf ? line - 1 : line
            if state == .quoted {
                return CSVRow(firstLine: firstLine, lastLine: lastLine, raw: raw,
                              error: "unterminated quoted field opened on line \(quoteOpenedOn); the file ends inside it (truncated export?)",
                              bounds: bounds)
            }
            bounds.append(fieldBegin..<raw.count)
            return finish(raw: raw, bounds: bounds, firstLine: firstLine, lastLine: lastLine,
                          atEndOfInput: true, endedAfterQuote: state == .quoteInQuoted)
        }
        return finish(raw: raw, bounds: bounds, firstLine: firstLine, lastLine: line - 1, atEndOfInput: false, endedAfterQuote: false)
    }

    /// Drops a final CR from the record (it belongs to the line break, or the SDK reader drops it
    /// at the end of input) and from the last field's extent.
    private func finish(raw: [UInt8], bounds: [Range<Int>], firstLine: Int, lastLine: Int,
                        atEndOfInput: Bool, endedAfterQuote: Bool) -> CSVRow {
        var raw = raw
        var bounds = bounds
        let hadCR = raw.last == Self.cr
        if hadCR {
            raw.removeLast()
            if let last = bounds.last, last.upperBound > raw.count {
                bounds[bounds.count - 1] = last.lowerBound..<max(last.lowerBound, raw.count)
            }
        }
        // At the end of input the SDK reader drops one CR from the last field's decoded value as
        // well: that is the CR just removed unless the field had closed its quotes (a CR after a
        // closing quote is ignored), in which case a CR inside the quotes goes.
        let quirk = atEndOfInput && (endedAfterQuote || !hadCR)
        return CSVRow(firstLine: firstLine, lastLine: lastLine, raw: raw, error: nil, bounds: bounds, dropsFinalCROfLastField: quirk)
    }

    /// The index of the first quote in `p[from..<upper]`, or `upper`.
    @inline(__always)
    private static func nextQuote(_ p: UnsafeBufferPointer<UInt8>, from: Int, upper: Int) -> Int {
        var q = from
        while q + 8 <= upper {
            let quotes = ByteWords.bytes(ByteWords.load(p.baseAddress! + q), equalTo: Self.quote)
            if quotes != 0 { return q + ByteWords.first(quotes) }
            q += 8
        }
        while q < upper && p[q] != Self.quote { q += 1 }
        return q
    }

    /// A field's value from its bytes in the record: unquoted text verbatim; quoted text with
    /// `""` as `"`; after a closing quote, CRs ignored until other text, which is kept verbatim.
    static func decode(_ raw: [UInt8], _ range: Range<Int>) -> [UInt8] {
        raw.withUnsafeBufferPointer { p -> [UInt8] in
            guard !range.isEmpty, p[range.lowerBound] == Self.quote else {
                return Array(UnsafeBufferPointer(rebasing: p[range]))
            }
            let upper = range.upperBound
            var i = range.lowerBound + 1
            let q = nextQuote(p, from: i, upper: upper)
            if q >= upper - 1 {
                // One quoted run closed by the field's last byte (the common case).
                return Array(UnsafeBufferPointer(rebasing: p[i..<min(q, upper)]))
            }
            // The value is never longer than the field: write it straight into its final storage.
            // Every value byte comes from a later field byte (the opening quote gives none), so
            // `count <= i - range.lowerBound - 1` throughout and a whole word can be stored at
            // `count` whenever eight field bytes remain.
            return [UInt8](unsafeUninitializedCapacity: upper - range.lowerBound) { out, count in
                let source = p.baseAddress!, target = out.baseAddress!
                func copy(_ from: Int, _ to: Int) {
                    (target + count).initialize(from: source + from, count: to - from)
                    count += to - from
                }
                copy(i, q)
                i = q + 1
                var inQuotes = false   // false: just after a closing quote
                while i < upper {
                    if inQuotes {
                        while i + 8 <= upper {
                            let word = ByteWords.load(source + i)
                            ByteWords.store(word, to: target + count)
                            let quotes = ByteWords.bytes(word, equalTo: Self.quote)
                            if quotes != 0 {
                                let n = ByteWords.first(quotes)
                                count += n
                                i += n
                                break
                            }
                            count += 8
                            i += 8
                        }
                        while i < upper && p[i] != Self.quote {
                            target[count] = p[i]
                            count += 1
                            i += 1
                        }
                        i += 1
                        inQuotes = false
                    } else {
                        let byte = p[i]
                        i += 1
                        if byte == Self.quote {
                            target[count] = Self.quote
                            count += 1
                            inQuotes = true
                        } else if byte != Self.cr {
                            copy(i - 1, upper)
                            break
                        }
                    }
                }
            }
        }
    }
}
