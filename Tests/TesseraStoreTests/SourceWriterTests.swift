import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import TesseraStore

@Suite struct SourceWriterTests {
    @Test func storesRecordsAndCountsAddUp() throws {
        let store = try StoreFixtures.newStore(name: "s.db")
        let writer = try SourceWriter(store: store, info: sampleInfo("a.csv"))
        #expect(try writer.store(record("r1", events: [event(1), event(2, resource: "doc-2")])) == .stored(events: 2))
        #expect(try writer.store(record("r2", events: [event(3)], line: 2)) == .stored(events: 1))
        #expect(try writer.store(record("r1", events: [event(1)], line: 3)) == .duplicate)
        try writer.reject(Reject(locator: "line 4", reason: "bad", raw: [0xFF, 0x41]))
        #expect(try writer.store(record("r3", events: [], line: 5)) == .rejected)
        let counts = try writer.finish(warnings: ["export probably truncated"])
        #expect(counts == SourceCounts(recordsRead: 5, recordsStored: 2, duplicates: 1, rejects: 2, eventsStored: 3))
        #expect(counts.addsUp)

        let source = try #require(try store.sources().first)
        #expect(source.counts == counts)
        #expect(source.warnings == ["export probably truncated"])
        #expect(try store.database.scalarInt("SELECT count(*) FROM events") == 3)
        #expect(try store.database.scalarText("SELECT group_concat(dedup_key) FROM (SELECT dedup_key FROM events ORDER BY event_id)") == "r1,r1#2,r2")
        #expect(try store.database.scalarText("SELECT message FROM events LIMIT 1") == "read doc-1 second line")
        // Invalid UTF-8 in a rejected record is kept byte for byte.
        #expect(try store.database.scalarText("SELECT hex(CAST(raw AS BLOB)) FROM rejects WHERE locator = 'line 4'") == "FF41")
    }

    @Test func duplicatesAcrossSourcesAddNothing() throws {
        let store = try StoreFixtures.newStore(name: "d.db")
        let first = try SourceWriter(store: store, info: sampleInfo("a.csv"))
        try first.store(record("same", events: [event(1)]))
        try first.finish(warnings: [])
        let second = try SourceWriter(store: store, info: sampleInfo("b.csv"))
        #expect(try second.store(record("same", events: [event(1)])) == .duplicate)
        #expect(try second.finish(warnings: []) == SourceCounts(recordsRead: 1, recordsStored: 0, duplicates: 1))
        #expect(try store.database.scalarInt("SELECT count(*) FROM events") == 1)
    }

    @Test func anUnfinishedSourceLeavesNothingBehind() throws {
        let path = try temporaryDirectory() + "/a.db"
        let store = try EventStore(path: path, mode: .readWrite)
        do {
            let writer = try SourceWriter(store: store, info: sampleInfo("kept.csv"))
            try writer.store(record("kept", events: [event(1)]))
            try writer.finish(warnings: [])
        }
        do {
            let writer = try SourceWriter(store: store, info: sampleInfo("broken.csv"))
            for i in 0..<500 { try writer.store(record("k\(i)", events: [event(Int64(i))])) }
            var session = SupportSession(interactionID: "T-1", kind: .session, startUs: 0, startRaw: "0")
            session.accounts = ["x@y.example"]
            try writer.store(SourceRecord(locator: "line 9", dedupKey: "s", raw: [], events: [event(1)], supportSession: session))
            writer.abort()
        }
        // A reader on another connection sees only the finished source.
        let reader = try EventStore(path: path, mode: .readOnly)
        #expect(try reader.sources().map(\.path) == ["/evidence/kept.csv"])
        #expect(try reader.database.scalarInt("SELECT count(*) FROM events") == 1)
        #expect(try reader.database.scalarInt("SELECT count(*) FROM support_sessions") == 0)
        #expect(try reader.database.scalarInt("SELECT count(*) FROM support_accounts") == 0)
    }

    @Test func replacingASourceRemovesEverythingItHad() throws {
        let store = try StoreFixtures.newStore(name: "r.db")
        let first = try SourceWriter(store: store, info: sampleInfo("a.csv", sha: "h1"))
        var session = SupportSession(interactionID: "T-1", kind: .session, startUs: 10, startRaw: "10")
        session.engineer = "Eng@Vendor.example"
        session.accounts = ["Admin@Agency.example"]
        session.sourceIPs = ["203.0.113.0/28"]
        session.scope = ["https://agency.example/sites/x"]
        try first.store(SourceRecord(locator: "line 2", dedupKey: "s1", raw: [], events: [event(10)], supportSession: session))
        try first.reject(Reject(locator: "line 3", reason: "bad", raw: []))
        try first.finish(warnings: [])
        #expect(try store.database.scalarText("SELECT engineer FROM support_sessions") == "eng@vendor.example")
        #expect(try store.database.scalarText("SELECT account_canonical FROM support_accounts") == "admin@agency.example")
        #expect(try store.database.scalarText("SELECT engineers || '|' || session_count FROM support_interactions") == "eng@vendor.example|1")

        let replacement = try SourceWriter(store: store, info: sampleInfo("a.csv", sha: "h1"), replacing: first.sourceID)
        try replacement.store(record("other", events: [event(20)]))
        try replacement.finish(warnings: [])
        #expect(try store.sources().count == 1)
        #expect(try store.database.scalarText("SELECT group_concat(dedup_key) FROM records") == "other")
        for table in ["support_sessions", "support_accounts", "support_ips", "support_scope", "support_interactions", "rejects"] {
            #expect(try store.database.scalarInt("SELECT count(*) FROM \(table)") == 0, "\(table) not emptied")
        }
        #expect(try store.database.scalarInt("SELECT count(*) FROM events") == 1)
    }

    @Test func aRecordWithSeveralEventsKeepsItsRawTextOnce() throws {
        let store = try StoreFixtures.newStore(name: "f.db")
        let writer = try SourceWriter(store: store, info: sampleInfo("a.xml"))
        let raw = Array("<Event Operation=\"MessageBind\"><SourceItems>three items</SourceItems></Event>".utf8)
        try writer.store(record("solo", events: [event(1)]))
        let fanOut = SourceRecord(
            locator: "element 2", dedupKey: "mailbox:7", raw: raw,
            events: [event(2, resource: "item-1"), event(2, resource: "item-2"), event(2, resource: "item-3")])
        #expect(try writer.store(fanOut) == .stored(events: 3))
        #expect(try writer.store(fanOut) == .duplicate)
        try writer.finish(warnings: [])

        let db = store.database
        #expect(try db.scalarInt("SELECT count(*) FROM records") == 2)
        #expect(try db.scalarInt("SELECT count(*) FROM event_rows") == 4)
        #expect(try db.scalarInt("SELECT count(*) FROM records WHERE raw = ?", [.textBytes(raw)]) == 1)
        // Through the view every event of the record still carries the whole raw text.
        #expect(try db.scalarInt("SELECT count(*) FROM events WHERE raw = ?", [.textBytes(raw)]) == 3)
        #expect(
            try db.scalarText("SELECT group_concat(dedup_key) FROM (SELECT dedup_key FROM events ORDER BY event_id)")
                == "solo,mailbox:7,mailbox:7#2,mailbox:7#3")
        // A record's row id is the event_id of its first event.
        #expect(
            try db.scalarInt("SELECT record_row_id FROM records WHERE dedup_key = 'mailbox:7'")
                == db.scalarInt("SELECT min(event_id) FROM events WHERE locator = 'element 2'"))
        #expect(try db.scalarInt("SELECT count(DISTINCT record_row_id) FROM event_rows WHERE locator = 'element 2'") == 1)
    }

    @Test func theEventsViewKeepsTheTableColumnsInOrder() throws {
        let store = try StoreFixtures.newStore(name: "v.db")
        let statement = try store.database.prepare("SELECT * FROM events")
        let columns = (0..<statement.columnCount).map(statement.columnName)
        #expect(
            columns == [
                "event_id", "source_id", "locator", "ts_us", "ts_raw", "timestamp_desc", "category", "operation",
                "action", "outcome", "actor", "actor_raw", "actor_type", "client_ip", "user_agent", "tenant",
                "resource_type", "resource", "resource_name", "session_id", "record_id", "dedup_key", "message",
                "details", "raw",
            ])
    }

    @Test func valuesBoundInPlaceKeepNullsEmptiesAndRawBytes() throws {
        let store = try StoreFixtures.newStore(name: "n.db")
        let writer = try SourceWriter(store: store, info: sampleInfo("n.csv"))
        var first = event(5, actor: "", resource: "r\u{2028}é")
        first.outcome = nil
        first.details = JSONObject([("note", .string("tab\there")), ("n", .number("1.50"))])
        let raw: [UInt8] = [0x61, 0xFF, 0x00, 0x62]
        try writer.store(SourceRecord(locator: "", dedupKey: "k", raw: raw, events: [first, event(6)]))
        try writer.finish(warnings: [])
        let db = store.database
        #expect(try db.scalarInt("SELECT count(*) FROM events WHERE outcome IS NULL AND actor = '' AND locator = '' AND ts_us = 5") == 1)
        #expect(try db.scalarText("SELECT resource FROM events WHERE ts_us = 5") == "r\u{2028}é")
        #expect(try db.scalarText("SELECT details FROM events WHERE ts_us = 5") == #"{"note":"tab\there","n":1.50}"#)
        #expect(try db.scalarText("SELECT group_concat(hex(CAST(raw AS BLOB))) FROM events") == "61FF0062,61FF0062")
        #expect(try db.scalarText("SELECT dedup_key FROM events WHERE ts_us = 6") == "k#2")
    }

    /// `logon_identity` is written by Swift at ingest and by SQLite's json_extract in migration 4
    /// and the `events` insert trigger: correlation groups logons by its text, so both must agree.
    @Test func logonIdentityIsTheTextSQLiteWouldExtract() throws {
        let store = try StoreFixtures.newStore(name: "l.db")
        let writer = try SourceWriter(store: store, info: sampleInfo("l.xml"))
        let detailSets: [JSONObject] = [
            JSONObject([("logon_user_sid", .string("S-1-5-21-1")), ("logon_user_display_name", .string("Li \"Wei\" \\ é/中 \u{1}"))]),
            JSONObject([("other", .string("x")), ("logon_user_upn", .string("a@b.example")), ("logon_user_dn", .null)]),
            JSONObject([("logon_user_dn", .string("/o=Org/cn=x")), ("logon_user_sid", .number("12"))]),
            JSONObject([("LogonUserSid", .string("S-1-5-21-9"))]),
        ]
        for (i, details) in detailSets.enumerated() {
            var e = event(Int64(i))
            e.details = details
            try writer.store(record("k\(i)", events: [e], line: i))
        }
        try writer.finish(warnings: [])
        let mismatches = try store.database.scalarInt(
            """
            SELECT count(*) FROM event_rows
            WHERE logon_identity IS NOT (CASE WHEN instr(details, '"logon_user_') > 0 AND json_valid(details)
                                             THEN json_extract(details, '$.logon_user_sid', '$.logon_user_dn',
                                                               '$.logon_user_display_name', '$.logon_user_upn') END)
            """)
        #expect(mismatches == 0)
        #expect(try store.database.scalarInt("SELECT count(*) FROM event_rows WHERE logon_identity IS NULL") == 1)
        #expect(
            try store.database.scalarText("SELECT logon_identity FROM event_rows WHERE ts_us = 1")
                == #"[null,null,null,"a@b.example"]"#)
    }
}
