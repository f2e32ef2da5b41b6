/// A compiled `input:` section: how records are cut out of the evidence bytes.
struct InputSpec: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case csv
        /// A top-level array, an object holding the records array under `records`, or JSON Lines,
        /// decided from the start of each file.
        case json
        case jsonArray = "json-array"
        case jsonRecords = "json-records"
        case jsonLines = "json-lines"
        case delimited
    }

    var kind: Kind
    /// Member names that may hold the records array (first present wins), e.g. [Records, Events].
    var recordsKeys: [String] = []
    var delimiter: UInt8 = UInt8(ascii: ",")
    var quote: UInt8 = UInt8(ascii: "\"")
    var header = true
    var columns: [String]? = nil
    var skipLines = 0
    var comment: String? = nil
    var quotes: [UInt8] = [UInt8(ascii: "\"")]
    var brackets: [(UInt8, UInt8)] = []
    var nullValues: Set<String> = []
    var minFields = 1
    var maxRecordBytes = 64 << 20

    init(kind: Kind) {
        self.kind = kind
    }

    /// CSV and delimited inputs address fields by column name; JSON inputs by path.
    var isRowBased: Bool { kind == .csv || kind == .delimited }
}

/// A compiled `detect:` section: what the start of a file must show for this mapping to claim it.
struct DetectSpec: Sendable {
    /// Header columns that must all be present (CSV), compared trimmed and ignoring case.
    var columns: [String] = []
    /// Paths that must exist in the first record (JSON); empty or null values count.
    var keys: [(text: String, path: ValuePath)] = []
    /// Values of the first record that must match (path or column, regex).
    var values: [(text: String, source: Source, regex: CompiledRegex)] = []
    /// A pattern the first record line must match (delimited logs, also CSV and JSON Lines).
    var line: CompiledRegex? = nil
    /// A pattern the file name must match.
    var fileName: CompiledRegex? = nil
}

/// A compiled `fields:` section: how one record (or one element of its `each` array) becomes an event.
struct EventSpec: Sendable {
    var each: ValuePath? = nil
    var eachText: String? = nil
    var time: TimeSpec
    var operation: Expr
    var action: Expr? = nil
    var category: Expr? = nil
    var outcome: Expr? = nil
    var actor: Expr? = nil
    var actorType: Expr? = nil
    var clientIP: Expr? = nil
    var userAgent: Expr? = nil
    var tenant: Expr? = nil
    var resourceType: Expr? = nil
    var resource: Expr? = nil
    var resourceName: Expr? = nil
    var sessionID: Expr? = nil
    var recordID: Expr? = nil
    var message: Expr? = nil
    var details: [(key: String, value: Expr)] = []

    static let fieldNames = [
        "time", "operation", "action", "category", "outcome", "actor", "actor_type", "client_ip",
        "user_agent", "tenant", "resource_type", "resource", "resource_name", "session_id",
        "record_id", "message", "details",
    ]
}

/// A mapping file compiled once: everything needed to read records and map them, with no
/// re-parsing of the YAML per record.
struct CompiledMapping: Sendable {
    var name: String
    var version: String
    var summary: String
    var format: String
    /// `built-in` or the mapping file's path.
    var origin: String
    var input: InputSpec
    var detect: DetectSpec
    /// Column names referenced by the mapping, in slot order (CSV and delimited inputs).
    var slots: [String]
    /// `let:` variables in evaluation order.
    var variables: [(name: String, value: Expr)]
    var event: EventSpec
    var dedupPrefix: String
    var dedupKey: Expr?
}
