import Foundation
import TesseraCorrelation
import TesseraSDK

@testable import TesseraStore

/// Helpers for the correlation tables (migration 3): the fixtures fill them by hand with
/// values worked out for each test, so report output does not move when the engine's wording does.
enum CorrelationFixture {
    /// The columns of `correlation_runs`, as TesseraCorrelation reads them.
    static let runColumns = CorrelationRun.columnNames

    /// One `correlation_runs` row shaped as the engine writes it (parameters as a JSON object).
    /// `sourcesSHA256` is what the engine records of the sources it saw (CorrelationStatus.fingerprint).
    static func run(id: Int64, policy: String, sha: String, slack: Int, geoIP: String, sourcesSHA256: String) -> [SQLValue] {
        [
            .integer(id), .text("2024-05-01T10:00:00Z"), .text("2024-05-01T10:00:02Z"), .text("0.1.0"),
            .text("{\"slack_minutes\":\(slack),\"sources_sha256\":\"\(sourcesSHA256)\"}"), .text(policy), .text(sha), .null, .null,
            .text(geoIP), .null, .text("{}"), .text("[]"),
        ]
    }

    static func us(_ iso: String) -> Int64 {
        guard case .utc(let v) = try! Timestamp.parseISO8601(iso) else { fatalError(iso) }
        return v
    }

    static func iso(_ us: Int64) -> String { Timestamp.iso8601(us) }
}

/// Builds small stores by inserting rows directly (fixed values, so output is reproducible).
final class FixtureStore {
    let path: String
    let store: EventStore

    init(directory: String, name: String = "case.db") throws {
        path = directory + "/" + name
        store = try EventStore(path: path, mode: .readWrite)
    }

    var db: Database { store.database }

    @discardableResult
    func source(
        _ path: String, plugin: String, format: String, sha: String, read: Int, stored: Int, duplicates: Int = 0,
        rejects: Int = 0, events: Int
    ) throws -> Int64 {
        try db.prepare(
            """
            INSERT INTO sources (path, sha256, size_bytes, plugin, plugin_version, format, ingested_at, records_read,
                                 records_stored, duplicates, rejects, events_stored, warnings, tool_version)
            VALUES (?, ?, 1000, ?, '1.0', ?, '2024-05-01T09:00:00Z', ?, ?, ?, ?, ?, '[]', '0.1.0')
            """
        ).run([
            .text(path), .text(sha), .text(plugin), .text(format), .integer(Int64(read)), .integer(Int64(stored)),
            .integer(Int64(duplicates)), .integer(Int64(rejects)), .integer(Int64(events)),
        ])
        return db.lastInsertRowID
    }

    /// One event; `fields` override the defaults by column name.
    @discardableResult
    func event(
        source: Int64, line: Int, at iso: String, category: String, action: String, actor: String?,
        resourceType: String?, resource: String?, name: String?, message: String,
        fields: [String: String] = [:]
    ) throws -> Int64 {
        func f(_ key: String, _ value: String?) -> SQLValue { .optional(fields[key] ?? value) }
        try db.prepare(
            """
            INSERT INTO events (source_id, locator, ts_us, ts_raw, timestamp_desc, category, operation, action, outcome,
                                actor, actor_raw, actor_type, client_ip, user_agent, tenant, resource_type, resource,
                                resource_name, session_id, record_id, dedup_key, message, details, raw)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).run([
            .integer(source), f("locator", "line \(line)"), .integer(CorrelationFixture.us(iso)), f("ts_raw", iso),
            f("timestamp_desc", "Last Accessed"), .text(category), f("operation", action.capitalized), .text(action),
            f("outcome", "success"), .optional(actor), f("actor_raw", actor), f("actor_type", "user"),
            f("client_ip", nil), f("user_agent", nil), f("tenant", "fedagency.example"), .optional(resourceType),
            .optional(resource), .optional(name), f("session_id", nil), f("record_id", nil),
            .text("k:\(source):\(line):\(action):\(iso):\(resource ?? "")"), .text(message), f("details", "{}"),
            f("raw", "raw record \(line)"),
        ])
        // Through the `events` view's INSTEAD OF trigger, which does not set last_insert_rowid.
        return try db.scalarInt("SELECT max(event_id) FROM event_rows") ?? 0
    }

    func session(
        source: Int64, line: Int, id: String, engineer: String, name: String, country: String, employer: String,
        clearance: String?, start: String, end: String?, accounts: [String], ips: [String], scope: [String],
        summary: String, ticketURL: String?
    ) throws {
        try db.prepare(
            """
            INSERT INTO support_sessions (source_id, locator, dedup_key, interaction_id, kind, engineer, engineer_raw,
                engineer_name, engineer_country, engineer_site, employer, clearance, tenant, customer_class, start_us, start_raw,
                end_us, end_raw, channel, ticket_url, approval, status, summary, details)
            VALUES (?, ?, ?, ?, 'session', ?, ?, ?, ?, NULL, ?, ?, 'fedagency.example', 'government', ?, ?, ?, ?,
                    'remote-session', ?, NULL, NULL, ?, '{}')
            """
        ).run([
            .integer(source), .text("line \(line)"), .text("s:\(line):\(id)"), .text(id), .text(engineer), .text(engineer),
            .text(name), .text(country), .text(employer), .optional(clearance), .integer(CorrelationFixture.us(start)),
            .text(start), .optional(end.map(CorrelationFixture.us)), .optional(end), .optional(ticketURL), .text(summary),
        ])
        let row = db.lastInsertRowID
        for a in accounts {
            try db.prepare("INSERT INTO support_accounts VALUES (?, ?, ?, ?)").run([.integer(row), .text(id), .text(a), .text(a.lowercased())])
        }
        for ip in ips {
            try db.prepare("INSERT INTO support_ips VALUES (?, ?, ?, 32)").run([.integer(row), .text(id), .text(ip)])
        }
        for s in scope {
            try db.prepare("INSERT INTO support_scope VALUES (?, ?, ?, ?)").run([.integer(row), .text(id), .text(s), .text(s.lowercased())])
        }
        try store.rebuildInteractions()
    }

    func insert(_ table: String, _ columns: [String], _ values: [SQLValue]) throws {
        let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
        try db.prepare("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(marks))").run(values)
    }

    /// Closes the store (checkpointing the WAL into the file) so reports read a finished file.
    func close() -> String { path }
}

/// The small case the golden files show: two support interactions, mailbox and SharePoint
/// access, one privileged change, one access outside every window, and findings of each
/// severity.
enum SmallCase {
    static func build(in directory: String, correlated: Bool) throws -> String {
        let f = try FixtureStore(directory: directory)
        let log = try f.source(
            "/evidence/vendor/support_interactions.csv", plugin: "support-log", format: "support-log-csv",
            sha: String(repeating: "a1", count: 32), read: 2, stored: 2, events: 4)
        let audit = try f.source(
            "/evidence/exchange/SearchResult.xml", plugin: "exchange-audit", format: "mailbox-audit-xml",
            sha: String(repeating: "b2", count: 32), read: 7, stored: 6, duplicates: 1, events: 6)
        let ual = try f.source(
            "/evidence/m365/ual_export.csv", plugin: "unified-audit-log", format: "purview-csv",
            sha: String(repeating: "c3", count: 32), read: 4, stored: 3, rejects: 1, events: 3)
        try f.db.prepare("INSERT INTO rejects (source_id, locator, reason, raw) VALUES (?, 'line 8', ?, 'garbled,,,')")
            .run([.integer(ual), .text("field `CreationDate`: unrecognized timestamp 'yesterday'")])
        try f.session(
            source: log, line: 2, id: "TKT-100", engineer: "j.miller@cloudvendor.example", name: "Jordan Miller",
            country: "US", employer: "CloudVendor Inc.", clearance: "Secret", start: "2023-03-14T14:00:00Z",
            end: "2023-03-14T15:00:00Z", accounts: ["jmiller-adm@fedagency.example"], ips: ["198.51.100.10"],
            scope: ["https://fedagency.sharepoint.example/sites/Finance"], summary: "Finance site permissions broken",
            ticketURL: "https://support.cloudvendor.example/tickets/TKT-100")
        try f.session(
            source: log, line: 3, id: "TKT-200", engineer: "li.wei@offshore-partner.example", name: "Li Wei",
            country: "CN", employer: "Offshore Partner Ltd. (subcontractor)", clearance: nil, start: "2023-04-02T01:15:00Z",
            end: "2023-04-02T03:40:00Z", accounts: ["liwei-support@fedagency.example"], ips: ["203.0.113.9"],
            scope: ["director@fedagency.example"], summary: "Executive mailbox not syncing",
            ticketURL: "https://support.cloudvendor.example/tickets/TKT-200")
        let s1 = try f.event(
            source: log, line: 2, at: "2023-03-14T14:00:00Z", category: "support", action: "session_start",
            actor: "j.miller@cloudvendor.example", resourceType: "support_interaction", resource: "TKT-100",
            name: "Finance site permissions broken", message: "Support session started: TKT-100",
            fields: ["session_id": "TKT-100", "actor_type": "support_engineer", "timestamp_desc": "Support Session Start"])
        try f.event(
            source: log, line: 2, at: "2023-03-14T15:00:00Z", category: "support", action: "session_end",
            actor: "j.miller@cloudvendor.example", resourceType: "support_interaction", resource: "TKT-100",
            name: "Finance site permissions broken", message: "Support session ended: TKT-100",
            fields: ["session_id": "TKT-100", "actor_type": "support_engineer", "timestamp_desc": "Support Session End"])
        let s2 = try f.event(
            source: log, line: 3, at: "2023-04-02T01:15:00Z", category: "support", action: "session_start",
            actor: "li.wei@offshore-partner.example", resourceType: "support_interaction", resource: "TKT-200",
            name: "Executive mailbox not syncing", message: "Support session started: TKT-200",
            fields: ["session_id": "TKT-200", "actor_type": "support_engineer", "timestamp_desc": "Support Session Start"])
        try f.event(
            source: log, line: 3, at: "2023-04-02T03:40:00Z", category: "support", action: "session_end",
            actor: "li.wei@offshore-partner.example", resourceType: "support_interaction", resource: "TKT-200",
            name: "Executive mailbox not syncing", message: "Support session ended: TKT-200",
            fields: ["session_id": "TKT-200", "actor_type": "support_engineer", "timestamp_desc": "Support Session End"])
        let file = "https://fedagency.sharepoint.example/sites/Finance/Shared Documents/Budget FY24.xlsx"
        let read1 = try f.event(
            source: ual, line: 5, at: "2023-03-14T14:20:00Z", category: "file", action: "read",
            actor: "jmiller-adm@fedagency.example", resourceType: "file", resource: file, name: "Budget FY24.xlsx",
            message: "FileAccessed Budget FY24.xlsx", fields: ["client_ip": "198.51.100.10", "operation": "FileAccessed"])
        let read2 = try f.event(
            source: ual, line: 6, at: "2023-03-14T14:31:00Z", category: "file", action: "read",
            actor: "jmiller-adm@fedagency.example", resourceType: "file", resource: file, name: "Budget FY24.xlsx",
            message: "FileAccessed Budget FY24.xlsx", fields: ["client_ip": "198.51.100.10", "operation": "FileAccessed"])
        var items: [Int64] = []
        for (n, subject) in ["Board minutes", "Budget draft", "Re: Inspector General request"].enumerated() {
            items.append(
                try f.event(
                    source: audit, line: 10 + n, at: "2023-04-02T01:\(30 + n * 5):00Z", category: "mail", action: "read",
                    actor: "liwei-support@fedagency.example", resourceType: "mail_item",
                    resource: "director@fedagency.example/AAMkAD\(n)", name: subject,
                    message: "MailItemsAccessed \(subject)",
                    fields: ["client_ip": "203.0.113.9", "operation": "MailItemsAccessed", "locator": "element \(10 + n)"]))
        }
        let rule = try f.event(
            source: audit, line: 14, at: "2023-04-02T02:10:00Z", category: "admin", action: "inbox_rule",
            actor: "liwei-support@fedagency.example", resourceType: "mailbox", resource: "director@fedagency.example",
            name: "Director mailbox", message: "New-InboxRule forward to external address",
            fields: ["client_ip": "203.0.113.9", "operation": "New-InboxRule", "locator": "element 14"])
        let outside = try f.event(
            source: audit, line: 15, at: "2023-04-05T22:05:00Z", category: "mail", action: "read",
            actor: "liwei-support@fedagency.example", resourceType: "mail_item",
            resource: "director@fedagency.example/AAMkAD9", name: "Travel plans",
            message: "MailItemsAccessed Travel plans",
            fields: ["client_ip": "203.0.113.77", "operation": "MailItemsAccessed", "locator": "element 15"])
        try f.event(
            source: ual, line: 7, at: "2023-04-03T09:00:00Z", category: "auth", action: "sign_in",
            actor: "director@fedagency.example", resourceType: nil, resource: nil, name: nil,
            message: "UserLoggedIn director@fedagency.example", fields: ["client_ip": "192.0.2.15", "operation": "UserLoggedIn"])
        guard correlated else { return f.close() }

        func t(_ iso: String) -> [SQLValue] { [.text(iso), .integer(CorrelationFixture.us(iso))] }
        try f.insert(
            "interactions",
            [
                "interaction_id", "engineer", "engineer_country", "clearance", "tenant", "customer_class",
                "start_utc", "end_utc", "session_count", "event_count", "resource_count", "finding_count",
                "start_us", "end_us",
            ],
            [
                .text("TKT-100"), .text("j.miller@cloudvendor.example"), .text("US"), .text("Secret"),
                .text("fedagency.example"), .text("government"), .text("2023-03-14T13:45:00.000000Z"),
                .text("2023-03-14T15:15:00.000000Z"), .integer(1), .integer(2), .integer(1), .integer(0),
                .integer(CorrelationFixture.us("2023-03-14T13:45:00Z")), .integer(CorrelationFixture.us("2023-03-14T15:15:00Z")),
            ])
        try f.insert(
            "interactions",
            [
                "interaction_id", "engineer", "engineer_country", "clearance", "tenant", "customer_class",
                "start_utc", "end_utc", "session_count", "event_count", "resource_count", "finding_count",
                "start_us", "end_us",
            ],
            [
                .text("TKT-200"), .text("li.wei@offshore-partner.example"), .text("CN"), .null,
                .text("fedagency.example"), .text("government"), .text("2023-04-02T01:00:00.000000Z"),
                .text("2023-04-02T03:55:00.000000Z"), .integer(1), .integer(4), .integer(4), .integer(3),
                .integer(CorrelationFixture.us("2023-04-02T01:00:00Z")), .integer(CorrelationFixture.us("2023-04-02T03:55:00Z")),
            ])
        let accessColumns = [
            "interaction_id", "engineer", "actor", "resource_type", "resource", "resource_name", "action",
            "first_utc", "last_utc", "event_count", "client_ips", "first_us", "last_us",
        ]
        try f.insert(
            "interaction_access", accessColumns,
            [
                .text("TKT-100"), .text("j.miller@cloudvendor.example"), .text("jmiller-adm@fedagency.example"),
                .text("file"), .text(file), .text("Budget FY24.xlsx"), .text("read"),
                .text("2023-03-14T14:20:00.000000Z"), .text("2023-03-14T14:31:00.000000Z"), .integer(2),
                .text("198.51.100.10"), .integer(CorrelationFixture.us("2023-03-14T14:20:00Z")),
                .integer(CorrelationFixture.us("2023-03-14T14:31:00Z")),
            ])
        for (n, subject) in ["Board minutes", "Budget draft", "Re: Inspector General request"].enumerated() {
            let at = "2023-04-02T01:\(30 + n * 5):00.000000Z"
            try f.insert(
                "interaction_access", accessColumns,
                [
                    .text("TKT-200"), .text("li.wei@offshore-partner.example"),
                    .text("liwei-support@fedagency.example"), .text("mail_item"),
                    .text("director@fedagency.example/AAMkAD\(n)"), .text(subject), .text("read"),
                    .text(at), .text(at), .integer(1), .text("203.0.113.9"),
                    .integer(CorrelationFixture.us(at)), .integer(CorrelationFixture.us(at)),
                ])
        }
        try f.insert(
            "interaction_access", accessColumns,
            [
                .text("TKT-200"), .text("li.wei@offshore-partner.example"), .text("liwei-support@fedagency.example"),
                .text("mailbox"), .text("director@fedagency.example"), .text("Director mailbox"),
                .text("inbox_rule"), .text("2023-04-02T02:10:00.000000Z"), .text("2023-04-02T02:10:00.000000Z"),
                .integer(1), .text("203.0.113.9"), .integer(CorrelationFixture.us("2023-04-02T02:10:00Z")),
                .integer(CorrelationFixture.us("2023-04-02T02:10:00Z")),
            ])
        for (event, interaction) in [
            (read1, "TKT-100"), (read2, "TKT-100"), (items[0], "TKT-200"), (items[1], "TKT-200"),
            (items[2], "TKT-200"), (rule, "TKT-200"),
        ] {
            try f.insert(
                "attributions", ["event_id", "interaction_id", "session_row_id", "engineer", "matched_by", "overlap"],
                [
                    .integer(event), .text(interaction), .integer(interaction == "TKT-100" ? 1 : 2), .null,
                    .text("identity"), .integer(0),
                ])
        }
        let findingColumns = [
            "finding_id", "interaction_id", "rule", "severity", "summary", "first_utc", "last_utc", "evidence",
            "first_us", "last_us",
        ]
        try f.insert(
            "findings", findingColumns,
            [
                .integer(1), .text("TKT-200"), .text("personnel-location-not-allowed"), .text("high"),
                .text("Engineer li.wei@offshore-partner.example (CN) worked on a government tenant, which policy limits to US personnel"),
            ]
                + [.text("2023-04-02T01:15:00.000000Z"), .text("2023-04-02T03:40:00.000000Z"), .text("[\(s2)]")]
                + [.integer(CorrelationFixture.us("2023-04-02T01:15:00Z")), .integer(CorrelationFixture.us("2023-04-02T03:40:00Z"))])
        try f.insert(
            "findings", findingColumns,
            [
                .integer(2), .text("TKT-200"), .text("privileged-operation"), .text("high"),
                .text("An inbox rule was created on director@fedagency.example during support"),
                .text("2023-04-02T02:10:00.000000Z"), .text("2023-04-02T02:10:00.000000Z"), .text("[\(rule)]"),
            ]
                + [.integer(CorrelationFixture.us("2023-04-02T02:10:00Z")), .integer(CorrelationFixture.us("2023-04-02T02:10:00Z"))])
        try f.insert(
            "findings", findingColumns,
            [
                .integer(3), .null, .text("access-outside-window"), .text("medium"),
                .text("liwei-support@fedagency.example read mail 3 days after the last window closed"),
                .text("2023-04-05T22:05:00.000000Z"), .text("2023-04-05T22:05:00.000000Z"), .text("[\(outside)]"),
            ]
                + [.integer(CorrelationFixture.us("2023-04-05T22:05:00Z")), .integer(CorrelationFixture.us("2023-04-05T22:05:00Z"))])
        try f.insert(
            "findings", findingColumns,
            [
                .integer(4), .text("TKT-200"), .text("clearance-missing"), .text("low"),
                .text("No clearance is recorded for the engineer of a government interaction"),
                .text("2023-04-02T01:15:00.000000Z"), .text("2023-04-02T03:40:00.000000Z"),
                .text("[\(s2), \(items[0])]"),
            ]
                + [.integer(CorrelationFixture.us("2023-04-02T01:15:00Z")), .integer(CorrelationFixture.us("2023-04-02T03:40:00Z"))])
        try f.insert(
            "unattributed_support_access",
            [
                "event_id", "time_utc", "ts_us", "identity", "actor", "actor_type", "client_ip", "action", "resource_type",
                "resource", "resource_name", "source_id", "locator",
            ],
            [
                .integer(outside), .text("2023-04-05T22:05:00.000000Z"), .integer(CorrelationFixture.us("2023-04-05T22:05:00Z")),
                .text("li.wei@offshore-partner.example"), .text("liwei-support@fedagency.example"), .text("user"),
                .text("203.0.113.77"), .text("read"), .text("mail_item"), .text("director@fedagency.example/AAMkAD9"),
                .text("Travel plans"), .integer(audit), .text("element 15"),
            ])
        try f.insert(
            "correlation_runs", CorrelationFixture.runColumns,
            CorrelationFixture.run(
                id: 1, policy: "policy.json", sha: String(repeating: "d4", count: 32), slack: 15,
                geoIP: "none (rule skipped)",
                sourcesSHA256: try CorrelationStatus.fingerprint(f.db)))
        _ = s1
        return f.close()
    }
}
