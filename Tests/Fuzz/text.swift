@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    // Lines: every byte of the decoded text is accounted for by lines and their breaks.
    let lines = LineReader(UTF8TextSource(MemoryByteSource(bytes)), maxLineBytes: 1024, chunkBytes: 64)
    var previous = 0
    while let line = try? lines.next() {
        precondition(line.number == previous + 1, "line numbers skip")
        precondition(line.bytes.count <= 1024, "over-long line not truncated")
        previous = line.number
    }
    // CSV: records never exceed the limit, locators are ordered.
    let csv = CSVReader(UTF8TextSource(MemoryByteSource(bytes)), maxRecordBytes: 4096, chunkBytes: 7)
    var lastLine = 0
    while let record = try? csv.next() {
        precondition(record.firstLine <= record.lastLine && record.firstLine > lastLine - 1, "CSV locators out of order")
        precondition(record.raw.count <= 4097, "CSV record over the limit")
        lastLine = record.lastLine
    }
    // Timestamps: whatever parses formats back to a valid time.
    let text = String(decoding: bytes.prefix(64), as: UTF8.self)
    if case .utc(let us)? = try? Timestamp.parseISO8601(text) {
        precondition(Timestamp.iso8601(us).count >= 27, "formatting failed")
    }
    _ = try? Timestamp.parseUSLocalized(text)
    _ = IPAddress.normalize(text)
    _ = IPNetwork(text)
    _ = IdentityCanonicalizer.canonical(text)
    return 0
}
