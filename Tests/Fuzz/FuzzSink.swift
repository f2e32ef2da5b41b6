/// A sink that checks the plugin contract on every input: each record has a locator and a
/// dedup key, and stored records yield at least one event with a one-line-able message.
final class FuzzSink: EventSink {
    var read = 0
    func accept(_ record: SourceRecord) throws {
        read += 1
        precondition(!record.locator.isEmpty, "record without a locator")
        precondition(!record.dedupKey.isEmpty, "record without a dedup key")
    }
    func reject(_ reject: Reject) throws {
        read += 1
        precondition(!reject.locator.isEmpty && !reject.reason.isEmpty, "reject without locator or reason")
    }
    func warn(_ message: String) {}
}

/// Runs a plugin on `bytes` as the pipeline would; evidence errors are allowed, crashes are not.
func fuzzPlugin(_ plugin: some IngestPlugin, _ bytes: [UInt8]) {
    _ = plugin.detect(SniffedHead(fileName: "fuzz", bytes: Array(bytes.prefix(65_536))))
    let sink = FuzzSink()
    try? plugin.ingest(EvidenceInput(bytes: MemoryByteSource(bytes)), context: IngestContext(displayPath: "fuzz"), sink: sink)
}
