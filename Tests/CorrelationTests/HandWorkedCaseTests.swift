import Foundation
import TesseraCorrelation
import TesseraSDK
import TesseraStore
import Testing

/// A small case worked out by hand. Two tickets and two Lockbox requests for a government
/// customer; the expected attribution and findings are derived in the comments below.
///
/// T-100  Alice (eng.alice@vendor.example, US, Cleared), 10:00–11:00, account Alice.Admin@Contoso.com,
///        IP 203.0.113.10, scope ceo@contoso.com. Window with 15 min slack: 09:45:00 – 11:15:00 inclusive.
/// T-200  Bob (eng.bob@vendor.example, IN, no clearance), 12:00, no end, no later session → closed at
///        12:00 + 8 h; account bob.support@contoso.com, IPs 198.51.100.0/24 and 2001:db8::/48. No scope.
/// LB-300 Lockbox, Approved, 2024-03-02 09:00, duration_hours 2 → window 08:45 – 11:15.
/// LB-301 Lockbox, Denied, 2024-03-03 09:00 → no window.
struct HandWorkedCaseTests {
    static let policyText = """
        bulk_thresholds:
          mail_item: 100
          file: 2
        """

    /// Builds the case; returns the fixture.
    static func build() throws -> StoreFixture {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv", plugin: "vendor-support-log",
            [
                support(
                    "T-100", engineer: "Eng.Alice@Vendor.example", name: "Alice Engineer", country: "US", clearance: "Cleared",
                    start: "2024-03-01T10:00:00Z", end: "2024-03-01T11:00:00Z", accounts: ["Alice.Admin@Contoso.com"],
                    ips: ["203.0.113.10"], scope: ["CEO@contoso.com"]),
                support(
                    "T-200", engineer: "eng.bob@vendor.example", name: "Bob Engineer", country: "IN",
                    start: "2024-03-01T12:00:00Z", accounts: ["bob.support@contoso.com"],
                    ips: ["198.51.100.0/24", "2001:DB8::/48"]),
            ])
        try f.ingest(
            "lockbox.json", plugin: "customer-lockbox",
            [
                support(
                    "LB-300", kind: .lockbox, start: "2024-03-02T09:00:00Z", status: "Approved",
                    details: JSONObject([("duration_hours", .number("2"))])),
                support("LB-301", kind: .lockbox, start: "2024-03-03T09:00:00Z", status: "Denied"),
            ])
        let logon = JSONObject([
            ("logon_user_sid", .string("S-1-5-21-111-222-333-1001")),
            ("logon_user_dn", .string("/o=Vendor/ou=Eng/cn=Alice")),
            ("logon_user_display_name", .string("Alice  Engineer")),
            ("logon_user_upn", .string("ENG.ALICE@vendor.example")),
        ])
        try f.ingest(
            "ual.json", plugin: "m365-ual",
            [
                // 1: T-100 by account, in scope, from Alice's IP (GeoIP says DE; Alice is recorded in US).
                access("2024-03-01T10:05:00Z", actor: "alice.admin@contoso.com", ip: "203.0.113.10", resource: "ceo@contoso.com/AAA1"),
                // 2: T-100, outside the declared scope.
                access("2024-03-01T10:20:00Z", actor: "Alice.Admin@CONTOSO.com", ip: "203.0.113.10:50123", resource: "cfo@contoso.com/BBB1"),
                // 3: T-100, privileged: a forwarding rule on the CEO's mailbox.
                access(
                    "2024-03-01T10:30:00Z", actor: "alice.admin@contoso.com", ip: "203.0.113.10", action: EventAction.forwardingRule,
                    operation: "New-InboxRule", resourceType: ResourceType.mailbox, resource: "ceo@contoso.com"),
                // 4: window start exactly (09:45:00.000000): attributed.
                access("2024-03-01T09:45:00Z", actor: "alice.admin@contoso.com", resource: "ceo@contoso.com/AAA2"),
                // 5: one microsecond before the window: outside every window.
                access("2024-03-01T09:44:59.999999Z", actor: "alice.admin@contoso.com", resource: "ceo@contoso.com/AAA3"),
                // 6: window end exactly: attributed.
                access("2024-03-01T11:15:00Z", actor: "alice.admin@contoso.com", resource: "ceo@contoso.com/AAA4"),
                // 7: one microsecond after: outside.
                access("2024-03-01T11:15:00.000001Z", actor: "alice.admin@contoso.com", resource: "ceo@contoso.com/AAA5"),
                // 8: someone else from Alice's session IP (with a port): attributed by IP, not on the ticket.
                access("2024-03-01T10:40:00Z", actor: "carol@contoso.com", ip: "203.0.113.10:443", resource: "ceo@contoso.com/CCC1"),
                // 9-11: T-200, Bob downloads three files from 198.51.100.77 (inside the /24; GeoIP says IN).
                access(
                    "2024-03-01T13:00:00Z", actor: "bob.support@contoso.com", ip: "198.51.100.77", action: EventAction.download,
                    operation: "FileDownloaded", resourceType: ResourceType.file, resource: "https://contoso.sharepoint.com/sites/hr/a.docx"),
                access(
                    "2024-03-01T13:01:00Z", actor: "bob.support@contoso.com", ip: "198.51.100.77", action: EventAction.download,
                    operation: "FileDownloaded", resourceType: ResourceType.file, resource: "https://contoso.sharepoint.com/sites/hr/b.docx"),
                access(
                    "2024-03-01T13:02:00Z", actor: "bob.support@contoso.com", ip: "198.51.100.77", action: EventAction.download,
                    operation: "FileDownloaded", resourceType: ResourceType.file, resource: "https://contoso.sharepoint.com/sites/hr/c.docx"),
                // 12: T-200, an unlisted identity from the session's IPv6 block, written with brackets and a port.
                access("2024-03-01T14:00:00Z", actor: "dave@contoso.com", ip: "[2001:db8:0:0::abcd]:443", resource: "dave@contoso.com/D1"),
                // 13: Microsoft Operator inside the approved Lockbox window.
                access("2024-03-02T10:00:00Z", actor: "Microsoft Operator", actorType: ActorType.microsoftOperator, resource: "ceo@contoso.com/L1"),
                // 14: Microsoft Operator after the approved window closed (11:15).
                access("2024-03-02T11:30:00Z", actor: "Microsoft Operator", actorType: ActorType.microsoftOperator, resource: "ceo@contoso.com/L2"),
                // 15: Microsoft Operator during the denied request: no window.
                access("2024-03-03T09:30:00Z", actor: "Microsoft Operator", actorType: ActorType.microsoftOperator, resource: "ceo@contoso.com/L3"),
                // 16: a customer user, not support: never reported.
                access("2024-03-01T10:10:00Z", actor: "ceo@contoso.com", ip: "192.0.2.50", resource: "ceo@contoso.com/AAA1"),
            ])
        try f.ingest(
            "exchange.xml", plugin: "exchange-audit",
            [
                // 1: a mailbox audit event naming Alice only by SID; its details tie the SID to her UPN.
                access(
                    "2024-03-01T10:50:00Z", actor: "S-1-5-21-111-222-333-1001", actorType: ActorType.admin,
                    operation: "FolderBind", resourceType: ResourceType.mailFolder, resource: "ceo@contoso.com/Inbox", details: logon)
            ])
        return f
    }

    @Test func attributesEventsAndRaisesTheExpectedFindings() throws {
        let f = try Self.build()
        let geo = f.directory.appendingPathComponent("country.mmdb").path
        try GeoIPFixture.write(geo, networks: [("203.0.113.0/24", "DE"), ("198.51.100.0/24", "IN")])
        let policy = try Policy.parse(Self.policyText, source: "test-policy.yaml")
        let summary = try Correlator(store: f.store, options: CorrelationOptions(policy: policy, geoIPPath: geo)).run()

        func ids(_ source: String, _ items: [Int]) throws -> [Int64] { try items.map { try f.eventID(source, $0) }.sorted() }
        func attributed(_ interaction: String) throws -> [Int64] {
            try f.rows("SELECT event_id FROM attributions WHERE interaction_id = ? ORDER BY event_id", [.text(interaction)]).map { Int64($0[0])! }
        }
        #expect(try attributed("T-100") == (try ids("ual.json", [1, 2, 3, 4, 6, 8]) + (try ids("exchange.xml", [1]))).sorted())
        #expect(try attributed("T-200") == (try ids("ual.json", [9, 10, 11, 12])))
        #expect(try attributed("LB-300") == (try ids("ual.json", [13])))
        #expect(try attributed("LB-301").isEmpty)

        // How each was matched.
        let matched = try f.rows("SELECT event_id, matched_by FROM attributions WHERE interaction_id = 'T-100' ORDER BY event_id")
        let byEvent = Dictionary(uniqueKeysWithValues: matched.map { (Int64($0[0])!, $0[1]) })
        #expect(byEvent[try f.eventID("ual.json", 1)] == "identity+ip")
        #expect(byEvent[try f.eventID("ual.json", 8)] == "ip")
        #expect(byEvent[try f.eventID("exchange.xml", 1)] == "identity")

        let unattributed = try f.rows("SELECT event_id, identity FROM unattributed_support_access ORDER BY event_id")
        #expect(unattributed.map { Int64($0[0])! } == (try ids("ual.json", [5, 7, 14, 15])))
        #expect(Set(unattributed.map { $0[1] }) == ["eng.alice@vendor.example", "microsoft operator"])

        let interactions = try f.rows(
            """
            SELECT interaction_id, engineer, engineer_country, session_count, event_count, resource_count, start_utc, end_utc
            FROM interactions ORDER BY interaction_id
            """)
        #expect(
            interactions == [
                ["LB-300", "NULL", "NULL", "1", "1", "1", "2024-03-02T09:00:00.000000Z", "2024-03-02T11:00:00.000000Z"],
                ["LB-301", "NULL", "NULL", "1", "0", "0", "2024-03-03T09:00:00.000000Z", "NULL"],
                ["T-100", "eng.alice@vendor.example", "US", "1", "7", "7", "2024-03-01T10:00:00.000000Z", "2024-03-01T11:00:00.000000Z"],
                ["T-200", "eng.bob@vendor.example", "IN", "1", "4", "4", "2024-03-01T12:00:00.000000Z", "2024-03-01T20:00:00.000000Z"],
            ])

        let findings = try f.rows("SELECT rule, severity, coalesce(interaction_id, '-'), evidence FROM findings ORDER BY finding_id")
        let expected: [[String]] = [
            ["personnel-location-not-allowed", "high", "T-200", json([try f.eventID("support.csv", 2)] + (try ids("ual.json", [9, 10, 11, 12])))],
            ["clearance-missing", "high", "T-200", json([try f.eventID("support.csv", 2)] + (try ids("ual.json", [9, 10, 11, 12])))],
            ["access-outside-window", "high", "-", json(try ids("ual.json", [5, 7]))],
            ["access-outside-window", "high", "-", json(try ids("ual.json", [14, 15]))],
            ["resource-outside-scope", "medium", "T-100", json(try ids("ual.json", [2]))],
            ["privileged-operation", "high", "T-100", json(try ids("ual.json", [3]))],
            ["bulk-access", "medium", "T-200", json(try ids("ual.json", [9, 10, 11]))],
            ["location-mismatch", "medium", "T-100", json([try f.eventID("support.csv", 1)] + (try ids("ual.json", [1, 2, 3])))],
            ["unlisted-identity-from-session-ip", "medium", "T-100", json(try ids("ual.json", [8]))],
            ["unlisted-identity-from-session-ip", "medium", "T-200", json(try ids("ual.json", [12]))],
        ]
        #expect(findings == expected)
        #expect(summary.findingsBySeverity == [.high: 5, .medium: 5])
        #expect(summary.attributedEvents == 12)
        #expect(summary.unattributedSupportEvents == 4)
        #expect(summary.skippedRules.isEmpty)
        #expect(try f.int("SELECT finding_count FROM interactions WHERE interaction_id = 'T-100'") == 4)

        // The view investigators read: the same events, in time order, with where they are in the evidence.
        let timeline = try f.rows("SELECT time_utc, matched_by, locator FROM interaction_timeline WHERE interaction_id = 'T-100'")
        #expect(timeline.count == 7)
        #expect(timeline.first == ["2024-03-01T09:45:00.000000Z", "identity", "line 5"])

        // Who touched what: Alice's access rows, one per (actor, resource, action).
        let access = try f.rows(
            """
            SELECT actor, resource, action, event_count, client_ips, first_utc FROM interaction_access
            WHERE interaction_id = 'T-100' AND resource = 'cfo@contoso.com/BBB1'
            """)
        #expect(access == [["alice.admin@contoso.com", "cfo@contoso.com/BBB1", "read", "1", "[\"203.0.113.10\"]", "2024-03-01T10:20:00.000000Z"]])
    }

    @Test func documentsWindowsAndIdentities() throws {
        // Alice's account is hers alone, so it joins her identity with the SID, DN, display
        // name and UPN of the logon the Exchange event names.
        let f = try Self.build()
        let summary = try Correlator(store: f.store, options: CorrelationOptions()).run()
        let windows = try f.rows("SELECT interaction_id, end_rule, window_start_utc, window_end_utc FROM interaction_windows ORDER BY interaction_id")
        #expect(
            windows == [
                ["LB-300", "lockbox_duration", "2024-03-02T08:45:00.000000Z", "2024-03-02T11:15:00.000000Z"],
                ["LB-301", "not_approved", "NULL", "NULL"],
                ["T-100", "recorded", "2024-03-01T09:45:00.000000Z", "2024-03-01T11:15:00.000000Z"],
                ["T-200", "maximum", "2024-03-01T11:45:00.000000Z", "2024-03-01T20:15:00.000000Z"],
            ])
        #expect(summary.warnings.contains { $0.contains("T-200") && $0.contains("maximum of 8 h") })
        // The SID, DN, display name and UPN of one logon resolve to Alice's engineer id.
        let aliases = try f.rows(
            """
            SELECT a.alias, a.origin FROM identity_aliases a JOIN identities i USING (identity_id)
            WHERE i.label = 'eng.alice@vendor.example' ORDER BY a.alias, a.origin
            """)
        #expect(
            aliases == [
                ["/o=vendor/ou=eng/cn=alice", "evidence"], ["S-1-5-21-111-222-333-1001", "evidence"],
                ["alice engineer", "evidence"], ["alice engineer", "support_log"], ["alice.admin@contoso.com", "support_log"],
                ["eng.alice@vendor.example", "evidence"], ["eng.alice@vendor.example", "support_log"],
            ])
        // Microsoft Operator is a pseudo-identity, named by the events of its actor type.
        #expect(
            try f.rows(
                """
                SELECT i.label, a.alias, a.occurrences FROM identities i JOIN identity_aliases a USING (identity_id)
                WHERE i.kind = 'pseudo_identity'
                """) == [["microsoft_operator", "microsoft operator", "3"]])
        // Without GeoIP the location rule is skipped, and the summary says so.
        #expect(summary.skippedRules.map(\.rule) == [.locationMismatch])
        #expect(summary.description.contains("skipped rule location-mismatch: no GeoIP database given"))
    }
}

func json(_ ids: [Int64]) -> String {
    "[" + ids.sorted().map(String.init).joined(separator: ",") + "]"
}

struct DocumentedQueryTests {
    /// The SQL examples in docs/correlation.md run on a correlated store and return rows.
    @Test func docsQueriesRun() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/correlation.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        guard let open = text.range(of: "```sql\n"), let close = text[open.upperBound...].range(of: "```") else {
            Issue.record("docs/correlation.md has no SQL example")
            return
        }
        let statements = text[open.upperBound..<close.lowerBound]
            .split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        #expect(statements.count == 4)
        let f = try HandWorkedCaseTests.build()
        _ = try Correlator(store: f.store, options: CorrelationOptions()).run()
        for sql in statements {
            let body = sql.split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: "\n")
            #expect(try !f.rows(body).isEmpty, "\(body)")
        }
    }
}
