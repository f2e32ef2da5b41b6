import Foundation
import Testing

@testable import TesseraStore

@Suite struct SchemaTests {
    @Test func newStoreHasEveryTableAndTheCurrentVersion() throws {
        let path = try temporaryDirectory() + "/new.db"
        let store = try EventStore(path: path, mode: .readWrite)
        #expect(try store.schemaVersion() == Schema.currentVersion)
        #expect(try store.database.scalarInt("PRAGMA application_id") == Schema.applicationID)
        #expect(try store.database.scalarText("PRAGMA journal_mode") == "wal")
        for name in [
            "sources", "events", "rejects", "timeline", "support_sessions", "support_accounts", "support_ips",
            "support_scope", "support_interactions", "support_timeline",
        ] {
            #expect(try store.database.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = ?", [.text(name)]) == 1, "missing \(name)")
        }
        for index in ["events_ts", "events_actor", "events_resource", "events_client_ip"] {
            #expect(try store.database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?", [.text(index)]) == 1)
        }
    }

    @Test func migratesAnOlderStoreKeepingItsData() throws {
        let path = try temporaryDirectory() + "/old.db"
        do {
            let old = try EventStore(path: path, mode: .readWrite, upToVersion: 1)
            #expect(try old.schemaVersion() == 1)
            #expect(try old.database.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'support_sessions'") == 0)
            try old.database.execute(
                """
                INSERT INTO sources (source_id, path, sha256, size_bytes, plugin, plugin_version, ingested_at, records_read,
                    records_stored, duplicates, rejects, events_stored, tool_version)
                VALUES (1, '/e/a.csv', 'abc', 10, 'p', '1', '2024-01-01T00:00:00Z', 1, 1, 0, 0, 1, 'old');
                INSERT INTO events (source_id, locator, ts_us, ts_raw, timestamp_desc, category, operation, action,
                    dedup_key, message, raw) VALUES (1, 'line 2', 5, 't', 'd', 'c', 'o', 'a', 'k', 'm', 'r');
                """)
        }
        let upgraded = try EventStore(path: path, mode: .readWrite)
        #expect(try upgraded.schemaVersion() == Schema.currentVersion)
        #expect(try upgraded.database.scalarInt("SELECT count(*) FROM events WHERE dedup_key = 'k'") == 1)
        #expect(try upgraded.database.scalarInt("SELECT count(*) FROM support_sessions") == 0)
        #expect(try upgraded.database.scalarText("SELECT time_utc FROM timeline") == "1970-01-01T00:00:00.000005Z")
        // Migration 4 moved the event's raw text into `records`, keyed by the event's own id.
        #expect(try upgraded.database.scalarText("SELECT raw FROM events WHERE dedup_key = 'k'") == "r")
        #expect(try upgraded.database.scalarText("SELECT dedup_key || ':' || raw FROM records") == "k:r")
        #expect(try upgraded.database.scalarInt("SELECT count(*) FROM records r JOIN event_rows e ON e.event_id = r.record_row_id") == 1)
    }

    @Test func refusesAnotherDatabaseAndLeavesItUntouched() throws {
        let path = try temporaryDirectory() + "/other.db"
        do {
            let other = try Database(path: path, mode: .readWrite)
            try other.execute("CREATE TABLE customers (id INTEGER)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try EventStore(path: path, mode: .readWrite)
        } throws: { error in
            guard case StoreError.notATesseraStore = error else { return false }
            return "\(error)".contains("not a Tessera store")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)

        let text = try temporaryDirectory() + "/notes.db"
        try Data("these are my case notes, not a database, and they are long enough".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: StoreError.self) { _ = try EventStore(path: text, mode: .readWrite) }
    }

    @Test func refusesANewerSchema() throws {
        let path = try temporaryDirectory() + "/newer.db"
        do {
            let store = try EventStore(path: path, mode: .readWrite)
            try store.database.execute("PRAGMA user_version = 999")
        }
        #expect {
            _ = try EventStore(path: path, mode: .readWrite)
        } throws: { error in
            guard case StoreError.newerSchema(_, 999, Schema.currentVersion) = error else { return false }
            return true
        }
        let raw = try Database(path: path, mode: .readOnly)
        #expect(try raw.scalarInt("PRAGMA user_version") == 999)
    }

    @Test func migrationsAreNumberedInOrder() {
        #expect(Schema.migrations.map(\.version) == Array(1...Schema.migrations.count))
        #expect(Schema.migrations.allSatisfy { !$0.title.isEmpty && $0.sql.contains("CREATE") })
    }
}
