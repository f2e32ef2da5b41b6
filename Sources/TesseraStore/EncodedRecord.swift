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
    /// The index of `details` in ``eventColumnNames``.
    static let detailsColumn = eventColumnNames.firstIndex(of: "details")!
    /// The `event_rows` columns of ``eventSpan(_:_:)``, in order (`ts_us` is ``timestamp(_:)``).
    public static let eventColumnNames = [
        "ts_raw", "timestamp_desc", "category", "operation", "action", "outcome", "actor", "actor_raw", "actor_type",
        "client_ip", "user_agent", "tenant", "resource_type", "resource", "resource_name", "session_id", "record_id",
        "dedup_key", "message", "details", "logon_identity",
    ]
    /// The `details` keys whose values make up `event_rows.logon_identity`, in its order.
    static let logonKeys = ["logon_user_sid", "logon_user_dn", "logon_user_display_name", "logon_user_upn"]

    /// A further event's `details` is stored as the text after the prefix it shares with the
    /// record's first event's when that prefix is at least this many bytes (the members every
    /// event of a record carries: an Exchange `<Event>`'s attributes, a UAL record's AuditData).
    static let minimumSharedDetails = 64

    private(set) var bytes: [UInt8] = []
    private(set) var spans: [Span] = []
    private(set) var timestamps: [Int64] = []
    /// Per event: how many characters of its `details` are the first event's (`event_rows.details_shared`);
    /// 0 when its `details` span is the whole text.
    private(set) var detailsShared: [Int64] = []
    /// The number of events (each one `event_rows` row).
    public var eventCount: Int { timestamps.count }
    /// The parts of the record that are not events (rare: support logs and Lockbox requests).
    public let locator: String
    public let dedupKey: String
    public let supportSession: SupportSession?

    /// Encodes a parsed record exactly as the store will hold it.
    /// - Parameter sharesDetails: false keeps every event's whole `details` (`tessera normalize`
    ///   writes them so; see ``SourceWriter/sharesDetails``).
    public init(_ record: SourceRecord, sharesDetails: Bool = true) {
        locator = record.locator
        dedupKey = record.dedupKey
        supportSession = record.supportSession
        bytes.reserveCapacity(record.raw.count + 64 + record.events.count * 1024)
        spans.reserveCapacity(Self.recordColumns + record.events.count * Self.eventColumns)
        timestamps.reserveCapacity(record.events.count)
        detailsShared.reserveCapacity(record.events.count)
        var firstDetails = Span(start: 0, count: 0)
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
            let details = Span(start: detailsStart, count: bytes.count - detailsStart)
            if index == 0 || !sharesDetails {
                firstDetails = details
                spans.append(details)
                detailsShared.append(0)
            } else {
                let (span, characters) = sharedSplit(details, with: firstDetails)
                spans.append(span)
                detailsShared.append(characters)
            }
            appendLogonIdentity(e.details)
        }
        // Outside every span: the buffer is never empty, so it always has a base address (SQLite
        // needs a valid pointer even for empty text).
        bytes.append(0)
    }

    /// Splits a further event's `details` into the prefix it shares with the first event's (at a
    /// UTF-8 character boundary) and the rest: returns the rest's span and the prefix's length in
    /// characters (what SQLite's `substr` counts), or the whole span and 0 when the shared prefix
    /// is too short to be worth a lookup. `substr(first, 1, characters) || rest` is the text again.
    private func sharedSplit(_ details: Span, with first: Span) -> (Span, Int64) {
        bytes.withUnsafeBufferPointer { buffer in
            let limit = min(details.count, first.count)
            guard limit >= Self.minimumSharedDetails, let base = buffer.baseAddress else { return (details, 0) }
            let text = base + details.start, firstText = base + first.start
            // Eight bytes at a time while they agree, then byte by byte.
            var shared = 0
            while shared + 8 <= limit,
                UnsafeRawPointer(text + shared).loadUnaligned(as: UInt64.self)
                    == UnsafeRawPointer(firstText + shared).loadUnaligned(as: UInt64.self)
            {
                shared += 8
            }
            while shared < limit && text[shared] == firstText[shared] { shared += 1 }
            // Never cut inside a character: the rest must not begin with a continuation byte.
            while shared > 0 && shared < details.count && text[shared] & 0xC0 == 0x80 { shared -= 1 }
            guard shared >= Self.minimumSharedDetails else { return (details, 0) }
            var characters: Int64 = 0
            for offset in 0..<shared where text[offset] & 0xC0 != 0x80 { characters += 1 }
            return (Span(start: details.start + shared, count: details.count - shared), characters)
        }
    }

    /// A record from columns encoded before (by `tessera normalize`): each event's `ts_us` and its
    /// ``eventColumnNames`` values in order, nil for NULL.
    public init(
        locator: String, dedupKey: String, raw: [UInt8], events: [(timestampUs: Int64, columns: [String?])],
        supportSession: SupportSession?, sharesDetails: Bool = true
    ) {
        self.locator = locator
        self.dedupKey = dedupKey
        self.supportSession = supportSession
        append(locator)
        append(dedupKey)
        append(bytes: raw)
        var firstDetails = Span(start: 0, count: 0)
        for (index, event) in events.enumerated() {
            precondition(event.columns.count == Self.eventColumns, "an encoded event has \(Self.eventColumns) columns")
            timestamps.append(event.timestampUs)
            for (column, value) in event.columns.enumerated() {
                append(value)
                guard column == Self.detailsColumn, sharesDetails, let details = spans.last, details.count >= 0 else {
                    if column == Self.detailsColumn { detailsShared.append(0) }
                    continue
                }
                if index == 0 {
                    firstDetails = details
                    detailsShared.append(0)
                } else {
                    let (span, characters) = sharedSplit(details, with: firstDetails)
                    spans[spans.count - 1] = span
                    detailsShared.append(characters)
                }
            }
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
        let namesALogon = details.members.contains { $0.key.hasUTF8Prefix("logon_user_") }
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
