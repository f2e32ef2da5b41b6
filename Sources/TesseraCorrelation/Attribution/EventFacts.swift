import TesseraStore

/// The columns of one event that correlation needs.
struct EventFacts {
    var id: Int64
    var ts: Int64
    var actor: String?
    var actorType: String?
    var clientIP: String?
    var action: String
    var resourceType: String?
    var resource: String?
    var resourceName: String?
    var category: String
    var sourceID: Int64
    var locator: String
    var operation: String
    var tenant: String?
    /// The source's session or operation id (an Azure correlation id): rows sharing it with one
    /// operation are one action (Started + Succeeded).
    var sessionID: String?

    /// The select list matching ``init(_:)``.
    static let columns =
        "event_id, ts_us, actor, actor_type, client_ip, action, resource_type, resource, resource_name, category, source_id, locator, operation, tenant, session_id"

    init(_ s: Statement) {
        id = s.int64(0)
        ts = s.int64(1)
        actor = s.text(2)
        actorType = s.text(3)
        clientIP = s.text(4)
        action = s.text(5) ?? ""
        resourceType = s.text(6)
        resource = s.text(7)
        resourceName = s.text(8)
        category = s.text(9) ?? ""
        sourceID = s.int64(10)
        locator = s.text(11) ?? ""
        operation = s.text(12) ?? ""
        tenant = s.text(13)
        sessionID = s.text(14)
    }
}

/// Prepared, parameter-bound queries on `events`, each served by an index (see migration 3).
final class EventQueries {
    private let byActor: Statement
    private let byActorAllTime: Statement
    private let byClientIP: Statement
    private let bySupportActorType: Statement
    private let bySupportActorTypeAllTime: Statement
    private let sessionEvent: Statement
    private let distinctClientIPs: Statement

    /// The partial index's condition, verbatim: SQLite uses the index only for a query whose
    /// WHERE clause contains it. The values are the SDK's fixed vocabulary, not input.
    static let supportActorTypeCondition =
        "actor_type IN ("
        + Policy.indexedSupportActorTypes.map { "'\($0)'" }.joined(separator: ", ") + ")"

    init(_ db: Database) throws(SQLiteError) {
        byActor = try db.prepare("SELECT \(EventFacts.columns) FROM events WHERE actor = ? AND ts_us BETWEEN ? AND ?")
        byActorAllTime = try db.prepare("SELECT \(EventFacts.columns) FROM events WHERE actor = ?")
        byClientIP = try db.prepare("SELECT \(EventFacts.columns) FROM events WHERE client_ip = ? AND ts_us BETWEEN ? AND ?")
        bySupportActorType = try db.prepare(
            "SELECT \(EventFacts.columns) FROM events WHERE \(Self.supportActorTypeCondition) AND ts_us BETWEEN ? AND ?")
        bySupportActorTypeAllTime = try db.prepare(
            "SELECT \(EventFacts.columns) FROM events WHERE \(Self.supportActorTypeCondition)")
        // A record's row id is its first event's id (docs/schema.md, `records`); the key is unique there.
        sessionEvent = try db.prepare(
            """
            SELECT e.event_id, e.ts_us FROM records r JOIN event_rows e ON e.event_id = r.record_row_id
            WHERE r.dedup_key = ?
            """)
        distinctClientIPs = try db.prepare("SELECT DISTINCT client_ip FROM events WHERE client_ip IS NOT NULL")
    }

    private func collect(_ s: Statement, _ values: [SQLValue], into body: (EventFacts) -> Void) throws(SQLiteError) {
        try s.bind(values)
        while try s.step() { body(EventFacts(s)) }
    }

    func events(actor: String, in window: ClosedRange<Int64>, _ body: (EventFacts) -> Void) throws(SQLiteError) {
        try collect(byActor, [.text(actor), .integer(window.lowerBound), .integer(window.upperBound)], into: body)
    }

    func events(actor: String, _ body: (EventFacts) -> Void) throws(SQLiteError) {
        try collect(byActorAllTime, [.text(actor)], into: body)
    }

    func events(clientIP: String, in window: ClosedRange<Int64>, _ body: (EventFacts) -> Void) throws(SQLiteError) {
        try collect(byClientIP, [.text(clientIP), .integer(window.lowerBound), .integer(window.upperBound)], into: body)
    }

    func supportActorTypeEvents(in window: ClosedRange<Int64>, _ body: (EventFacts) -> Void) throws(SQLiteError) {
        try collect(bySupportActorType, [.integer(window.lowerBound), .integer(window.upperBound)], into: body)
    }

    func supportActorTypeEvents(_ body: (EventFacts) -> Void) throws(SQLiteError) {
        try collect(bySupportActorTypeAllTime, [], into: body)
    }

    /// The first event of the support-log record that stored a session (same dedup key).
    func sessionEvent(dedupKey: String) throws(SQLiteError) -> (id: Int64, ts: Int64)? {
        try sessionEvent.bind([.text(dedupKey)])
        guard try sessionEvent.step() else { return nil }
        return (sessionEvent.int64(0), sessionEvent.int64(1))
    }

    /// Every distinct client IP in the store (a walk of the `events_client_ip` index).
    func allClientIPs() throws(SQLiteError) -> [String] {
        try distinctClientIPs.bind([])
        var result: [String] = []
        while try distinctClientIPs.step() { if let ip = distinctClientIPs.text(0) { result.append(ip) } }
        return result
    }
}
