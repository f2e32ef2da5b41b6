/// One record read from an evidence file, with everything the plugin derived from it.
///
/// A record is the unit of counting and deduplication: `records read = records stored +
/// duplicates + rejects`. One record may yield several events (one per mail item it touched).
public struct SourceRecord: Sendable {
    /// Where the record is in its file: `line 12`, `lines 12-14`, `record 3`, `element 7`, `byte 4096`.
    public var locator: String
    /// The per-plugin deduplication key: the record's own id where it has one (prefixed with the
    /// format, e.g. `ual:` + Id), else a hash of its content (see ``ContentKey``).
    public var dedupKey: String
    /// The record verbatim (as UTF-8 text bytes).
    public var raw: [UInt8]
    /// The events this record yields; at least one for a stored record.
    public var events: [NormalizedEvent]
    /// A support session or approval window described by this record, if any.
    public var supportSession: SupportSession?

    public init(
        locator: String, dedupKey: String, raw: [UInt8], events: [NormalizedEvent],
        supportSession: SupportSession? = nil
    ) {
        self.locator = locator
        self.dedupKey = dedupKey
        self.raw = raw
        self.events = events
        self.supportSession = supportSession
    }
}

/// A record that could not be parsed or mapped. It is kept, raw, in the `rejects` table.
public struct Reject: Sendable, Equatable {
    public var locator: String
    /// Why it was rejected, phrased for an analyst ("field `start`: naive timestamp ...").
    public var reason: String
    public var raw: [UInt8]

    public init(locator: String, reason: String, raw: [UInt8]) {
        self.locator = locator
        self.reason = reason
        self.raw = raw
    }
}

/// Builds content-hash deduplication keys for records that carry no id of their own.
public enum ContentKey {
    /// `prefix:` followed by the SHA-256 of the given bytes, in hex.
    public static func make(prefix: String, bytes: [UInt8]) -> String {
        prefix + ":" + SHA256.hex(SHA256.hash(bytes))
    }
}
