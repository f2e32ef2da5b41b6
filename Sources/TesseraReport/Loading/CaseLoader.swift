import Foundation
import TesseraSDK
import TesseraStore

/// Section 1 (case summary) and whether correlation results are present.
struct CaseLoader {
    let store: EventStore
    let queries: StoreQueries
    let relations: Set<String>

    /// The correlation tables the report reads (issue 6's public contract).
    static let correlationTables = ["interactions", "interaction_access", "findings"]
    /// Names the correlation engine's runs table may have.
    static let runTables = ["correlation_runs", "runs"]

    func summary(storeSHA256: String, toolVersion: String, scope: (count: Int, first: Int64?, last: Int64?)) throws -> CaseSummary {
        CaseSummary(
            storeFileName: (store.path as NSString).lastPathComponent,
            storeSHA256: storeSHA256,
            pendingWALBytes: Self.walBytes(store.path),
            storeSchemaVersion: try store.schemaVersion(),
            toolVersion: toolVersion,
            sources: try store.sources(),
            builtFrom: try builtFrom(),
            eventsInStore: try queries.count("SELECT count(*) FROM events"),
            rejectsInStore: try queries.count("SELECT count(*) FROM rejects"),
            eventsInScope: scope.count, firstEventUs: scope.first, lastEventUs: scope.last)
    }

    /// Facts about each import of normalized output (`normalized_imports`): a Spark prune's
    /// parameters, and what was read against what was kept (`source_manifests`).
    func builtFrom() throws -> [(String, String)] {
        guard relations.contains("normalized_imports") else { return [] }
        let statement = try store.database.prepare("""
            SELECT i.import_id, i.engine, i.pruned, i.imported_at, i.directory, i.parameters, count(m.source_id),
                   coalesce(sum(m.records_read), 0), coalesce(sum(m.events_stored), 0),
                   coalesce(sum(m.records_kept), 0), coalesce(sum(m.events_kept), 0)
            FROM normalized_imports i LEFT JOIN source_manifests m USING (import_id)
            GROUP BY i.import_id ORDER BY i.import_id
            """)
        var facts: [(String, String)] = []
        while try statement.step() {
            let directory = statement.text(4) ?? "", imported = statement.text(3) ?? ""
            let sources = statement.int64(6), read = statement.int64(7), eventsRead = statement.int64(8)
            let kept = statement.int64(9), eventsKept = statement.int64(10)
            guard statement.int64(2) == 1 else {
                facts.append(("Store built from", "tessera normalize output \(directory) (\(sources) sources, every record), imported \(imported)"))
                continue
            }
            let p = (try? JSONParser.parse(statement.text(5) ?? "{}"))?.objectValue ?? JSONObject()
            func value(_ key: String) -> String { p[key]?.stringValue ?? "(default)" }
            let share = eventsRead > 0 ? String(format: "%.4f%%", Double(eventsKept) * 100 / Double(eventsRead)) : "n/a"
            facts.append(("Store built from", "a Spark prune (\(statement.text(1) ?? "") \(value("spark_version"))) of \(sources) sources: output \(directory), imported \(imported)"))
            facts.append(("Spark job", "master \(value("master")), application \(value("application_id")), \(value("partitions")) partitions, run \(value("started_utc")) to \(value("finished_utc"))"))
            facts.append(("Spark keep-rule", "policy \(value("policy")), aliases \(value("aliases")), slack \(value("slack")); plan SHA-256 \(value("plan_sha256"))"))
            facts.append(("Spark prune counts", "read \(read) records (\(eventsRead) events); kept \(kept) records (\(eventsKept) events, \(share)): those that can matter to a rule; per-file counts in source_manifests"))
        }
        return facts
    }

    static func walBytes(_ path: String) -> Int64? {
        let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.int64Value ?? 0
        return size > 0 ? size : nil
    }

    func correlationStatus() throws -> CorrelationStatus {
        let missing = Self.correlationTables.filter { !relations.contains($0) }
        if !missing.isEmpty {
            return .notCorrelated(reason: "not correlated yet: this store has no correlation results (\(missing.joined(separator: ", ")) missing). Run `tessera correlate` to attribute events to interactions and raise findings.")
        }
        if try queries.count("SELECT count(*) FROM interactions") == 0 {
            return .notCorrelated(reason: "not correlated yet: the correlation tables are empty. Run `tessera correlate` after ingesting the support logs.")
        }
        guard let table = Self.runTables.first(where: relations.contains) else {
            return .correlated(run: [], table: nil)
        }
        let columns = try queries.columns(of: table)
        // The latest run: by its id column when it has one, else by rowid, else the last row read.
        let order = columns.contains("run_id") ? "run_id" : "rowid"
        var latest: [(String, String)] = []
        func read(_ statement: Statement) throws -> Bool {
            guard try statement.step() else { return false }
            latest = columns.enumerated().filter { $0.offset < statement.columnCount }.map { ($0.element, statement.string($0.offset) ?? "NULL") }
            return true
        }
        if let ordered = try? store.database.prepare("SELECT * FROM \"\(table)\" ORDER BY \(order) DESC LIMIT 1") {
            _ = try read(ordered)
        } else {
            let all = try store.database.prepare("SELECT * FROM \"\(table)\"")
            while try read(all) {}
        }
        let run = latest
        return .correlated(run: run, table: table)
    }
}
