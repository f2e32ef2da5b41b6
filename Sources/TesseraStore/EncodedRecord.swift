import TesseraSDK

/// A record's column values encoded once into one contiguous buffer, ready to bind in place.
///
/// ``BackgroundSourceWriter`` builds it on the producer's thread, so the writer thread does no
/// more than bind and step: the UTF-8 of every text column, the `details` JSON, the one-line
/// message and the `#2`, `#3` dedup keys of further events are produced here, and SQLite reads
/// them where they lie (`SQLITE_STATIC`) instead of copying each value into a buffer of its own.
///
/// It is also the one home of "what the store holds of a record": `tessera normalize` writes
/// these very bytes as JSON Lines (``eventColumnNames``, ``eventValue(_:_:)``), and `tessera ingest`
/// of that output rebuilds the record from them (``init(locator:dedupKey:raw:events:supportSession:)``).
public struct EncodedRecord: Sendable {
    /// Where a value lies in ``bytes``; a negative count is SQL NULL.
    struct Span: Sendable {
        var start: Int
        var count: Int
    }

    /// The record's spans: locator, dedup key, raw.
    static let recordColumns = 3
    /// Each event's text spans, in `event_rows` column order from `ts_raw` to `logon_identity`
    /// (`locator` is the record's; `ts_us` is in ``timestamps``).
    static let eventColumns = 21
    /// The `event_rows` columns of ``eventSpan(_:_:)``, in order (`ts_us` is ``timestamp(_:)``).
    public static let eventColumnNames = [
        "ts_raw", "timestamp_desc", "category", "operation", "action", "outcome", "actor", "actor_raw", "actor_type",
        "client_ip", "user_agent", "tenant", "resource_type", "resource", "resource_name", "session_id", "record_id",
        "dedup_key", "message", "details", "logon_identity",
    ]
    /// The `details` keys whose values make up `event_rows.logon_identity`, in its order.
    static let logonKeys = ["logon_user_sid", "logon_user_dn", "logon_user_display_name", "logon_user_upn"]

    private(set) var bytes: [UInt8] = []
    private(set) var spans: [Span] = []
    private(set) var timestamps: [Int64] = []
    /// The number of events (each one `event_rows` row).
    public var eventCount: Int { timestamps.count }
    /// The parts of the record that are not events (rare: support logs and Lockbox requests).
    public let locator: String
    public let dedupKey: String
    public let supportSession: SupportSession?

    /// Encodes a parsed record exactly as the store will hold it.
    public init(_ record: SourceRecord) {
        locator = record.locator
        dedupKey = record.dedupKey
        supportSession = record.supportSession
        bytes.reserveCapacity(record.raw.count + 64 + record.events.count * 1024)
        spans.reserveCapacity(Self.recordColumns + record.events.count * Self.eventColumns)
        timestamps.reserveCapacity(record.events.count)
        append(record.locator)
        append(record.dedupKey)
        append(bytes: record.raw)
        for (index, e) in record.events.enumerated() {
            timestamps.append(e.timestampUs)
            append(e.timestampRaw)
            append(e.timestampDescription)
            append(e.category)
            append(e.operation)
            append(e.action)
            append(e.outcome)
            append(e.actor)
            append(e.actorRaw)
            append(e.actorType)
            append(e.clientIP)
            append(e.userAgent)
            append(e.tenant)
            append(e.resourceType)
            append(e.resource)
            append(e.resourceName)
            append(e.sessionID)
            append(e.recordID)
            let keyStart = bytes.count
            bytes.append(contentsOf: record.dedupKey.utf8)
            if index > 0 { bytes.append(contentsOf: "#\(index + 1)".utf8) }
            spans.append(Span(start: keyStart, count: bytes.count - keyStart))
            append(SourceWriter.oneLine(e.message))
            let detailsStart = bytes.count
            JSONWriter.write(.object(e.details), to: &bytes)
            spans.append(Span(start: detailsStart, count: bytes.count - detailsStart))
            appendLogonIdentity(e.details)
        }
        // Outside every span: the buffer is never empty, so it always has a base address (SQLite
        // needs a valid pointer even for empty text).
        bytes.append(0)
    }

    /// A record from columns encoded before (by `tessera normalize`): each event's `ts_us` and its
    /// ``eventColumnNames`` values in order, nil for NULL.
    public init(locator: String, dedupKey: String, raw: [UInt8], events: [(timestampUs: Int64, columns: [String?])],
                supportSession: SupportSession?) {
        self.locator = locator
        self.dedupKey = dedupKey
        self.supportSession = supportSession
        append(locator)
        append(dedupKey)
        append(bytes: raw)
        for event in events {
            precondition(event.columns.count == Self.eventColumns, "an encoded event has \(Self.eventColumns) columns")
            timestamps.append(event.timestampUs)
            for value in event.columns { append(value) }
        }
        bytes.append(0)
    }

    /// The raw record as the store holds it (`records.raw`).
    public var raw: [UInt8] { copy(recordSpan(2)) }

    /// Event `event`'s `ts_us`.
    public func timestamp(_ event: Int) -> Int64 { timestamps[event] }

    /// Calls `body` with the UTF-8 bytes of event `event`'s column `column` (an index into
    /// ``eventColumnNames``), or nil for NULL.
    public func withEventValue<R>(_ event: Int, _ column: Int, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        let span = eventSpan(event, column)
        guard span.count >= 0 else { return try body(nil) }
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[span.start..<span.start + span.count])) }
    }

    /// The bytes of a span (for the rare record kept as a reject).
    func copy(_ span: Span) -> [UInt8] {
        span.count < 0 ? [] : Array(bytes[span.start..<span.start + span.count])
    }

    /// The span of record column `column` (0: locator, 1: dedup key, 2: raw).
    func recordSpan(_ column: Int) -> Span { spans[column] }

    /// The span of text column `column` (0..<``eventColumns``) of event `event`.
    func eventSpan(_ event: Int, _ column: Int) -> Span {
        spans[Self.recordColumns + event * Self.eventColumns + column]
    }

    /// `[sid, dn, display name, upn]` as JSON, the text SQLite's `json_extract(details, ...)` with
    /// those four paths gives (each value as `details` writes it, `null` where absent), or NULL
    /// when `details` names none of them.
    private mutating func appendLogonIdentity(_ details: JSONObject) {
        // One pass over the members first: most events (all but Exchange audit) name no logon, and
        // this runs for every event.
        let namesALogon = details.members.contains { $0.key.utf8.starts(with: "logon_user_".utf8) }
        let values = namesALogon ? Self.logonKeys.map { details[$0] } : []
        guard values.contains(where: { $0 != nil }) else {
            spans.append(Span(start: bytes.count, count: -1))
            return
        }
        let start = bytes.count
        JSONWriter.write(.array(values.map { $0 ?? .null }), to: &bytes)
        spans.append(Span(start: start, count: bytes.count - start))
    }

    private mutating func append(_ text: String?) {
        guard let text else {
            spans.append(Span(start: bytes.count, count: -1))
            return
        }
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        spans.append(Span(start: start, count: bytes.count - start))
    }

    private mutating func append(bytes value: [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: value)
        spans.append(Span(start: start, count: bytes.count - start))
    }
}
