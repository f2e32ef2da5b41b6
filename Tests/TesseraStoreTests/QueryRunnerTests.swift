import TesseraSDK
import Testing

@testable import TesseraStore

@Suite struct QueryRunnerTests {
    struct Collector: QueryRunner.RowHandler {
        var columns: [[String]] = []
        var rows: [[SQLValue]] = []
        mutating func begin(columns: [String]) { self.columns.append(columns) }
        mutating func row(_ row: Statement) { rows.append((0..<row.columnCount).map(row.value)) }
        mutating func end() {}
    }

    private func populatedStore() throws -> String {
        let path = try temporaryDirectory() + "/q.db"
        let store = try EventStore(path: path, mode: .readWrite)
        let writer = try SourceWriter(store: store, info: sampleInfo("a.csv"))
        try writer.store(record("r1", events: [event(1), event(2)]))
        try writer.finish(warnings: [])
        return path
    }

    @Test func readsRowsWithBoundValues() throws {
        let store = try EventStore(path: try populatedStore(), mode: .readOnly)
        var collector = Collector()
        try QueryRunner(store: store).run("SELECT count(*) AS n FROM events WHERE ts_us >= ?", values: [.integer(2)], into: &collector)
        #expect(collector.columns == [["n"]])
        #expect(collector.rows == [[.integer(1)]])
    }

    @Test func refusesWritesAndChangesNothing() throws {
        let path = try populatedStore()
        let store = try EventStore(path: path, mode: .readOnly)
        for sql in [
            "DELETE FROM events", "SELECT 1; DELETE FROM events", "DROP TABLE events",
            "UPDATE events SET actor = 'x'", "PRAGMA user_version = 5", "CREATE TABLE notes (t TEXT)", "VACUUM",
            "INSERT INTO rejects (source_id, locator, reason, raw) VALUES (1, 'x', 'y', 'z')",
        ] {
            var collector = Collector()
            #expect(throws: (any Error).self, "\(sql) was allowed") { try QueryRunner(store: store).run(sql, into: &collector) }
            #expect(collector.rows.isEmpty, "\(sql) ran partly")
        }
        #expect(try EventStore(path: path, mode: .readOnly).database.scalarInt("SELECT count(*) FROM events") == 2)
    }

    @Test func reportsSQLiteMessageOnBadSQL() throws {
        let store = try EventStore(path: try populatedStore(), mode: .readOnly)
        var collector = Collector()
        #expect {
            try QueryRunner(store: store).run("SELECT nope FROM events", into: &collector)
        } throws: { error in
            (error as? SQLiteError)?.message.contains("no such column: nope") == true
        }
    }
}
