import Foundation
import TesseraTestSupport
import Testing

@testable import TesseraIngest
@testable import TesseraStore

/// The bundled Samples/ case: what `scripts/demo` shows must hold.
@Suite struct SamplesTests {
    @Test func samplesIngestWithCrossFileDedupAndJoinedLockboxTickets() throws {
        let store = try StoreFixtures.newStore(name: "samples.db")
        let report = try run([packageRoot + "/Samples"], store: store)
        #expect(report.failures == 0)
        // Vendor logs (2022 CSV, 2023 CSV, 2024 JSONL), Lockbox, both Exchange exports, the UAL CSV, Google Drive,
        // and the Azure Activity Log and Key Vault AuditEvent blobs.
        #expect(
            report.ingested.map(\.plugin).sorted() == [
                "azure-monitor", "azure-monitor", "customer-lockbox", "exchange-audit", "exchange-audit", "m365-ual",
                "mapping:google-drive", "support-log", "support-log", "support-log",
            ])
        // The 2024 JSONL export repeats one 2023 session: a duplicate, not a second session.
        #expect(report.ingested.reduce(0) { $0 + $1.counts.duplicates } == 1)
        #expect(try store.database.scalarInt("SELECT count(*) FROM support_sessions WHERE interaction_id = 'TKT-2023-0412'") == 1)
        // One ticket, two sessions.
        #expect(try store.database.scalarInt("SELECT session_count FROM support_interactions WHERE interaction_id = 'TKT-2023-0467'") == 2)
        // Engineers in several countries.
        #expect(try store.database.scalarInt("SELECT count(DISTINCT engineer_country) FROM support_sessions") ?? 0 >= 4)
        // A Lockbox request joins the vendor ticket it names; the ticket's own data describes it.
        let row = try store.database.scalarText(
            """
            SELECT tenant || '|' || approval || '|' || session_count || '|' || open_sessions
            FROM support_interactions WHERE interaction_id = 'TKT-2024-0145'
            """)
        #expect(row == "fedagency.example|Customer Lockbox approved|2|1")
        #expect(try store.sources().allSatisfy { $0.counts.addsUp })
    }
}
