/// An ``EventSink`` that keeps everything in memory, for plugin tests and `tessera mapping check`.
/// It does not deduplicate: that is the store's job.
public final class CollectingSink: EventSink {
    public private(set) var records: [SourceRecord] = []
    public private(set) var rejects: [Reject] = []
    public private(set) var warnings: [String] = []

    public init() {}

    /// All events of all records, in order.
    public var events: [NormalizedEvent] { records.flatMap(\.events) }

    public func accept(_ record: SourceRecord) throws { records.append(record) }
    public func reject(_ reject: Reject) throws { rejects.append(reject) }
    public func warn(_ message: String) { warnings.append(message) }
}
