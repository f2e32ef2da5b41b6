import Foundation
import TesseraTestSupport
import Testing

@testable import TesseraIngest
@testable import TesseraStore

/// Differential test of data once per record: the same evidence ingested with further events'
/// details shared (the current write path) and whole (the layout of every store before it) gives
/// exactly the same `events`, every row and every column, byte for byte.
@Suite struct SharedDetailsDifferentialTests {
    private func rows(_ store: EventStore) throws -> [[String]] {
        let statement = try store.database.prepare("SELECT * FROM events ORDER BY event_id")
        var result: [[String]] = []
        while try statement.step() {
            result.append(
                (0..<statement.columnCount).map { column -> String in
                    statement.isNull(column) ? "<NULL>" : "\(statement.int64(column))|" + (statement.text(column) ?? "")
                })
        }
        return result
    }

    private func compare(_ paths: [String]) throws {
        let directory = try temporaryDirectory()
        let shared = try EventStore(path: directory + "/shared.db", mode: .readWrite)
        let whole = try EventStore(path: directory + "/whole.db", mode: .readWrite)
        #expect(try run(paths, store: shared).failures == 0)
        let pipeline = IngestPipeline(store: whole, options: IngestOptions())
        pipeline.sharesDetails = false
        #expect(try pipeline.run(paths: paths).failures == 0)
        #expect(try whole.database.scalarInt("SELECT count(*) FROM event_rows WHERE details_shared IS NOT NULL") == 0)
        #expect(
            try shared.database.scalarInt("SELECT count(*) FROM event_rows WHERE details_shared IS NOT NULL") ?? 0 > 0,
            "the evidence has no record whose events share details: the test would prove nothing")
        let expected = try rows(whole), actual = try rows(shared)
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) where a != e {
            Issue.record("event \(e.first ?? "?") differs:\n  shared \(a)\n  whole  \(e)")
            break
        }
        // The shared layout is smaller where records fan out.
        let bytes = "SELECT sum(length(CAST(details AS BLOB))) FROM event_rows"
        #expect(try shared.database.scalarInt(bytes)! < whole.database.scalarInt(bytes)!)
    }

    @Test func theSamplesGiveTheSameEventsAsWithWholeDetails() throws {
        try compare([packageRoot + "/Samples"])
    }

    @Test(.realSamples)
    func theRealSamplesGiveTheSameEventsAsWithWholeDetails() throws {
        try compare([RealSamples.root])
    }
}
