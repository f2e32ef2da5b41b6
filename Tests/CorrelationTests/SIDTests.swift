import TesseraCorrelation
import TesseraSDK
import TesseraStore
import Testing

/// SIDs link identities through the logons the evidence names, but never through a principal
/// many people act as (SYSTEM, built-in groups and accounts).
struct SIDTests {
    func logon(sid: String, upn: String) -> JSONObject {
        JSONObject([("logon_user_sid", .string(sid)), ("logon_user_upn", .string(upn))])
    }

    /// Eve's only link to her Exchange activity is her SID, named beside her account's UPN by a UAL record.
    @Test func anEngineerWhoseOnlyLinkIsASIDIsAttributed() throws {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv",
            [
                support(
                    "T-1", engineer: "eve@vendor.example", customerClass: nil, start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z",
                    accounts: ["eve-adm@contoso.com"])
            ])
        let sid = "S-1-5-21-3623811015-3361044348-30300820-1104"
        try f.ingest(
            "ual.json",
            [
                access("2024-04-20T08:00:00Z", actor: "eve-adm@contoso.com", resource: "own/1", details: logon(sid: sid, upn: "eve-adm@contoso.com"))
            ])
        try f.ingest("exchange.xml", [access("2024-05-01T10:30:00Z", actor: sid, actorType: ActorType.admin, resource: "cfo@contoso.com/9")])
        _ = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(try f.rows("SELECT interaction_id, matched_by FROM attributions") == [["T-1", "identity"]])
        #expect(try f.rows("SELECT origin FROM identity_aliases WHERE alias = ?", [.text(sid)]) == [["evidence"]])
    }

    /// Two engineers whose logons both name SYSTEM (and one built-in Administrator) stay two people.
    @Test func twoPeopleActingAsSystemAreNeverMerged() throws {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv",
            [
                support(
                    "T-1", engineer: "eve@vendor.example", customerClass: nil, start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z",
                    accounts: ["eve-adm@contoso.com"]),
                support(
                    "T-2", engineer: "bob@vendor.example", customerClass: nil, start: "2024-05-03T10:00:00Z", end: "2024-05-03T11:00:00Z",
                    accounts: ["bob-adm@contoso.com"]),
            ])
        try f.ingest(
            "exchange.xml",
            [
                access(
                    "2024-04-01T08:00:00Z", actor: "S-1-5-18", actorType: ActorType.system, resource: "m/1",
                    details: logon(sid: "s-1-5-18", upn: "eve-adm@contoso.com")),
                access(
                    "2024-04-01T08:00:01Z", actor: "S-1-5-18", actorType: ActorType.system, resource: "m/2",
                    details: logon(sid: "S-1-5-18", upn: "bob-adm@contoso.com")),
                access("2024-04-01T08:00:02Z", actor: "x", resource: "m/3", details: logon(sid: "S-1-5-21-1-2-3-500", upn: "eve-adm@contoso.com")),
                access("2024-04-01T08:00:03Z", actor: "x", resource: "m/4", details: logon(sid: "S-1-5-21-1-2-3-500", upn: "bob-adm@contoso.com")),
                // Bob's account acting in Eve's window, and SYSTEM acting there: neither is Eve.
                access("2024-05-01T10:30:00Z", actor: "bob-adm@contoso.com", resource: "m/5"),
                access("2024-05-01T10:31:00Z", actor: "S-1-5-18", actorType: ActorType.system, resource: "m/6"),
            ])
        let aliases = try f.file("aliases.csv", "identity,alias\neve@vendor.example,NT AUTHORITY\\SYSTEM\n")
        let summary = try Correlator(store: f.store, options: CorrelationOptions(aliasesPath: aliases)).run()
        #expect(try f.int("SELECT count(*) FROM attributions") == 0)
        #expect(try f.rows("SELECT label FROM identities ORDER BY label") == [["bob@vendor.example"], ["eve@vendor.example"]])
        #expect(try f.int("SELECT count(*) FROM identity_aliases WHERE alias LIKE 'S-1-%' OR alias LIKE 'nt authority%'") == 0)
        #expect(
            summary.warnings.contains { $0.hasPrefix("well-known or built-in principal(s) S-1-5-18, S-1-5-21-1-2-3-500, nt authority\\system were not used") })
        // Bob's own account still ties to Bob: its event in Eve's window is Bob's access outside his windows.
        #expect(try f.rows("SELECT identity FROM unattributed_support_access") == [["bob@vendor.example"]])
    }

    @Test func wellKnownPrincipals() {
        for p in [
            "S-1-5-18", "s-1-5-19", "S-1-5-20", "S-1-5-32-544", "S-1-1-0", "S-1-5-80-123-456", "S-1-5-21-1-2-3-500",
            "S-1-5-21-1-2-3-512", "NT AUTHORITY\\SYSTEM", "nt authority\\network service", "BUILTIN\\Administrators", "SYSTEM",
        ] {
            #expect(WellKnownPrincipals.contains(p), "\(p) should be well-known")
        }
        for p in ["S-1-5-21-3623811015-3361044348-30300820-5101", "S-1-12-1-123-456-789-1001", "eve@contoso.com", "Administrator"] {
            #expect(!WellKnownPrincipals.contains(p), "\(p) names one person")
        }
    }
}
