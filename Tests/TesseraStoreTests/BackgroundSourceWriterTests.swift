import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import TesseraStore

@Suite struct BackgroundSourceWriterTests {
    /// Enough records to fill the queue several times over, with duplicates (within the file and of
    /// an earlier source) and rejects interleaved.
    static func feed(_ write: (SourceRecord?, Reject?) throws -> Void) throws {
        for i in 0..<3_000 {
            if i % 97 == 0 {
                try write(nil, Reject(locator: "line \(i)", reason: "bad row", raw: Array("row \(i)".utf8)))
            } else {
                let key = i % 50 == 0 ? "r\(i / 2)" : "r\(i)"
                let events = (0...(i % 3)).map { event(Int64(i), resource: "doc-\(i)-\($0)") }
                try write(record(key, events: events, line: i), nil)
            }
        }
    }

    static func storeWithAnEarlierSource() throws -> EventStore {
        let store = try StoreFixtures.newStore(name: "b.db")
        let first = try SourceWriter(store: store, info: sampleInfo("earlier.csv"))
        try first.store(record("r7", events: [event(7)], line: 1))
        try first.finish(warnings: [])
        return store
    }

    static func contents(_ store: EventStore) throws -> [String] {
        let statement = try store.database.prepare(
            """
            SELECT event_id || ' ' || source_id || ' ' || dedup_key || ' ' || resource || ' ' || raw FROM events ORDER BY event_id
            """)
        var rows: [String] = []
        while try statement.step() { rows.append(statement.text(0) ?? "") }
        return rows
    }

    @Test func writesExactlyWhatTheWriterWritesInline() throws {
        let inlineStore = try Self.storeWithAnEarlierSource()
        let inline = try SourceWriter(store: inlineStore, info: sampleInfo("a.csv"))
        try Self.feed { record, reject in
            if let record { try inline.store(record) }
            if let reject { try inline.reject(reject) }
        }
        let inlineCounts = try inline.finish(warnings: ["w"])

        let backgroundStore = try Self.storeWithAnEarlierSource()
        let background = BackgroundSourceWriter(try SourceWriter(store: backgroundStore, info: sampleInfo("a.csv")))
        try Self.feed { record, reject in
            if let record { try background.store(record) }
            if let reject { try background.reject(reject) }
        }
        #expect(background.handedOver == 3_000)
        let counts = try background.finish(warnings: ["w"])

        #expect(counts == inlineCounts)
        #expect(counts.addsUp)
        // Row i = 50k repeats row 25k's key when k is odd (30 of them); row 7 repeats the earlier source.
        #expect(counts.duplicates == 31)
        #expect(try Self.contents(backgroundStore) == Self.contents(inlineStore))
        #expect(try backgroundStore.sources().last?.counts == counts)
    }

    @Test func aWriteErrorReachesTheProducerAndNothingIsKept() throws {
        let path = try temporaryDirectory() + "/e.db"
        let store = try EventStore(path: path, mode: .readWrite)
        // Makes the 700th record's event fail inside SQLite, on the writer thread.
        try store.database.execute(
            """
            CREATE TEMP TRIGGER injected_failure BEFORE INSERT ON main.event_rows WHEN NEW.locator = 'line 700'
            BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
            """)
        let background = BackgroundSourceWriter(try SourceWriter(store: store, info: sampleInfo("f.csv")))
        var thrown: (any Error)?
        do {
            for i in 0..<5_000 { try background.store(record("k\(i)", events: [event(Int64(i))], line: i)) }
            try background.finish(warnings: [])
        } catch {
            thrown = error
            background.abort()
        }
        let error = try #require(thrown as? SQLiteError)
        #expect(error.message.contains("injected failure"))
        let reader = try EventStore(path: path, mode: .readOnly)
        #expect(try reader.sources().isEmpty)
        #expect(try reader.database.scalarInt("SELECT count(*) FROM records") == 0)
    }

    @Test func abortDiscardsWhatWasQueued() throws {
        let path = try temporaryDirectory() + "/a.db"
        let store = try EventStore(path: path, mode: .readWrite)
        let background = BackgroundSourceWriter(try SourceWriter(store: store, info: sampleInfo("g.csv")))
        for i in 0..<1_000 { try background.store(record("k\(i)", events: [event(Int64(i))], line: i)) }
        background.abort()
        background.abort()
        #expect(try store.sources().isEmpty)
        #expect(try store.database.scalarInt("SELECT count(*) FROM event_rows") == 0)
        // The store takes the next source as usual.
        let next = try SourceWriter(store: store, info: sampleInfo("h.csv"))
        try next.store(record("k1", events: [event(1)]))
        #expect(try next.finish(warnings: []).recordsStored == 1)
    }
}
