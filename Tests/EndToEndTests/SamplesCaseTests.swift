import Foundation
import Testing

/// The Samples case end to end: the built binary ingests `Samples/`, correlates it with the case's
/// policy and alias file, and the results are exactly the lists in `Samples/README.md`.
/// The report's content is checked against the README's "What the report must show".
@Suite struct SamplesCaseTests {
    /// Rows of `findings` in `finding_id` order: rule | severity | interaction (empty for none) | evidence events.
    /// Each finding as `rule|severity|interaction|evidence count`, in finding order (compared with ``findings``).
    static let findingsQuery = """
        SELECT rule || '|' || severity || '|' || coalesce(interaction_id, '') || '|'
               || (SELECT count(*) FROM finding_evidence e WHERE e.finding_id = f.finding_id)
        FROM findings f ORDER BY finding_id
        """

    static let findings = [
        "personnel-location-not-allowed|high|TKT-2022-0904|2",
        "personnel-location-not-allowed|high|TKT-2023-0467|10",
        "personnel-location-not-allowed|high|TKT-2023-0501|2",
        "personnel-location-not-allowed|high|TKT-2024-0145|3",
        "personnel-location-not-allowed|high|TKT-2024-0198|8",
        "personnel-location-not-allowed|high|TKT-2024-0311|4",
        "clearance-missing|high|TKT-2022-0904|2",
        "clearance-missing|high|TKT-2023-0467|10",
        "clearance-missing|high|TKT-2023-0501|2",
        "clearance-missing|high|TKT-2024-0145|3",
        "clearance-missing|high|TKT-2024-0198|8",
        "clearance-missing|high|TKT-2024-0311|4",
        "access-outside-window|high||1",
        "access-outside-window|high||1",
        "access-outside-window|high||2",
        "resource-outside-scope|medium|2409100040005678|1",
        "resource-outside-scope|medium|TKT-2023-0467|5",
        "resource-outside-scope|medium|TKT-2024-0311|1",
        "privileged-operation|high|TKT-2023-0501|1",
        "privileged-operation|high|TKT-2024-0145|2",
        "privileged-operation|high|TKT-2024-0233|1",
        "privileged-operation|high|TKT-2024-0311|1",
        "bulk-access|medium|TKT-2024-0198|7",
        "unlisted-identity-from-session-ip|medium|TKT-2024-0356|1",
        // Issue 16: Li Wei, on a ticket scoped to a mailbox, reads a Key Vault secret (after listing
        // the vault) and opens an NSG rule to the internet (Started + Succeeded: one action, two records).
        "credential-access|high|TKT-2023-0467|2",
        "network-config-change|high|TKT-2023-0467|2",
    ]

    /// Rows of `interaction_access`: interaction | engineer (empty for a Lockbox-only request) | actor | action | resource.
    static let access = [
        "2409100040005678||/o=exchangelabs/ou=exchange administrative group (fydibohf23spdlt)/cn=recipients/cn=dcadmin-a417|list|records-officer@fedagency.example/LgAAAAD1kP2pYyUzS6tQ4bW0Q1JbAQBpnD7cN0ZpR4J2aH4w8vQXAAAAAAEaAAAB",
        "TKT-2022-0904|r.singh@offshore-partner.example|rsingh-adm@fedagency.example|config_change|records-officer@fedagency.example",
        "TKT-2022-1187|s.kim@cloudvendor.example|S-1-5-21-3623811015-3361044348-30300820-5120|read|records-officer@fedagency.example/RgAAAAD1kP2pYyUzS6tQ4bW0Q1JbBwBpnD7cN0ZpR4J2aH4w8vQXAAAAAAEMAABpnD7cN0ZpR4J2aH4w8vQXAAAC9nC1AAAA",
        "TKT-2022-1187|s.kim@cloudvendor.example|S-1-5-21-3623811015-3361044348-30300820-5120|read|records-officer@fedagency.example/RgAAAAD1kP2pYyUzS6tQ4bW0Q1JbBwBpnD7cN0ZpR4J2aH4w8vQXAAAAAAEMAABpnD7cN0ZpR4J2aH4w8vQXAAAC9nC2AAAA",
        "TKT-2023-0412|j.miller@cloudvendor.example|jmiller-adm@fedagency.example|read|https://fedagency.sharepoint.example/sites/Finance/Shared Documents/Permissions/site-permissions-export.xlsx",
        "TKT-2023-0412|j.miller@cloudvendor.example|jmiller-adm@fedagency.example|modify|https://fedagency.sharepoint.example/sites/Finance/SitePages/Home.aspx",
        "TKT-2023-0467|li.wei@offshore-partner.example|liwei-support@fedagency.example|read|director@fedagency.example/<BN8PR09MB34120D1@BN8PR09MB3412.namprd09.prod.outlook.com>",
        "TKT-2023-0467|li.wei@offshore-partner.example|liwei-support@fedagency.example|read|director@fedagency.example/<BN8PR09MB34120D2@BN8PR09MB3412.namprd09.prod.outlook.com>",
        "TKT-2023-0467|li.wei@offshore-partner.example|liwei-support@fedagency.example|read|director@fedagency.example/<BN8PR09MB34120D3@BN8PR09MB3412.namprd09.prod.outlook.com>",
        "TKT-2023-0467|li.wei@offshore-partner.example|liwei-support@fedagency.example|list|/subscriptions/5c1d7e2a-8b3f-4a6d-9e0c-7f2b1a3d4c5e/resourcegroups/rg-identity/providers/microsoft.keyvault/vaults/fedagency-kv",
        "TKT-2023-0467|li.wei@offshore-partner.example|liwei-support@fedagency.example|read|/subscriptions/5c1d7e2a-8b3f-4a6d-9e0c-7f2b1a3d4c5e/resourcegroups/rg-identity/providers/microsoft.keyvault/vaults/fedagency-kv/secrets/svc-backup-admin",
        "TKT-2023-0467|li.wei@offshore-partner.example|liwei-support@fedagency.example|config_change|/subscriptions/5c1d7e2a-8b3f-4a6d-9e0c-7f2b1a3d4c5e/resourcegroups/rg-network/providers/microsoft.network/networksecuritygroups/nsg-mgmt/securityrules/allow-rdp-support",
        "TKT-2023-0467|li.wei@offshore-partner.example|S-1-5-21-3623811015-3361044348-30300820-5101|read|cfo@fedagency.example/RgAAAAC8rT3uYf5kQ0a7m2c1Vn9JBwDk2q0pR3b1S7W4x8Zt6uYAAAAAAEMAADk2q0pR3b1S7W4x8Zt6uYAAAFf3gQ1AAAA",
        "TKT-2023-0501|r.singh@offshore-partner.example|rsingh-adm@fedagency.example|forwarding_rule|Bcc finance to archive",
        "TKT-2024-0107|j.miller@cloudvendor.example|jmiller-adm@fedagency.example|read|https://fedagency.sharepoint.example/sites/HR/Shared Documents/Search/search-schema.xml",
        "TKT-2024-0107|j.miller@cloudvendor.example|jmiller-adm@fedagency.example|download|https://fedagency.sharepoint.example/sites/HR/Shared Documents/Search/crawl-log-2024-01-08.csv",
        "TKT-2024-0145|li.wei@offshore-partner.example|microsoft operator|password_reset|k.alvarez@fedagency.example",
        "TKT-2024-0145|li.wei@offshore-partner.example|microsoft operator|password_reset|t.nguyen@fedagency.example",
        "TKT-2024-0198|m.okafor@offshore-partner.example|moka-support@fedagency.example|download|https://fedagency.sharepoint.example/sites/Legal/Shared Documents/Matters/nda-template.docx",
        "TKT-2024-0198|m.okafor@offshore-partner.example|moka-support@fedagency.example|download|https://fedagency.sharepoint.example/sites/Legal/Shared Documents/Matters/matter-2291-brief.docx",
        "TKT-2024-0198|m.okafor@offshore-partner.example|moka-support@fedagency.example|download|https://fedagency.sharepoint.example/sites/Legal/Shared Documents/Matters/matter-2291-exhibits.pdf",
        "TKT-2024-0198|m.okafor@offshore-partner.example|moka-support@fedagency.example|download|https://fedagency.sharepoint.example/sites/Legal/Shared Documents/Matters/settlement-draft.docx",
        "TKT-2024-0198|m.okafor@offshore-partner.example|moka-support@fedagency.example|download|https://fedagency.sharepoint.example/sites/Legal/Shared Documents/Matters/privilege-log.xlsx",
        "TKT-2024-0198|m.okafor@offshore-partner.example|moka-support@fedagency.example|download|https://fedagency.sharepoint.example/sites/Legal/Shared Documents/Matters/outside-counsel-rates.xlsx",
        "TKT-2024-0198|m.okafor@offshore-partner.example|moka-support@fedagency.example|download|https://fedagency.sharepoint.example/sites/Legal/Shared Documents/Matters/litigation-hold-list.xlsx",
        "TKT-2024-0233|s.kim@cloudvendor.example|skim-adm@fedagency.example|permission_grant|ciso@fedagency.example",
        "TKT-2024-0233|s.kim@cloudvendor.example|skim-adm@fedagency.example|read|ciso@fedagency.example/<SN6PR09MB2231C41@SN6PR09MB2231.namprd09.prod.outlook.com>",
        "TKT-2024-0311|chen.hao@offshore-partner.example|chao-support@fedagency.example|download|https://fedagency-my.sharepoint.example/personal/director_fedagency_example/Documents/Travel/itinerary-2024-06.pdf",
        "TKT-2024-0311|chen.hao@offshore-partner.example|chao-support@fedagency.example|download|https://fedagency-my.sharepoint.example/personal/director_fedagency_example/Documents/Budget/fy25-request-draft.xlsx",
        "TKT-2024-0311|chen.hao@offshore-partner.example|chao-support@fedagency.example|forwarding_rule|director@fedagency.example",
        "TKT-2024-0356|j.miller@cloudvendor.example|jmiller-adm@fedagency.example|read|https://drive.google.com/open?id=1qZ8vGrAnTsTrAcKeR7mPx3LwB9sYdQeF",
        "TKT-2024-0356|j.miller@cloudvendor.example|jmiller-adm@fedagency.example|modify|https://drive.google.com/open?id=1qZ8vGrAnTsTrAcKeR7mPx3LwB9sYdQeF",
        "TKT-2024-0356|j.miller@cloudvendor.example|temp.contractor@fedagency.example|download|https://drive.google.com/open?id=1qZ8vGrAnTsTrAcKeR7mPx3LwB9sYdQeF",
    ]

    /// Rows of `unattributed_support_access` in time order: identity | time | action | resource.
    static let unattributed = [
        "li.wei@offshore-partner.example|2023-04-10T03:12:09.000000Z|sign_in|liwei-support@fedagency.example",
        "li.wei@offshore-partner.example|2023-04-10T03:20:51.000000Z|read|director@fedagency.example/<BN8PR09MB34120D9@BN8PR09MB3412.namprd09.prod.outlook.com>",
        "chen.hao@offshore-partner.example|2024-06-06T02:14:06.109375Z|read|cfo@fedagency.example/RgAAAAC8rT3uYf5kQ0a7m2c1Vn9JBwDk2q0pR3b1S7W4x8Zt6uYAAAAAAEMAADk2q0pR3b1S7W4x8Zt6uYAAAGa1kQ7AAAA",
        "/o=exchangelabs/ou=exchange administrative group (fydibohf23spdlt)/cn=recipients/cn=dcadmin-a417|2024-10-01T07:12:30.250000Z|list|cfo@fedagency.example/LgAAAAC8rT3uYf5kQ0a7m2c1Vn9JAQDk2q0pR3b1S7W4x8Zt6uYAAAAAAEMAAAB",
    ]

    /// Interactions with their session counts: 12 in the agency's tenant, one of another customer.
    static let interactions = [
        "2409100040005678|1|lockbox", "TKT-2022-0904|1|session", "TKT-2022-1187|1|session",
        "TKT-2023-0412|1|session", "TKT-2023-0467|2|session", "TKT-2023-0501|1|session",
        "TKT-2023-0533|1|session", "TKT-2024-0107|1|session", "TKT-2024-0145|2|lockbox,session",
        "TKT-2024-0198|2|lockbox,session", "TKT-2024-0233|1|session", "TKT-2024-0311|1|session",
        "TKT-2024-0356|1|session",
    ]

    @Test func correlationFindsExactlyWhatTheReadmeLists() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        let ingest = try TesseraBinary.run(["ingest", "--store", store, samples])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("records read 56 = stored 55 + duplicates 1 + rejects 0"), "\(ingest.stdout)")
        let correlate = try TesseraBinary.run([
            "correlate", "--store", store,
            "--policy", samples + "/policy.yaml", "--aliases", samples + "/aliases.csv",
        ])
        #expect(correlate.status == 0, "\(correlate.stderr)")
        #expect(correlate.stdout.contains("skipped rule location-mismatch: no GeoIP database"))

        #expect(
            try rows(
                store,
                """
                SELECT interaction_id || '|' || session_count || '|' || kinds FROM support_interactions ORDER BY interaction_id
                """) == Self.interactions)
        #expect(
            try rows(store, Self.findingsQuery) == Self.findings)
        #expect(
            try rows(
                store,
                """
                SELECT interaction_id || '|' || coalesce(engineer, '') || '|' || actor || '|' || action || '|' || resource
                FROM interaction_access ORDER BY interaction_id, first_us, resource
                """) == Self.access)
        #expect(
            try rows(
                store,
                """
                SELECT identity || '|' || time_utc || '|' || action || '|' || resource FROM unattributed_support_access ORDER BY ts_us
                """) == Self.unattributed)
        // The three outside-window findings are one per identity, each naming it.
        let outside = try rows(store, "SELECT summary FROM findings WHERE rule = 'access-outside-window' ORDER BY finding_id")
        #expect(outside.count == 3)
        #expect(outside.contains { $0.hasPrefix("li.wei@offshore-partner.example:") })
        #expect(outside.contains { $0.hasPrefix("chen.hao@offshore-partner.example:") })
        #expect(outside.contains { $0.hasPrefix("/o=exchangelabs/") })
        // Clean interactions raise nothing.
        #expect(
            try rows(
                store,
                """
                SELECT DISTINCT interaction_id FROM findings
                WHERE interaction_id IN ('TKT-2022-1187', 'TKT-2023-0412', 'TKT-2024-0107', 'TKT-2023-0533')
                """
            ).isEmpty)
    }

    @Test func withTheCaseGeoIPDatabaseLocationMismatchFiresOnce() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        let mmdb = store + ".mmdb"
        let build = Process()
        build.executableURL = URL(fileURLWithPath: TesseraBinary.packageRoot + "/scripts/samples/samples-geoip")
        build.arguments = [mmdb]
        try build.run()
        build.waitUntilExit()
        #expect(build.terminationStatus == 0, "scripts/samples/samples-geoip needs libmaxmind-db-writer-perl (scripts/ensure-deps)")
        #expect(try TesseraBinary.run(["ingest", "--store", store, samples]).status == 0)
        let correlate = try TesseraBinary.run([
            "correlate", "--store", store, "--policy", samples + "/policy.yaml",
            "--aliases", samples + "/aliases.csv", "--geoip", mmdb,
        ])
        #expect(correlate.status == 0, "\(correlate.stderr)")
        // Maryam Okafor (recorded in NG) downloaded the Legal files through a VPN exit the database places in NL.
        var expected = Self.findings
        expected.insert("location-mismatch|medium|TKT-2024-0198|8", at: expected.firstIndex(of: "unlisted-identity-from-session-ip|medium|TKT-2024-0356|1")!)
        #expect(
            try rows(store, Self.findingsQuery) == expected)
        #expect(
            try rows(store, "SELECT summary FROM findings WHERE rule = 'location-mismatch'")
                == ["engineer m.okafor@offshore-partner.example recorded in NG; 7 event(s) from IPs located in NL (192.0.2.200)"])
    }

    @Test func reportShowsWhatTheReadmeLists() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        #expect(try TesseraBinary.run(["ingest", "--store", store, samples]).status == 0)
        #expect(
            try TesseraBinary.run([
                "correlate", "--store", store, "--policy", samples + "/policy.yaml",
                "--aliases", samples + "/aliases.csv",
            ]).status == 0)
        var reports: [String: String] = [:]
        for format in ["markdown", "html"] {
            let output = store + "." + format
            let result = try TesseraBinary.run([
                "report", "--store", store, "--format", format, "--output", output,
                "--generated-at", "2025-01-01T00:00:00Z",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("13 interactions, 26 findings, 70 of 70 events listed"), "\(result.stdout)")
            reports[format] = try String(contentsOfFile: output, encoding: .utf8)
        }
        let md = try #require(reports["markdown"]), html = try #require(reports["html"])
        // 1. Every evidence file with its SHA-256; the correlation run.
        let hashes = try rows(store, "SELECT sha256 FROM sources ORDER BY source_id")
        #expect(hashes.count == 10)
        for hash in hashes { #expect(md.contains(hash) && html.contains(hash), "source \(hash) missing from the report") }
        #expect(md.contains("correlated (results below)"))
        // 2. Findings by severity, in that order.
        let high = try #require(md.range(of: "### High severity (21)")), medium = try #require(md.range(of: "### Medium severity (5)"))
        #expect(high.lowerBound < medium.lowerBound)
        // 3. One section per interaction; resources grouped.
        for line in Self.interactions {
            let id = String(line.split(separator: "|")[0])
            #expect(md.contains("Interaction \(id)"), "no section for \(id)")
        }
        #expect(md.contains("#### Sites → files") && md.contains("#### Mailboxes → folders → items") && md.contains("#### Admin objects"))
        // Credentials and network configuration touched during TKT-2023-0467 are groups of their own.
        let ticket = try #require(md.range(of: "Interaction TKT-2023-0467"))
        let credentials = try #require(md.range(of: "#### Credentials (secrets, keys, certificates, passwords)", range: ticket.upperBound..<md.endIndex))
        let network = try #require(md.range(of: "#### Network configuration", range: credentials.upperBound..<md.endIndex))
        let nextTicket = try #require(md.range(of: "Interaction TKT-2023-0501"))
        #expect(network.upperBound < nextTicket.lowerBound)
        #expect(md[credentials.upperBound..<network.lowerBound].contains("secrets/svc-backup-admin"))
        #expect(md[network.upperBound..<nextTicket.lowerBound].contains("allow-rdp-support"))
        let legal = try rows(store, "SELECT resource_name FROM interaction_access WHERE interaction_id = 'TKT-2024-0198' AND action = 'download'")
        #expect(legal.count == 7)
        for file in legal { #expect(md.contains(file), "\(file) missing from TKT-2024-0198") }
        // 4. The timeline, with the unattributed lane (an inline SVG in HTML).
        #expect(html.contains("<svg") && md.contains("**Unattributed support access**"))
        // 5. Events: 4 outside every window; each row names its file and locator.
        #expect(md.components(separatedBy: "**outside every window**").count - 1 == 4)
        #expect(md.contains("purview\\_audit\\_fedagency\\_2023-2024.csv | line 5"))
        #expect(md.contains("mailbox\\_audit\\_SearchResult.xml | element 3, lines 14-18"))
        #expect(html.contains("Content-Security-Policy"))
        // Client IPs read as a list, not as the engine's JSON array.
        #expect(md.contains("| 198.51.100.21 |") && !md.contains("[\"198.51.100.21\"]"))
    }

    /// One text column of a read-only query, through `tessera query --format json`.
    private func rows(_ store: String, _ sql: String) throws -> [String] {
        let result = try TesseraBinary.run(["query", "--store", store, "--format", "json", sql])
        guard result.status == 0 else { throw SamplesQueryError(message: result.stderr) }
        let objects = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return objects.map { object in object.values.first.map { "\($0)" } ?? "" }
    }
}

private struct SamplesQueryError: Error { var message: String }
