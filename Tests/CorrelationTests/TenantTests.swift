import TesseraSDK
import TesseraStore
import Testing

@testable import TesseraCorrelation

/// Correlation never joins an event of one tenant to an interaction with another.
struct TenantTests {
    /// Two agencies, one vendor engineer working both tickets at once, one shared egress IP.
    func twoAgencies() throws -> StoreFixture {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv",
            [
                support(
                    "A-1", engineer: "sam@vendor.example", country: "US", clearance: "secret",
                    start: "2024-05-01T10:00:00Z", end: "2024-05-01T12:00:00Z",
                    accounts: ["sam@vendor.example"], ips: ["198.51.100.7"], tenant: "agency-a.example"),
                support(
                    "B-1", engineer: "sam@vendor.example", country: "US", clearance: "secret",
                    start: "2024-05-01T11:00:00Z", end: "2024-05-01T13:00:00Z",
                    accounts: ["sam@vendor.example"], ips: ["198.51.100.7"], tenant: "Agency-B.example"),
            ])
        try f.ingest(
            "evidence.json",
            [
                // Mailbox audit: the tenant is the mailbox owner's domain (a subdomain still belongs to it).
                access(
                    "2024-05-01T11:30:00Z", actor: "sam@vendor.example", ip: "198.51.100.7",
                    resource: "cfo@agency-a.example/1", tenant: "agency-a.example"),
                access(
                    "2024-05-01T11:31:00Z", actor: "sam@vendor.example", ip: "198.51.100.7",
                    resource: "cio@oig.agency-b.example/2", tenant: "oig.agency-b.example"),
                // UAL: the organization id, linked to agency B's domain by the analyst's alias file only.
                access(
                    "2024-05-01T11:32:00Z", actor: "helpdesk@agency-b.example", ip: "198.51.100.7",
                    resource: "https://agencyb.sharepoint.example/x.docx", tenant: "4B4B5F5C-1111-2222-3333-444455556666"),
                // No tenant in the evidence: attributed to both, as before.
                access("2024-05-01T11:33:00Z", actor: "sam@vendor.example", ip: "198.51.100.7", resource: "shared/3", tenant: nil),
            ])
        return f
    }

    func attributed(_ f: StoreFixture) throws -> [String] {
        try f.rows(
            """
            SELECT a.interaction_id || ' ' || e.resource FROM attributions a JOIN events e USING (event_id)
            ORDER BY e.ts_us, a.interaction_id
            """
        ).map { $0[0] }
    }

    @Test func overlappingWindowsAndASharedIPNeverCrossTenants() throws {
        let f = try twoAgencies()
        let aliases = try f.file("aliases.csv", "identity,alias\ntenant:agency-b.example,tenant:4b4b5f5c-1111-2222-3333-444455556666\n")
        let summary = try Correlator(store: f.store, options: CorrelationOptions(aliasesPath: aliases)).run()
        #expect(
            try attributed(f) == [
                "A-1 cfo@agency-a.example/1",
                "B-1 cio@oig.agency-b.example/2",
                "B-1 https://agencyb.sharepoint.example/x.docx",
                "A-1 shared/3", "B-1 shared/3",
            ])
        #expect(
            summary.warnings.contains(
                "1 event(s) of tenant agency-a.example fell in a window of interaction B-1 (tenant agency-b.example) but were not attributed to it: another tenant"
            ))
        #expect(
            summary.warnings.contains(
                "2 event(s) of tenant 4b4b5f5c-1111-2222-3333-444455556666 fell in a window of interaction A-1 (tenant agency-a.example) but were not attributed to it: another tenant"
            ) == false)
        #expect(summary.warnings.contains { $0.hasPrefix("1 event(s) of tenant oig.agency-b.example fell in a window of interaction A-1") })
        #expect(summary.warnings.contains { $0.hasPrefix("1 event(s) of tenant 4b4b5f5c-1111-2222-3333-444455556666 fell in a window of interaction A-1") })
        // interaction_access names the tenant of the events behind each row.
        #expect(
            try f.rows("SELECT interaction_id, resource, coalesce(tenant, 'NULL') FROM interaction_access ORDER BY interaction_id, first_us") == [
                ["A-1", "cfo@agency-a.example/1", "agency-a.example"], ["A-1", "shared/3", "NULL"],
                ["B-1", "cio@oig.agency-b.example/2", "oig.agency-b.example"],
                ["B-1", "https://agencyb.sharepoint.example/x.docx", "4B4B5F5C-1111-2222-3333-444455556666"], ["B-1", "shared/3", "NULL"],
            ])
    }

    /// Without the alias row nobody knows which tenant the organization id is: attribution by IP
    /// goes ahead for both (unknown is not different).
    @Test func anUnlinkedOrganizationIDIsNotKnownToDiffer() throws {
        let f = try twoAgencies()
        _ = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(
            try attributed(f).filter { $0.hasSuffix("x.docx") } == [
                "A-1 https://agencyb.sharepoint.example/x.docx", "B-1 https://agencyb.sharepoint.example/x.docx",
            ])
    }

    @Test func tenantNamesCompareOnlyWithTheirOwnKind() {
        var warnings: [String] = []
        let d = TenantDirectory.build(windows: [], aliasFile: nil, warnings: &warnings)
        #expect(d.relation("agency-a.example", "agency-b.example") == .different)
        #expect(d.relation("oig.agency-a.example", "agency-a.example") == .same)
        #expect(d.relation("agency-a.example", "agency-a.onmicrosoft.com") == .unknown)
        #expect(d.relation("agency-a.onmicrosoft.com", "agency-b.onmicrosoft.com") == .different)
        #expect(d.relation("4b4b5f5c-1111-2222-3333-444455556666", "agency-a.example") == .unknown)
        #expect(d.relation("123456789012", "210987654321") == .different)
        #expect(d.relation("12345", "67890") == .unknown) // Box enterprise vs Google customer: never compared
        #expect(TenantDirectory.kind("subscription:3f2b7c1e-5d4a-4e8b-9c61-2a7d0e9b4f13") == .subscription)
    }

    @Test func aTenantRowMustNameTenantsOnBothSides() throws {
        let f = try StoreFixture()
        let bad = try f.file("aliases.csv", "identity,alias\ntenant:agency-b.example,sam@vendor.example\n")
        #expect(throws: CorrelationError.self) { try Correlator(store: f.store, options: CorrelationOptions(aliasesPath: bad)).run() }
    }
}
