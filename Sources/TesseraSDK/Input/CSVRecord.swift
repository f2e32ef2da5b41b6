/// One CSV record with where it came from. Its fields are cut out of ``raw`` when asked for.
public struct CSVRecord: Sendable {
    /// Line on which the record starts (1-based).
    public let firstLine: Int
    /// Line on which it ends (records may span lines inside quotes).
    public let lastLine: Int
    /// The record's bytes as they stood in the text, without the final line break
    /// (only the first `maxRecordBytes + 1` of an over-long record).
    public let raw: [UInt8]
    /// Why the record is malformed (unterminated quote, over-long), or nil.
    public let error: String?
    /// Where each field lies in `raw` (quotes included); empty for an over-long record.
    let bounds: [Range<Int>]
    /// The reader's quote character.
    let quote: UInt8
    /// At the end of input, a CR at the end of the last field's value belongs to no line break
    /// and is dropped.
    let dropsFinalCROfLastField: Bool

    init(
        firstLine: Int, lastLine: Int, raw: [UInt8], error: String?, bounds: [Range<Int>], quote: UInt8,
        dropsFinalCROfLastField: Bool = false
    ) {
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.raw = raw
        self.error = error
        self.bounds = bounds
        self.quote = quote
        self.dropsFinalCROfLastField = dropsFinalCROfLastField
    }

    /// `line 12` or `lines 12-14`.
    public var locator: String {
        firstLine == lastLine ? "line \(firstLine)" : "lines \(firstLine)-\(lastLine)"
    }

    /// How many fields the record has (those read before the damage for a malformed record).
    public var fieldCount: Int { bounds.count }

    /// Every field, decoded (quotes removed, doubled quotes as one; invalid UTF-8 replaced).
    public var fields: [String] { bounds.indices.map(field) }

    /// Field `index` (below ``fieldCount``), decoded, as text (invalid UTF-8 replaced).
    public func field(_ index: Int) -> String {
        let range = bounds[index]
        if !(dropsFinalCROfLastField && index == bounds.count - 1) {
            // An unquoted field is its bytes verbatim: make the text from them directly.
            let verbatim = raw.withUnsafeBufferPointer { p -> String? in
                guard range.isEmpty || p[range.lowerBound] != quote else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)
            }
            if let verbatim { return verbatim }
        }
        return String(decoding: fieldBytes(index), as: UTF8.self)
    }

    /// Field `index` (below ``fieldCount``), decoded, as bytes (for a parser that reads bytes).
    public func fieldBytes(_ index: Int) -> [UInt8] {
        var bytes = Self.decode(raw, bounds[index], quote: quote)
        if dropsFinalCROfLastField, index == bounds.count - 1, bytes.last == 0x0D { bytes.removeLast() }
        return bytes
    }

    /// The index of the first `quote` in `p[from..<upper]`, or `upper`.
    @inline(__always)
    private static func nextQuote(_ p: UnsafeBufferPointer<UInt8>, from: Int, upper: Int, quote: UInt8) -> Int {
        var q = from
        let pattern = ByteWords.ones &* UInt64(quote)
        while q + 8 <= upper {
            let quotes = ByteWords.bytes(ByteWords.load(p.baseAddress! + q), matching: pattern)
            if quotes != 0 { return q + ByteWords.first(quotes) }
            q += 8
        }
        while q < upper && p[q] != quote { q += 1 }
        return q
    }

    /// A field's value from its bytes in the record: unquoted text verbatim; quoted text with
    /// doubled quotes as one; after a closing quote, CRs ignored until other text, which is kept.
    static func decode(_ raw: [UInt8], _ range: Range<Int>, quote: UInt8) -> [UInt8] {
        raw.withUnsafeBufferPointer { p -> [UInt8] in
            guard !range.isEmpty, p[range.lowerBound] == quote else {
                return Array(UnsafeBufferPointer(rebasing: p[range]))
            }
            let upper = range.upperBound
            var i = range.lowerBound + 1
            let q = nextQuote(p, from: i, upper: upper, quote: quote)
            if q >= upper - 1 {
                // One quoted run closed by the field's last byte (the common case).
                return Array(UnsafeBufferPointer(rebasing: p[i..<min(q, upper)]))
            }
            // The value is never longer than the field: write it straight into its final storage.
            // Every value byte comes from a later field byte (the opening quote gives none), so
            // `count <= i - range.lowerBound - 1` throughout and a whole word can be stored at
            // `count` whenever eight field bytes remain.
            let pattern = ByteWords.ones &* UInt64(quote)
            return [UInt8](unsafeUninitializedCapacity: upper - range.lowerBound) { out, count in
                let source = p.baseAddress!, target = out.baseAddress!
                func copy(_ from: Int, _ to: Int) {
                    (target + count).initialize(from: source + from, count: to - from)
                    count += to - from
                }
                copy(i, q)
                i = q + 1
                var inQuotes = false // false: just after a closing quote
                while i < upper {
                    if inQuotes {
                        while i + 8 <= upper {
                            let word = ByteWords.load(source + i)
                            ByteWords.store(word, to: target + count)
                            let quotes = ByteWords.bytes(word, matching: pattern)
                            if quotes != 0 {
                                let n = ByteWords.first(quotes)
                                count += n
                                i += n
                                break
                            }
                            count += 8
                            i += 8
                        }
                        while i < upper && p[i] != quote {
                            target[count] = p[i]
                            count += 1
                            i += 1
                        }
                        i += 1
                        inQuotes = false
                    } else {
                        let byte = p[i]
                        i += 1
                        if byte == quote {
                            target[count] = quote
                            count += 1
                            inQuotes = true
                        } else if byte != 0x0D {
                            copy(i - 1, upper)
                            break
                        }
                    }
                }
            }
        }
    }
}
