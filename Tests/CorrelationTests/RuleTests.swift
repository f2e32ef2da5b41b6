import TesseraCorrelation
import TesseraSDK
import TesseraStore
import Testing

/// Each rule firing and not firing, on the smallest store that shows it.
struct RuleTests {
    /// One government ticket 10:00–11:00 for `engineer`, account eve@contoso.com, IP 203.0.113.10.
    func ticket(
        country: String? = "US", clearance: String? = "cleared", customerClass: String? = "government",
        scope: [String] = [], ips: [String] = ["203.0.113.10"]
    ) -> RecordItem {
        support(
            "T-1", engineer: "eve@vendor.example", country: country, clearance: clearance, customerClass: customerClass,
            start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z", accounts: ["eve@contoso.com"], ips: ips, scope: scope)
    }

    func run(_ f: StoreFixture, policy: String? = nil, geoIP: String? = nil) throws -> (CorrelationSummary, [String: [String]]) {
        let p = try policy.map { try Policy.parse($0, source: "test.yaml") } ?? Policy.default
        let summary = try Correlator(store: f.store, options: CorrelationOptions(policy: p, geoIPPath: geoIP)).run()
        var byRule: [String: [String]] = [:]
        for row in try f.rows("SELECT rule, summary FROM findings ORDER BY finding_id") { byRule[row[0], default: []].append(row[1]) }
        return (summary, byRule)
    }

    @Test func personnelLocation() throws {
        let fires = try StoreFixture()
        try fires.ingest("s.csv", [ticket(country: "cn")])
        let (_, a) = try run(fires)
        #expect(
            a["personnel-location-not-allowed"] == [
                "engineer eve@vendor.example recorded in CN for customer class government (allowed: US); 1 session(s), 0 attributed event(s)"
            ])

        let unknown = try StoreFixture()
        try unknown.ingest("s.csv", [ticket(country: nil)])
        #expect(try run(unknown).1["personnel-location-not-allowed"]?.first?.contains("country not recorded") == true)

        let allowed = try StoreFixture()
        try allowed.ingest("s.csv", [ticket(country: "US")])
        #expect(try run(allowed).1["personnel-location-not-allowed"] == nil)

        let commercial = try StoreFixture()
        try commercial.ingest("s.csv", [ticket(country: "CN", customerClass: "Commercial")])
        let (summary, c) = try run(commercial)
        #expect(c["personnel-location-not-allowed"] == nil)
        #expect(summary.warnings.contains("customer class 'Commercial' is not in the policy; the policy's default class applied"))
    }

    @Test func clearance() throws {
        let missing = try StoreFixture()
        try missing.ingest("s.csv", [ticket(clearance: nil)])
        #expect(try run(missing).1["clearance-missing"]?.first?.contains("no clearance recorded") == true)

        let wrong = try StoreFixture()
        try wrong.ingest("s.csv", [ticket(clearance: "Public Trust")])
        #expect(try run(wrong).1["clearance-missing"]?.first?.contains("clearance 'public trust'") == true)

        let cleared = try StoreFixture()
        try cleared.ingest("s.csv", [ticket(clearance: "  Top   Secret ")])
        #expect(try run(cleared).1["clearance-missing"] == nil)
    }

    @Test func accessOutsideWindow() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [ticket()])
        try f.ingest(
            "ual.json",
            [
                access("2024-05-01T10:30:00Z", actor: "eve@contoso.com", resource: "r/in"),
                access("2024-05-02T10:30:00Z", actor: "customer.user@contoso.com", resource: "r/customer"),
            ])
        #expect(try run(f).1["access-outside-window"] == nil)
        try f.ingest(
            "ual2.json",
            [
                access("2024-05-02T03:00:00Z", actor: "eve@contoso.com", resource: "r/night"),
                access("2024-05-02T04:00:00Z", actor: nil, actorType: ActorType.microsoftDatacenter, operation: "MailboxLogin", resource: "r/dc"),
            ])
        #expect(
            try run(f).1["access-outside-window"] == [
                "(microsoft_datacenter): 1 event(s) outside every support window on 1 resource(s): r/dc",
                "eve@vendor.example: 1 event(s) outside every support window on 1 resource(s): r/night",
            ])
    }

    @Test func resourceOutsideScope() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [ticket(scope: ["https://contoso.sharepoint.com/sites/Legal"])])
        try f.ingest(
            "ual.json",
            [
                access(
                    "2024-05-01T10:10:00Z", actor: "eve@contoso.com", resourceType: ResourceType.file,
                    resource: "https://contoso.sharepoint.com/sites/legal/doc.docx"),
                access(
                    "2024-05-01T10:20:00Z", actor: "eve@contoso.com", resourceType: ResourceType.file,
                    resource: "https://contoso.sharepoint.com/sites/legalhold/x.docx"),
            ])
        let (_, findings) = try run(f)
        #expect(
            findings["resource-outside-scope"] == [
                "1 event(s) on 1 resource(s) outside the declared scope (https://contoso.sharepoint.com/sites/legal): https://contoso.sharepoint.com/sites/legalhold/x.docx"
            ])
        let (summary, off) = try run(f, policy: "scope: {enforce: false}")
        #expect(off["resource-outside-scope"] == nil)
        #expect(summary.skippedRules.map(\.rule).contains(.resourceOutsideScope))
    }

    /// `admin:<area>` scopes cover the operations of the policy's admin area, not resource names.
    @Test func adminScopeCoversTheAreasOperations() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [ticket(scope: ["admin:Transport-Rules", "admin:user-accounts"])])
        try f.ingest(
            "admin.json",
            [
                access(
                    "2024-05-01T10:10:00Z", actor: "eve@contoso.com", action: EventAction.forwardingRule,
                    operation: "New-TransportRule", resourceType: ResourceType.adminObject, resource: "Bcc finance to archive"),
                access(
                    "2024-05-01T10:11:00Z", actor: "eve@contoso.com", action: EventAction.passwordReset,
                    operation: "Reset user password.", resourceType: ResourceType.user, resource: "k.alvarez@contoso.com"),
                access(
                    "2024-05-01T10:12:00Z", actor: "eve@contoso.com", action: EventAction.permissionGrant,
                    operation: "Add-MailboxPermission", resourceType: ResourceType.mailbox, resource: "ciso@contoso.com"),
                access(
                    "2024-05-01T10:13:00Z", actor: "eve@contoso.com", action: EventAction.read,
                    operation: "MailItemsAccessed", resourceType: ResourceType.mailItem, resource: "ciso@contoso.com/1"),
            ])
        let (_, findings) = try run(f)
        // The transport rule and the password reset are what the ticket was for; the mailbox is not.
        #expect(
            findings["resource-outside-scope"] == [
                "2 event(s) on 2 resource(s) outside the declared scope (admin:transport-rules, admin:user-accounts): ciso@contoso.com, ciso@contoso.com/1"
            ])
        // A policy file extends an area (and may add new ones); the built-in entries stay.
        let (_, extended) = try run(
            f,
            policy: """
                scope:
                  admin_areas:
                    user_accounts: {operations: ["*-MailboxPermission"]}
                    mail-reading: {actions: [read]}
                """)
        #expect(
            extended["resource-outside-scope"] == [
                "1 event(s) on 1 resource(s) outside the declared scope (admin:transport-rules, admin:user-accounts): ciso@contoso.com/1"
            ])
    }

    @Test func adminScopeNamingNoAreaCoversNothingAndSaysSo() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [ticket(scope: ["admin:exchange-everything"])])
        try f.ingest(
            "admin.json",
            [
                access(
                    "2024-05-01T10:10:00Z", actor: "eve@contoso.com", action: EventAction.forwardingRule,
                    operation: "New-TransportRule", resourceType: ResourceType.adminObject, resource: "Bcc finance to archive")
            ])
        let (summary, findings) = try run(f)
        #expect(findings["resource-outside-scope"]?.count == 1)
        #expect(summary.warnings.contains { $0.contains("admin:exchange-everything") && $0.contains("name no admin area") })
    }

    @Test func adminAreaPatterns() throws {
        let area = AdminArea(operations: ["*-TransportRule", "Update application*Certificates*", "Microsoft.Network/*"])
        #expect(area.covers(operation: "Set-TransportRule", action: "other"))
        #expect(area.covers(operation: "  new-transportrule ", action: "other"))
        #expect(!area.covers(operation: "New-TransportRuleX", action: "other"))
        #expect(area.covers(operation: "Update application – Certificates and secrets management ", action: "other"))
        #expect(area.covers(operation: "Microsoft.Network/networkSecurityGroups/write", action: "other"))
        #expect(!area.covers(operation: "Microsoft.Compute/virtualMachines/write", action: "other"))
        #expect(AdminArea.areaName(ofScopeItem: "ADMIN: Transport Rules") == "transport-rules")
        #expect(AdminArea.areaName(ofScopeItem: "https://admin:x@host") == nil)
        #expect(throws: CorrelationError.self) { try Policy.parse("scope: {admin_areas: {x: {operations: ['*']}}}", source: "t.yaml") }
        #expect(throws: CorrelationError.self) { try Policy.parse("scope: {admin_areas: {x: {verbs: [a]}}}", source: "t.yaml") }
        // Every area the issue names is in the default table.
        for name in ["transport-rules", "user-accounts", "mailbox-permissions", "forwarding", "roles", "network", "credentials"] {
            #expect(Policy.default.adminAreas[name] != nil, "default policy lacks admin area \(name)")
        }
    }

    @Test func privilegedOperation() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [ticket()])
        try f.ingest(
            "ual.json",
            [
                access("2024-05-01T10:10:00Z", actor: "eve@contoso.com", action: EventAction.read, resource: "m/1"),
                access("2024-05-01T10:20:00Z", actor: "eve@contoso.com", action: EventAction.permissionRevoke, resource: "m"),
            ])
        #expect(try run(f).1["privileged-operation"] == nil)
        try f.ingest(
            "ual2.json",
            [
                access(
                    "2024-05-01T10:30:00Z", actor: "eve@contoso.com", action: EventAction.passwordReset, operation: "Reset user password.",
                    resourceType: ResourceType.user, resource: "ceo@contoso.com"),
                access(
                    "2024-05-01T10:31:00Z", actor: "eve@contoso.com", action: EventAction.roleChange, operation: "Add member to role.",
                    resourceType: ResourceType.role, resource: "Global Administrator"),
            ])
        #expect(
            try run(f).1["privileged-operation"] == [
                "2 privileged operation(s) during support: password_reset ×1, role_change ×1, by eve@contoso.com"
            ])
        // A policy may demote it.
        let (summary, _) = try run(f, policy: "rules: {privileged-operation: {severity: low}}")
        #expect(summary.findingsBySeverity[.low] == 1)
    }

    @Test func bulkAccessAboveThresholdOnly() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [ticket()])
        try f.ingest(
            "ual.json",
            (1...3).map { n in
                access("2024-05-01T10:0\(n):00Z", actor: "eve@contoso.com", resource: "ceo@contoso.com/item\(n)")
            } + [access("2024-05-01T10:05:00Z", actor: "eve@contoso.com", resource: "ceo@contoso.com/item1")])
        #expect(try run(f, policy: "bulk_thresholds: {mail_item: 3}").1["bulk-access"] == nil)
        #expect(
            try run(f, policy: "bulk_thresholds: {mail_item: 2}").1["bulk-access"] == [
                "3 distinct mail_item resources in 4 event(s), above the policy's threshold of 2"
            ])
    }

    @Test func locationMismatchNeedsGeoIPAndADifferentCountry() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [ticket(country: "US", ips: [])])
        try f.ingest(
            "ual.json",
            [
                access("2024-05-01T10:10:00Z", actor: "eve@contoso.com", ip: "198.51.100.5", resource: "m/1"),
                access("2024-05-01T10:20:00Z", actor: "eve@contoso.com", ip: "10.1.2.3", resource: "m/2"),
            ])
        let geo = f.directory.appendingPathComponent("geo.mmdb").path
        try GeoIPFixture.write(geo, networks: [("198.51.100.0/24", "US"), ("2001:db8::/32", "registered:FR")])
        let (summary, same) = try run(f, geoIP: geo)
        let recorded = try f.rows("SELECT json_extract(parameters, '$.geoip_database'), length(geoip_sha256) FROM correlation_runs")
        #expect(recorded.first?[0].hasPrefix("Tessera-Test-Country built ") == true)
        #expect(recorded.first?[1] == "64")
        #expect(same["location-mismatch"] == nil)
        #expect(summary.warnings.contains("1 attributed client IP(s) have no country in the GeoIP database (private or unknown ranges)"))
        try f.ingest("ual2.json", [access("2024-05-01T10:30:00Z", actor: "eve@contoso.com", ip: "[2001:DB8::7]:8443", resource: "m/3")])
        #expect(
            try run(f, geoIP: geo).1["location-mismatch"] == [
                "engineer eve@vendor.example recorded in US; 1 event(s) from IPs located in FR (2001:db8::7)"
            ])
        let (skipped, none) = try run(f)
        #expect(none["location-mismatch"] == nil)
        #expect(skipped.skippedRules.first?.rule == .locationMismatch)
    }

    @Test func unlistedIdentityFromSessionIP() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [ticket(ips: ["203.0.113.0/28"])])
        try f.ingest(
            "ual.json",
            [
                access("2024-05-01T10:10:00Z", actor: "eve@contoso.com", ip: "203.0.113.3", resource: "m/1"),
                access("2024-05-01T10:20:00Z", actor: "mallory@contoso.com", ip: "203.0.113.16", resource: "m/2"), // outside the /28
            ])
        #expect(try run(f).1["unlisted-identity-from-session-ip"] == nil)
        try f.ingest("ual2.json", [access("2024-05-01T10:30:00Z", actor: "mallory@contoso.com", ip: "203.0.113.15", resource: "m/3")])
        #expect(
            try run(f).1["unlisted-identity-from-session-ip"] == [
                "1 event(s) from the session's IPs (203.0.113.15) by identities not on the ticket: mallory@contoso.com"
            ])
    }

    @Test func disabledRuleIsSkippedAndSaysSo() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [ticket(country: "CN")])
        let (summary, findings) = try run(f, policy: "rules: {personnel-location-not-allowed: {enabled: false}}")
        #expect(findings["personnel-location-not-allowed"] == nil)
        #expect(summary.description.contains("skipped rule personnel-location-not-allowed: disabled by the policy"))
    }
}
