import Foundation
import TesseraCorrelation
import TesseraSDK
import TesseraStore
import TesseraTestSupport

/// UTC microseconds of an ISO 8601 text with a zone.
func us(_ iso: String) -> Int64 {
    guard case .utc(let value) = try! Timestamp.parseISO8601(iso) else { fatalError("\(iso) has no zone") }
    return value
}

/// A store in a fresh temporary directory, removed when the fixture goes away.
final class StoreFixture {
    let directory: URL
    let store: EventStore
    private var sourceCount = 0

    init() throws {
        directory = URL(fileURLWithPath: try makeTemporaryDirectory("correlation"))
        store = try EventStore(path: directory.appendingPathComponent("case.tessera").path, mode: .readWrite)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Stores one source through `SourceWriter`, one record per item, as a plugin's ingest would.
    @discardableResult
    func ingest(_ name: String, plugin: String = "test", _ items: [RecordItem]) throws -> SourceCounts {
        sourceCount += 1
        let info = SourceInfo(
            path: "/evidence/\(name)", sha256: String(repeating: "0", count: 63) + String(sourceCount),
            sizeBytes: 100, plugin: plugin, pluginVersion: "1", format: nil, sourceTimeZone: nil, toolVersion: "test")
        let writer = try SourceWriter(store: store, info: info)
        for (n, item) in items.enumerated() {
            let raw = Array("\(name) record \(n + 1)".utf8)
            let record: SourceRecord
            switch item {
            case .event(let e):
                record = SourceRecord(locator: "line \(n + 2)", dedupKey: "\(name):\(n + 1)", raw: raw, events: [e])
            case .session(let s):
                let e = NormalizedEvent(
                    timestampUs: s.startUs, timestampRaw: s.startRaw, timestampDescription: "Session Start",
                    category: EventCategory.support, operation: s.kind == .lockbox ? "LockboxRequest" : "SupportSession",
                    action: s.kind == .lockbox ? EventAction.lockboxRequest : EventAction.sessionStart,
                    actor: s.engineer.flatMap(IdentityCanonicalizer.canonical), actorRaw: s.engineer,
                    actorType: ActorType.supportEngineer, tenant: s.tenant, sessionID: s.interactionID,
                    message: "support \(s.kind.rawValue) \(s.interactionID)")
                record = SourceRecord(locator: "line \(n + 2)", dedupKey: "\(name):\(n + 1)", raw: raw, events: [e], supportSession: s)
            }
            try writer.store(record)
        }
        return try writer.finish(warnings: [])
    }

    /// Rows of a query, each as text (NULL as "NULL").
    func rows(_ sql: String, _ values: [SQLValue] = []) throws -> [[String]] {
        let statement = try store.database.prepare(sql)
        try statement.bind(values)
        var result: [[String]] = []
        while try statement.step() {
            result.append((0..<statement.columnCount).map { statement.isNull($0) ? "NULL" : statement.text($0) ?? "" })
        }
        return result
    }

    func int(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        Int(try store.database.scalarInt(sql, values) ?? -1)
    }

    /// The event id of the record stored from `source`'s item number `n` (1-based).
    func eventID(_ source: String, _ n: Int) throws -> Int64 {
        try store.database.scalarInt("SELECT event_id FROM events WHERE dedup_key = ?", [.text("\(source):\(n)")])!
    }
}

enum RecordItem {
    case event(NormalizedEvent)
    case session(SupportSession)
}

/// An event shaped like a plugin's output: actor canonicalized, IP normalized, raw text kept.
func access(
    _ time: String, actor: String?, actorType: String = ActorType.user, ip: String? = nil,
    action: String = EventAction.read, operation: String = "MailItemsAccessed",
    resourceType: String? = ResourceType.mailItem, resource: String? = nil, resourceName: String? = nil,
    details: JSONObject = JSONObject(), category: String = EventCategory.mail,
    tenant: String? = "contoso.onmicrosoft.com"
) -> RecordItem {
    .event(
        NormalizedEvent(
            timestampUs: us(time), timestampRaw: time, timestampDescription: "Event Time", category: category,
            operation: operation, action: action, outcome: "success",
            actor: actor.flatMap(IdentityCanonicalizer.canonical), actorRaw: actor, actorType: actorType,
            clientIP: ip.flatMap(IPAddress.normalize), tenant: tenant,
            resourceType: resourceType, resource: resource, resourceName: resourceName,
            message: "\(operation) by \(actor ?? "-")", details: details))
}

/// A support-log session or Lockbox request.
func support(
    _ id: String, kind: SupportSession.Kind = .session, engineer: String? = nil, name: String? = nil,
    country: String? = nil, clearance: String? = nil, customerClass: String? = "Government",
    start: String, end: String? = nil, status: String? = nil, accounts: [String] = [], ips: [String] = [],
    scope: [String] = [], details: JSONObject = JSONObject(), tenant: String? = "contoso.onmicrosoft.com"
) -> RecordItem {
    var s = SupportSession(interactionID: id, kind: kind, startUs: us(start), startRaw: start)
    s.engineer = engineer
    s.engineerName = name
    s.engineerCountry = country
    s.clearance = clearance
    s.tenant = tenant
    s.customerClass = customerClass
    s.endUs = end.map(us)
    s.endRaw = end
    s.status = status
    s.accounts = accounts
    s.sourceIPs = ips.compactMap { text in
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let address = IPAddress.normalize(String(parts[0])) else { return nil }
        return parts.count == 2 ? "\(address)/\(parts[1])" : address
    }
    s.scope = scope
    s.details = details
    return .session(s)
}
