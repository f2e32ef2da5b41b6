import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import TesseraIngest
@testable import TesseraStore

@Suite struct LockboxRealSampleTests {
    /// Microsoft's Requests_List.json example: three requests for ticket 123 (Pending, Denied,
    /// Approved), 8-hour duration, two VMs each. Skipped where ../shared/samples/real is absent.
    @Test(.realSamples)
    func realLockboxSampleIngestsWithItsWindows() throws {
        let store = try StoreFixtures.newStore(name: "l.db")
        let report = try run([RealSamples.path("azure-customer-lockbox-api-examples/Requests_List.json")], store: store)
        let source = try #require(report.ingested.first)
        #expect(source.plugin == "customer-lockbox")
        #expect(source.counts == SourceCounts(recordsRead: 3, recordsStored: 3, eventsStored: 6))
        let statement = try store.database.prepare(
            """
            SELECT t.status, t.interaction_id, t.start_utc, t.end_utc, json_extract(s.details, '$.access_granting_status')
            FROM support_timeline t JOIN support_sessions s USING (session_row_id) ORDER BY t.status
            """)
        var rows: [String] = []
        while try statement.step() {
            rows.append((0..<5).map { statement.text($0) ?? "NULL" }.joined(separator: " "))
        }
        #expect(
            rows == [
                "Approved 123 2019-10-07T16:52:33.470000Z 2019-10-08T00:52:33.470000Z 1",
                "Denied 123 2019-10-07T16:52:33.470000Z 2019-10-08T00:52:33.470000Z 0",
                "Pending 123 2019-10-07T16:52:33.470000Z 2019-10-08T00:52:33.470000Z 0",
            ])
        #expect(try store.database.scalarInt("SELECT count(DISTINCT item) FROM support_scope") == 2)
        #expect(
            try store.database.scalarText("SELECT ticket_url FROM support_interactions WHERE interaction_id = '123'")?
                .hasSuffix("supporttickets/123") == true)
    }
}
