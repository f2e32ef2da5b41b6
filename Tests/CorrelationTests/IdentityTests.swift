import TesseraCorrelation
import TesseraSDK
import TesseraStore
import Testing

struct IdentityTests {
    @Test func analystAliasFileJoinsAnEngineerIdToAnAccount() throws {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv",
            [
                support("T-1", engineer: "E12345", customerClass: nil, start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z")
            ])
        try f.ingest("ual.json", [access("2024-05-01T10:30:00Z", actor: "Vendor-Tech-7@Contoso.com", resource: "r/1")])
        let without = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(without.attributedEvents == 0)
        let aliases = try f.file(
            "aliases.csv",
            """
            # analyst notes: E12345 used a customer-issued account
            identity,alias,note
            E12345,VENDOR-TECH-7@contoso.com,"confirmed with the vendor, ticket 77"
            """)
        let with = try Correlator(store: f.store, options: CorrelationOptions(aliasesPath: aliases)).run()
        #expect(with.attributedEvents == 1)
        #expect(
            try f.rows("SELECT alias, origin, first_evidence FROM identity_aliases WHERE alias LIKE 'vendor%'")
                == [["vendor-tech-7@contoso.com", "analyst", "\(aliases) line 3"]])
        #expect(
            try f.rows("SELECT aliases_path, length(aliases_sha256) FROM correlation_runs ORDER BY run_id DESC LIMIT 1")
                == [[aliases, "64"]])
    }

    @Test func aliasFileWithoutHeaderIsRefusedWithInstructions() throws {
        let f = try StoreFixture()
        let path = try f.file("aliases.csv", "E12345,someone@contoso.com\n")
        #expect {
            try Correlator(store: f.store, options: CorrelationOptions(aliasesPath: path)).run()
        } throws: { error in
            "\(error)".contains("identity,alias") && "\(error)".contains("line 1")
        }
    }

    @Test func ambiguousDisplayNameResolvesNoOne() throws {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv",
            [
                support("T-1", engineer: "john.smith@vendor.example", customerClass: nil, start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z")
            ])
        func logon(_ sid: String, _ upn: String) -> JSONObject {
            JSONObject([("logon_user_sid", .string(sid)), ("logon_user_display_name", .string("John Smith")), ("logon_user_upn", .string(upn))])
        }
        try f.ingest(
            "exchange.xml",
            [
                access(
                    "2024-05-01T09:00:00Z", actor: "S-1-5-21-1-1-1-1500", actorType: ActorType.admin, resource: "a",
                    details: logon("S-1-5-21-1-1-1-1500", "john.smith@vendor.example")),
                access(
                    "2024-05-01T09:00:01Z", actor: "S-1-5-21-9-9-9-900", actorType: ActorType.user, resource: "b",
                    details: logon("S-1-5-21-9-9-9-900", "john.smith@contoso.com")),
                access("2024-05-01T10:30:00Z", actor: "John Smith", actorType: ActorType.user, resource: "c"),
            ])
        let summary = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(summary.attributedEvents == 0)
        #expect(summary.warnings.contains { $0.contains("display name 'john smith' names 2 different identities") })
        // The SID joins the vendor UPN through a strong link, so its event before the window is reported.
        #expect(try f.rows("SELECT event_id FROM unattributed_support_access") == [["\(try f.eventID("exchange.xml", 1))"]])
    }

    @Test func sharedAccountDoesNotMergeTwoEngineers() throws {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv",
            [
                support(
                    "T-1", engineer: "eve@vendor.example", customerClass: nil, start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z",
                    accounts: ["break-glass@contoso.com"]),
                support(
                    "T-2", engineer: "frank@vendor.example", customerClass: nil, start: "2024-05-03T10:00:00Z", end: "2024-05-03T11:00:00Z",
                    accounts: ["break-glass@contoso.com"]),
            ])
        try f.ingest("ual.json", [access("2024-05-01T10:30:00Z", actor: "frank@vendor.example", resource: "r")])
        let summary = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(try f.int("SELECT count(*) FROM attributions") == 0)
        #expect(try f.rows("SELECT label FROM identities ORDER BY label") == [["break-glass@contoso.com"], ["eve@vendor.example"], ["frank@vendor.example"]])
        #expect(summary.warnings.contains { $0.contains("account 'break-glass@contoso.com' is listed for 2 engineers") })
    }
}
