import Foundation
import TesseraSDK
import Testing

@testable import TesseraStore

/// Data once per record: a record's further events store only the `details` text they do not
/// share with its first event, and the `events` view gives back exactly the whole text.
@Suite struct SharedDetailsTests {
    /// An Exchange-like record: the same attributes on every event (with multi-byte characters,
    /// so that characters and bytes differ), then what is per item.
    private func fanOut(items: [String], key: String = "mailbox:1") -> SourceRecord {
        let base: [(String, JSONValue)] = [
            ("MailboxOwnerUPN", .string("jürgen.weiß@contoso.example")),
            ("FolderPathName", .string("\\Posteingang\\Projekt 🚀 Ω")),
            ("ClientInfoString", .string("Client=MSExchangeRPC;Action=ViaProxy")),
            ("logon_user_sid", .string("S-1-5-21-1-2-3-1001")),
        ]
        let events = items.map { item -> NormalizedEvent in
            var e = event(7, resource: item)
            e.details = JSONObject(base + [("item_id", .string(item)), ("item_subject", .string("Bericht über \(item) ✓"))])
            return e
        }
        return SourceRecord(locator: "element 3", dedupKey: key, raw: Array("<Event/>".utf8), events: events)
    }

    private func detailsText(_ e: NormalizedEvent) -> String {
        var bytes: [UInt8] = []
        JSONWriter.write(.object(e.details), to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func furtherEventsStoreOnlyWhatTheyDoNotShareAndTheViewGivesTheWholeText() throws {
        let store = try EventStore(path: try temporaryDirectory() + "/s.db", mode: .readWrite)
        let writer = try SourceWriter(store: store, info: sampleInfo("a.xml"))
        // Items whose ids share a first character ("é…") beyond the shared members: the cut must
        // fall on a character boundary.
        let record = fanOut(items: ["éa-1", "éb-2", "éc-3"])
        try writer.store(record)
        try writer.finish(warnings: [])
        let db = store.database

        let viewDetails = try strings(db, "SELECT details FROM events ORDER BY event_id")
        #expect(viewDetails == record.events.map(detailsText))
        // The first event keeps its whole details (valid JSON); the others only their own part.
        let rows = try db.prepare("SELECT details, details_shared FROM event_rows ORDER BY event_id")
        var stored: [(String, Int64?)] = []
        while try rows.step() { stored.append((rows.text(0) ?? "", rows.isNull(1) ? nil : rows.int64(1))) }
        #expect(stored[0].1 == nil)
        #expect(stored[0].0 == viewDetails[0])
        for (text, shared) in stored.dropFirst() {
            let shared = try #require(shared)
            #expect(shared >= Int64(EncodedRecord.minimumSharedDetails / 4))
            #expect(text.utf8.count < viewDetails[0].utf8.count / 2)
        }
        // SQL over `events` sees whole JSON: every event's item through json_extract.
        #expect(try strings(db, "SELECT json_extract(details, '$.item_id') FROM events ORDER BY event_id") == ["éa-1", "éb-2", "éc-3"])
        #expect(try db.scalarInt("SELECT count(*) FROM events WHERE json_valid(details)") == 3)
        #expect(try db.scalarInt("SELECT count(*) FROM timeline WHERE json_extract(details, '$.MailboxOwnerUPN') = 'jürgen.weiß@contoso.example'") == 3)
    }

    @Test func shortOrNoSharedPrefixesAndIdenticalDetailsRoundTrip() throws {
        let store = try EventStore(path: try temporaryDirectory() + "/p.db", mode: .readWrite)
        let writer = try SourceWriter(store: store, info: sampleInfo("b.json"))
        var a = event(1), b = event(1), c = event(1)
        a.details = JSONObject([("x", .string("1"))])
        b.details = JSONObject([("y", .string("2"))]) // shares only "{\""
        c.details = a.details // identical, but shorter than the minimum
        let small = SourceRecord(locator: "line 1", dedupKey: "small", raw: [0x7B, 0x7D], events: [a, b, c])
        let same = fanOut(items: ["z", "z"], key: "same") // identical long details
        try writer.store(small)
        try writer.store(same)
        try writer.finish(warnings: [])
        let db = store.database
        #expect(
            try strings(db, "SELECT details FROM events ORDER BY event_id")
                == (small.events + same.events).map(detailsText))
        #expect(try db.scalarInt("SELECT count(*) FROM event_rows WHERE details_shared IS NOT NULL") == 1)
        #expect(try db.scalarText("SELECT details FROM event_rows WHERE details_shared IS NOT NULL") == "")
    }

    @Test func aStoreFromBeforeTheMigrationKeepsItsDetailsAndTakesSharedOnes() throws {
        let migration = try #require(Schema.migrations.first { $0.sql.contains("ADD COLUMN details_shared") })
        let path = try temporaryDirectory() + "/old.db"
        let oldDetails = fanOut(items: ["o-1", "o-2"], key: "old").events.map(detailsText)
        do {
            // The layout every store had before: each event's whole details (written here through
            // the view, as the writer of that version wrote them into event_rows).
            let old = try EventStore(path: path, mode: .readWrite, upToVersion: migration.version - 1)
            try old.database.execute(
                """
                INSERT INTO sources (source_id, path, sha256, size_bytes, plugin, plugin_version, ingested_at, records_read,
                    records_stored, duplicates, rejects, events_stored, tool_version)
                VALUES (1, '/e/old.xml', 'abc', 10, 'p', '1', '2024-01-01T00:00:00Z', 2, 2, 0, 0, 2, 'old');
                """)
            for (index, details) in oldDetails.enumerated() {
                try old.database.prepare(
                    """
                    INSERT INTO events (source_id, locator, ts_us, ts_raw, timestamp_desc, category, operation, action,
                        dedup_key, message, details, raw) VALUES (1, 'element 1', 5, 't', 'd', 'c', 'o', 'a', ?, 'm', ?, 'r')
                    """
                ).run([.text("old\(index)"), .text(details)])
            }
        }
        let store = try EventStore(path: path, mode: .readWrite)
        #expect(try store.schemaVersion() == Schema.currentVersion)
        let writer = try SourceWriter(store: store, info: sampleInfo("new.xml"))
        let new = fanOut(items: ["n-1", "n-2"], key: "new")
        try writer.store(new)
        try writer.finish(warnings: [])
        let db = store.database
        #expect(try strings(db, "SELECT details FROM events ORDER BY event_id") == oldDetails + new.events.map(detailsText))
        #expect(try db.scalarInt("SELECT count(*) FROM event_rows WHERE details_shared IS NULL") == 3)
        #expect(try db.scalarInt("SELECT count(*) FROM event_rows WHERE details_shared IS NOT NULL") == 1)
        // Writing through the view still works (tools and fixtures that insert into `events`).
        try db.execute(
            """
            INSERT INTO events (source_id, locator, ts_us, ts_raw, timestamp_desc, category, operation, action,
                dedup_key, message, details, raw) VALUES (1, 'line 9', 5, 't', 'd', 'c', 'o', 'a', 'k9', 'm', '{"a":1}', 'r');
            """)
        #expect(try db.scalarText("SELECT details || raw FROM events WHERE dedup_key = 'k9'") == "{\"a\":1}r")
    }

    private func strings(_ db: Database, _ sql: String) throws -> [String] {
        let statement = try db.prepare(sql)
        var result: [String] = []
        while try statement.step() { result.append(statement.text(0) ?? "<NULL>") }
        return result
    }
}
