import TesseraStore

/// Every field an export can write, by name, and where its value comes from. This is the one
/// table to extend: a new column is one line here plus its name in the format's list in
/// ``ExportColumns`` (the SELECT and every writer follow from them).
enum ExportFields {
    /// Where a field's value comes from.
    enum Value {
        /// A text column of the export's SELECT (NULL: an empty CSV cell, JSON `null`).
        case text(sql: String)
        /// An integer column of the SELECT, written as a number (never formula-neutralized).
        case integer(sql: String)
        /// The event's time as ISO 8601 in UTC.
        case timeUTC
        /// Interaction ids the event is attributed to, `;`-separated.
        case interactions
        /// Ids of the findings the event is evidence of, `;`-separated.
        case findings
        /// The highest severity of those findings.
        case severity
        /// Whether the event is a support identity's access outside every window.
        case unattributedSupport
        /// The event's current triage verdict (`tessera triage event`).
        case verdict
        /// The event's current triage tags: `;`-separated in CSV, a JSON array in JSON Lines.
        case tags
    }

    static let definitions: [(name: String, value: Value)] = [
        ("event_id", .integer(sql: "e.event_id")),
        ("time_utc", .timeUTC),
        ("datetime", .timeUTC),
        ("ts_us", .integer(sql: "e.ts_us")),
        ("timestamp", .integer(sql: "e.ts_us")),
        ("timestamp_desc", .text(sql: "e.timestamp_desc")),
        ("category", .text(sql: "e.category")),
        ("operation", .text(sql: "e.operation")),
        ("action", .text(sql: "e.action")),
        ("outcome", .text(sql: "e.outcome")),
        ("actor", .text(sql: "e.actor")),
        ("actor_raw", .text(sql: "e.actor_raw")),
        ("actor_type", .text(sql: "e.actor_type")),
        ("client_ip", .text(sql: "e.client_ip")),
        ("user_agent", .text(sql: "e.user_agent")),
        ("tenant", .text(sql: "e.tenant")),
        ("resource_type", .text(sql: "e.resource_type")),
        ("resource", .text(sql: "e.resource")),
        ("resource_name", .text(sql: "e.resource_name")),
        ("session_id", .text(sql: "e.session_id")),
        ("record_id", .text(sql: "e.record_id")),
        ("message", .text(sql: "e.message")),
        ("details", .text(sql: "e.details")),
        ("source_id", .integer(sql: "e.source_id")),
        ("locator", .text(sql: "e.locator")),
        ("source_file", .text(sql: "s.path")),
        ("source_sha256", .text(sql: "s.sha256")),
        ("plugin", .text(sql: "s.plugin")),
        ("format", .text(sql: "s.format")),
        ("interactions", .interactions),
        ("findings", .findings),
        ("severity", .severity),
        ("unattributed_support", .unattributedSupport),
        ("verdict", .verdict),
        ("tags", .tags),
        ("tag", .tags),
    ]

    /// A field resolved against the SELECT: SQL columns by position.
    enum Source {
        case text(Int), integer(Int), timeUTC, interactions, findings, severity, unattributedSupport, verdict, tags
    }

    /// The SELECT's expressions: each SQL expression of the definitions once, in order.
    static let selectExpressions: [String] = {
        var seen = Set<String>()
        return definitions.compactMap { field -> String? in
            switch field.value {
            case .text(let sql), .integer(let sql): return seen.insert(sql).inserted ? sql : nil
            default: return nil
            }
        }
    }()

    /// `SELECT ... FROM events e JOIN sources s`: every field's column, for every export.
    static var select: String {
        "SELECT \(selectExpressions.joined(separator: ", ")) FROM events e JOIN sources s ON s.source_id = e.source_id"
    }

    /// Where the field `name` comes from. Every name an export lists must be defined above
    /// (a test checks the lists of ``ExportColumns``).
    static func source(_ name: String) -> Source {
        guard let value = definitions.first(where: { $0.name == name })?.value else {
            preconditionFailure("export field \(name) is not defined in ExportFields.definitions")
        }
        switch value {
        case .text(let sql): return .text(selectExpressions.firstIndex(of: sql)!)
        case .integer(let sql): return .integer(selectExpressions.firstIndex(of: sql)!)
        case .timeUTC: return .timeUTC
        case .interactions: return .interactions
        case .findings: return .findings
        case .severity: return .severity
        case .unattributedSupport: return .unattributedSupport
        case .verdict: return .verdict
        case .tags: return .tags
        }
    }

    /// The SELECT column of a text or integer field.
    static func column(_ name: String) -> Int {
        switch source(name) {
        case .text(let i), .integer(let i): return i
        default: preconditionFailure("export field \(name) is not a column")
        }
    }

    /// Whether every field `names` lists is defined.
    static func defines(_ names: [String]) -> Bool {
        names.allSatisfy { name in definitions.contains { $0.name == name } }
    }
}

/// One exported event: the SELECT's row (read in place) and what correlation said about it.
struct ExportRow {
    let statement: Statement
    let eventID: Int64
    let tsUs: Int64
    var interactions: [String] = []
    var findings: [String] = []
    var severity: String?
    var unattributedSupport = false
    /// The event's current triage verdict and tags.
    var verdict: String?
    var tags: [String] = []

    static let eventIDColumn = ExportFields.column("event_id")
    static let tsColumn = ExportFields.column("ts_us")
    static let sessionColumn = ExportFields.column("session_id")

    init(statement: Statement) {
        self.statement = statement
        eventID = statement.int64(Self.eventIDColumn)
        tsUs = statement.int64(Self.tsColumn)
    }

    /// Whether the SELECT column is NULL.
    func isNull(_ column: Int) -> Bool { statement.isNull(column) }

    /// The SELECT column's bytes in place (empty for NULL).
    func withBytes<R>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try statement.withBytes(column, body)
    }

    /// A text column as a `String` (nil for NULL), for the few per-event decisions.
    func text(_ column: Int) -> String? { statement.text(column) }
}
