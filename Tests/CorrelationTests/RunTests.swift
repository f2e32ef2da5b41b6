import TesseraCorrelation
import TesseraSDK
import TesseraStore
import Testing

struct RunTests {
    @Test func reRunReplacesResultsAndKeepsTheRunHistory() throws {
        let f = try StoreFixture()
        try f.ingest(
            "s.csv",
            [
                support(
                    "T-1", engineer: "eve@vendor.example", country: "CN", start: "2024-05-01T10:00:00Z",
                    end: "2024-05-01T11:00:00Z", accounts: ["eve@contoso.com"])
            ])
        try f.ingest("ual.json", [access("2024-05-01T10:30:00Z", actor: "eve@contoso.com", resource: "m/1")])
        let first = try Correlator(store: f.store, options: CorrelationOptions(toolVersion: "1.0-test")).run()
        let firstFindings = try f.rows("SELECT finding_id, rule, evidence FROM findings ORDER BY finding_id")
        let second = try Correlator(store: f.store, options: CorrelationOptions(toolVersion: "1.0-test")).run()
        #expect(second.runID == first.runID + 1)
        #expect(try f.rows("SELECT finding_id, rule, evidence FROM findings ORDER BY finding_id") == firstFindings)
        #expect(try f.int("SELECT count(*) FROM attributions") == 1)
        #expect(try f.int("SELECT count(*) FROM interactions") == 1)
        let runs = try f.rows(
            "SELECT run_id, tool_version, policy_source, policy_sha256, json_extract(parameters, '$.slack_seconds'), json_extract(summary, '$.findings.high') FROM correlation_runs ORDER BY run_id"
        )
        #expect(
            runs == [
                ["\(first.runID)", "1.0-test", "default", Policy.default.sha256, "900", "2"],
                ["\(second.runID)", "1.0-test", "default", Policy.default.sha256, "900", "2"],
            ])
    }

    @Test func failedRunLeavesThePreviousResults() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [support("T-1", engineer: "eve@vendor.example", start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z")])
        _ = try Correlator(store: f.store, options: CorrelationOptions()).run()
        let bad = try f.file("bad.mmdb", "not a maxmind database")
        #expect(throws: CorrelationError.self) { try Correlator(store: f.store, options: CorrelationOptions(geoIPPath: bad)).run() }
        #expect(try f.int("SELECT count(*) FROM interactions") == 1)
        #expect(try f.int("SELECT count(*) FROM correlation_runs") == 1)
    }

    @Test func emptyStoreCorrelatesToNothing() throws {
        let f = try StoreFixture()
        let summary = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(summary.interactions == 0)
        #expect(summary.totalFindings == 0)
        #expect(summary.description.contains("interactions: 0"))
    }

    /// Correlation must never scan `events`: every query it runs there is served by an index.
    @Test func eventQueriesUseIndexes() throws {
        let f = try StoreFixture()
        let db = f.store.database
        let queries = [
            "SELECT event_id FROM events WHERE actor = ? AND ts_us BETWEEN ? AND ?",
            "SELECT event_id FROM events WHERE client_ip = ? AND ts_us BETWEEN ? AND ?",
            "SELECT event_id FROM events WHERE actor_type IN ('support_engineer', 'microsoft_datacenter', 'microsoft_operator', 'partner_technician') AND ts_us BETWEEN ? AND ?",
            "SELECT event_id FROM events WHERE actor_type IN ('support_engineer', 'microsoft_datacenter', 'microsoft_operator', 'partner_technician')",
            "SELECT logon_identity, min(event_id), count(*) FROM event_rows WHERE logon_identity IS NOT NULL GROUP BY 1 ORDER BY 2",
            "SELECT e.event_id, e.ts_us FROM records r JOIN event_rows e ON e.event_id = r.record_row_id WHERE r.dedup_key = ?",
            "SELECT DISTINCT client_ip FROM events WHERE client_ip IS NOT NULL",
        ]
        for sql in queries {
            let plan = try db.prepare("EXPLAIN QUERY PLAN " + sql)
            try plan.bind(Array(repeating: SQLValue.null, count: plan.parameterCount))
            var details: [String] = []
            while try plan.step() { details.append(plan.text(3) ?? "") }
            #expect(details.allSatisfy { !$0.hasPrefix("SCAN ") || $0.contains("INDEX") }, "\(sql): \(details)")
            #expect(details.contains { $0.contains("INDEX") }, "\(sql): \(details)")
        }
    }
}

struct ConcurrencyTests {
    @Test func busyStoreIsReportedAndLeftUnchanged() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [support("T-1", engineer: "eve@vendor.example", start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z")])
        let other = try Database(path: f.store.path, mode: .readWrite)
        try other.execute("PRAGMA busy_timeout = 0")
        try other.execute("BEGIN IMMEDIATE")
        defer { try? other.execute("ROLLBACK") }
        try f.store.database.execute("PRAGMA busy_timeout = 50")
        #expect {
            try Correlator(store: f.store, options: CorrelationOptions()).run()
        } throws: { error in
            "\(error)".contains("is busy") && "\(error)".contains("nothing was changed")
        }
        #expect(try f.int("SELECT count(*) FROM correlation_runs") == 0)
    }
}

struct StatusTests {
    @Test func resultsBecomeStaleWhenEvidenceChanges() throws {
        let f = try StoreFixture()
        #expect(try CorrelationStatus.of(f.store) == .never)
        try f.ingest("s.csv", [support("T-1", engineer: "eve@vendor.example", start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z")])
        let run = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(try CorrelationStatus.of(f.store) == .current(runID: run.runID))
        try f.ingest("ual.json", [access("2024-05-01T10:30:00Z", actor: "eve@vendor.example", resource: "r")])
        #expect(try CorrelationStatus.of(f.store) == .stale(runID: run.runID))
        let again = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(try CorrelationStatus.of(f.store) == .current(runID: again.runID))
        let readOnly = try EventStore(path: f.store.path, mode: .readOnly)
        #expect(try CorrelationStatus.of(readOnly) == .current(runID: again.runID))
    }

    /// The read model reports use: what the engine wrote, read back typed.
    @Test func theReadModelReadsWhatTheEngineWrote() throws {
        let f = try StoreFixture()
        let before = try CorrelationResults.read(f.store)
        #expect(before.presence == .empty && before.latestRun == nil && before.status == .never && !before.hasResults)
        try f.ingest("s.csv", [support("T-1", engineer: "eve@vendor.example", start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z")])
        try f.ingest("ual.json", [access("2024-05-01T10:30:00Z", actor: "eve@vendor.example", resource: "r")])
        let run = try Correlator(store: f.store, options: CorrelationOptions(toolVersion: "9.9")).run()
        let results = try CorrelationResults.read(EventStore(path: f.store.path, mode: .readOnly))
        #expect(results.presence == .present(interactions: 1) && results.status == .current(runID: run.runID))
        let latest = try #require(results.latestRun)
        #expect(latest.runID == run.runID && latest.toolVersion == "9.9" && latest.aliasesPath == nil)
        // Every column of `correlation_runs`, in the schema's order (a migration adding one must add it here).
        #expect(try f.rows("SELECT name FROM pragma_table_info('correlation_runs') ORDER BY cid").map { $0[0] } == CorrelationRun.columnNames)
        var attributed: [(Int32, Int64)] = []
        try AttributedEvents.attributed(f.store.database, from: .min, to: .max) { interaction, eventID, _ in attributed.append((interaction, eventID)) }
        #expect(try AttributedEvents.interactionIDs(f.store.database) == ["T-1"])
        #expect(attributed.count == 1 && attributed.first?.0 == 0)
        #expect(try AttributedEvents.unattributedSupport(f.store.database, from: .min, to: .max).isEmpty)
    }
}

struct MigrationTests {
    /// A store made before migration 3 (schema version 2) is upgraded on open and correlates.
    @Test func versionTwoStoreUpgradesAndCorrelates() throws {
        let f = try StoreFixture()
        let path = f.directory.appendingPathComponent("old.tessera").path
        do {
            let old = try EventStore(path: path, mode: .readWrite, upToVersion: 2)
            #expect(try old.schemaVersion() == 2)
            // The version-2 `events` table, written as the ingest of that version wrote it.
            try old.database.execute(
                """
                INSERT INTO sources (source_id, path, sha256, size_bytes, plugin, plugin_version, ingested_at, records_read,
                    records_stored, duplicates, rejects, events_stored, tool_version)
                VALUES (1, '/evidence/ual.json', '\(String(repeating: "a", count: 64))', 1, 'm365-ual', '1',
                        '2024-05-01T11:00:00Z', 1, 1, 0, 0, 1, 'old');
                INSERT INTO events (source_id, locator, ts_us, ts_raw, timestamp_desc, category, operation, action,
                    actor, actor_type, resource_type, resource, dedup_key, message, details, raw)
                VALUES (1, 'line 2', \(us("2024-05-01T10:30:00Z")), '2024-05-01T10:30:00Z', 'Creation Time',
                    'mail', 'MailItemsAccessed', 'read', 'microsoft operator', 'microsoft_operator', 'mail_item', 'm/1',
                    'ual:1', 'Microsoft Operator read m/1',
                    '{"logon_user_sid":"S-1-5-21-5-5-5-5","logon_user_upn":"op@vendor.example"}', '{}');
                """)
        }
        let upgraded = try EventStore(path: path, mode: .readWrite)
        #expect(try upgraded.schemaVersion() == Schema.currentVersion)
        let summary = try Correlator(store: upgraded, options: CorrelationOptions()).run()
        #expect(summary.unattributedSupportEvents == 1)
        #expect(try upgraded.database.scalarInt("SELECT count(*) FROM event_rows INDEXED BY events_logon_identity WHERE logon_identity IS NOT NULL") == 1)
    }
}
