import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import TesseraStore

/// The bulk-load path of a large source: `event_rows`' secondary indexes dropped inside the
/// source's transaction and created again in one sorted pass before it commits.
@Suite struct DeferredIndexTests {
    /// Records with several events, random-order keys, a duplicate of an earlier source, a
    /// duplicate within the source, a record without events and a reject.
    static func writeSource(_ writer: SourceWriter) throws {
        for i in 0..<2_000 {
            let key = i == 500 ? "earlier" : i % 400 == 1 ? "k\(i - 1)" : "k\(i)"
            let events = (0...(i % 3)).map { n in
                event(Int64((i * 7919) % 2_000) * 1_000 + Int64(n), actor: "user\(i % 37)@agency.example", resource: "doc-\((i * 31) % 211)")
            }
            try writer.store(record(key, events: i == 900 ? [] : events, line: i + 1))
        }
        try writer.reject(Reject(locator: "line 9999", reason: "bad row", raw: Array("x,y".utf8)))
    }

    static func storeWithAnEarlierSource(_ name: String) throws -> EventStore {
        let store = try StoreFixtures.newStore(name: name)
        let first = try SourceWriter(store: store, info: sampleInfo("earlier.csv"), indexMaintenance: .live)
        try first.store(record("earlier", events: [event(1), event(2, resource: "doc-9")]))
        try first.finish(warnings: [])
        return store
    }

    /// Every column of every row of `sql`.
    static func rows(_ database: Database, _ sql: String) throws -> [[SQLValue]] {
        let statement = try database.prepare(sql)
        var rows: [[SQLValue]] = []
        while try statement.step() { rows.append((0..<statement.columnCount).map(statement.value)) }
        return rows
    }

    static func indexDefinitions(_ database: Database) throws -> [[SQLValue]] {
        try rows(database, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event_rows' ORDER BY name")
    }

    /// `PRAGMA temp_store`: 2 is MEMORY, the writable connection's usual setting.
    static func tempStore(_ store: EventStore) throws -> Int64? { try store.database.scalarInt("PRAGMA temp_store") }

    @Test func deferredIndexesGiveTheSameRowsCountsAndIndexesAsLiveOnes() throws {
        let live = try Self.storeWithAnEarlierSource("live.db")
        let bulk = try Self.storeWithAnEarlierSource("bulk.db")
        let definitionsBefore = try Self.indexDefinitions(bulk.database)
        #expect(definitionsBefore.count >= 7)

        let liveWriter = try SourceWriter(store: live, info: sampleInfo("big.csv", sha: "h"), indexMaintenance: .live)
        #expect(!liveWriter.defersIndexes)
        try Self.writeSource(liveWriter)
        let liveCounts = try liveWriter.finish(warnings: [])

        let bulkWriter = try SourceWriter(store: bulk, info: sampleInfo("big.csv", sha: "h"), indexMaintenance: .deferred)
        #expect(bulkWriter.defersIndexes)
        // Inside the transaction the indexes are gone, and sorts spill to files (temp_store = FILE).
        #expect(try Self.indexDefinitions(bulk.database).isEmpty)
        #expect(try Self.tempStore(bulk) == 1)
        try Self.writeSource(bulkWriter)
        let bulkCounts = try bulkWriter.finish(warnings: [])

        #expect(bulkCounts == liveCounts)
        #expect(bulkCounts == SourceCounts(recordsRead: 2_001, recordsStored: 1_993, duplicates: 6, rejects: 2, eventsStored: 3_984))
        #expect(try Self.indexDefinitions(bulk.database) == definitionsBefore)
        #expect(try Self.tempStore(bulk) == 2)
        #expect(try bulk.database.scalarInt("PRAGMA cache_size") == -Int64(EventStore.pageCacheKiB))
        #expect(try bulk.database.scalarText("PRAGMA integrity_check") == "ok")
        let everything = "SELECT * FROM events ORDER BY event_id"
        #expect(try Self.rows(bulk.database, everything) == Self.rows(live.database, everything))
        // The rebuilt indexes hold every row and serve the queries correlation and reports make.
        for (index, column) in [("events_actor", "actor"), ("events_resource", "resource"), ("events_ts", "ts_us")] {
            let sql = "SELECT event_id FROM event_rows INDEXED BY \(index) WHERE \(column) IS NOT NULL ORDER BY event_id"
            #expect(try Self.rows(bulk.database, sql) == Self.rows(live.database, sql), "\(index)")
        }
        let plan = try Self.rows(bulk.database, "EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE actor = 'user3@agency.example'")
        #expect(plan.contains { $0.contains(.text("SEARCH e USING COVERING INDEX events_actor (actor=?)")) })
    }

    @Test func anAbortedBulkSourceLeavesTheStoreAndItsIndexesAsTheyWere() throws {
        let store = try Self.storeWithAnEarlierSource("abort.db")
        let definitions = try Self.indexDefinitions(store.database)
        let writer = try SourceWriter(store: store, info: sampleInfo("big.csv"), indexMaintenance: .deferred)
        try Self.writeSource(writer)
        writer.abort()
        #expect(try Self.indexDefinitions(store.database) == definitions)
        #expect(try store.database.scalarInt("SELECT count(*) FROM events") == 2)
        #expect(try store.sources().map(\.path) == ["/evidence/earlier.csv"])
        #expect(try Self.tempStore(store) == 2)
    }

    @Test func aFailureWhileCommittingRollsBackTheRowsAndRestoresTheIndexes() throws {
        let store = try Self.storeWithAnEarlierSource("fail.db")
        let definitions = try Self.indexDefinitions(store.database)
        do {
            let writer = try SourceWriter(store: store, info: sampleInfo("big.csv"), indexMaintenance: .deferred)
            try Self.writeSource(writer)
            var definitionsBeforeTheLastRows: [[SQLValue]] = []
            #expect(throws: SQLiteError.self) {
                try writer.finish(warnings: []) { database, _ throws(SQLiteError) in
                    definitionsBeforeTheLastRows = (try? Self.indexDefinitions(database)) ?? []
                    try database.execute("INSERT INTO no_such_table VALUES (1)")
                }
            }
            // The indexes are already back when the last rows of the source are written.
            #expect(definitionsBeforeTheLastRows == definitions)
            // The writer goes away without committing (as the pipeline's error path does).
        }
        #expect(try Self.indexDefinitions(store.database) == definitions)
        #expect(try store.database.scalarInt("SELECT count(*) FROM event_rows") == 2)
        #expect(try store.database.scalarInt("SELECT count(*) FROM records") == 1)
        #expect(try store.database.scalarText("PRAGMA integrity_check") == "ok")
        #expect(try Self.tempStore(store) == 2)
        // The store takes the same source afterwards.
        let again = try SourceWriter(store: store, info: sampleInfo("big.csv"), indexMaintenance: .deferred)
        try Self.writeSource(again)
        #expect(try again.finish(warnings: []).recordsStored == 1_993)
    }

    @Test func aReaderDuringABulkSourceSeesTheLastCommittedStateWithItsIndexes() throws {
        let path = try temporaryDirectory() + "/reader.db"
        let store = try EventStore(path: path, mode: .readWrite)
        let first = try SourceWriter(store: store, info: sampleInfo("one.csv"), indexMaintenance: .live)
        for i in 0..<10 { try first.store(record("a\(i)", events: [event(Int64(i), actor: "bob@agency.example")])) }
        try first.finish(warnings: [])
        let definitions = try Self.indexDefinitions(store.database)

        let reader = try EventStore(path: path, mode: .readOnly)
        let writer = try SourceWriter(store: store, info: sampleInfo("two.csv"), indexMaintenance: .deferred)
        for i in 0..<5_000 { try writer.store(record("b\(i)", events: [event(Int64(i), actor: "bob@agency.example")])) }
        // Mid-source: the reader sees the old rows, and the old indexes serve its queries.
        #expect(try Self.indexDefinitions(reader.database) == definitions)
        #expect(try reader.database.scalarInt("SELECT count(*) FROM events WHERE actor = 'bob@agency.example'") == 10)
        #expect(try reader.database.scalarInt("SELECT count(*) FROM event_rows INDEXED BY events_actor WHERE actor = 'bob@agency.example'") == 10)
        try writer.finish(warnings: [])
        #expect(try Self.indexDefinitions(reader.database) == definitions)
        #expect(try reader.database.scalarInt("SELECT count(*) FROM event_rows INDEXED BY events_actor WHERE actor = 'bob@agency.example'") == 5_010)
    }

    @Test func replacingASourceOnTheBulkPathRemovesItsOldRows() throws {
        let store = try StoreFixtures.newStore(name: "replace.db")
        let first = try SourceWriter(store: store, info: sampleInfo("a.csv", sha: "h1"), indexMaintenance: .live)
        try first.store(record("old", events: [event(1), event(2)]))
        try first.finish(warnings: [])
        let sourceID = try #require(try store.sources().first?.sourceID)
        let second = try SourceWriter(store: store, info: sampleInfo("a.csv", sha: "h2"), replacing: sourceID, indexMaintenance: .deferred)
        try second.store(record("new", events: [event(3)]))
        try second.finish(warnings: [])
        #expect(try Self.rows(store.database, "SELECT dedup_key FROM events") == [[.text("new")]])
        #expect(try store.database.scalarText("PRAGMA integrity_check") == "ok")
    }

    @Test func automaticDefersOnlyForALargeSourceAtLeastAsLargeAsTheStore() throws {
        let mib: Int64 = 1 << 20
        #expect(!DeferredIndexes.shouldDefer(sourceBytes: 10 * mib, storeBytes: 0))
        #expect(DeferredIndexes.shouldDefer(sourceBytes: 200 * mib, storeBytes: 0))
        #expect(DeferredIndexes.shouldDefer(sourceBytes: 200 * mib, storeBytes: 150 * mib))
        #expect(!DeferredIndexes.shouldDefer(sourceBytes: 200 * mib, storeBytes: 4_000 * mib))

        let store = try StoreFixtures.newStore(name: "auto.db")
        var small = sampleInfo("small.csv")
        small.sizeBytes = 1 * mib
        let smallWriter = try SourceWriter(store: store, info: small)
        #expect(!smallWriter.defersIndexes)
        smallWriter.abort()
        var large = sampleInfo("large.csv")
        large.sizeBytes = 1_500 * mib
        let largeWriter = try SourceWriter(store: store, info: large)
        #expect(largeWriter.defersIndexes)
        largeWriter.abort()
        #expect(try Self.tempStore(store) == 2)
    }
}
