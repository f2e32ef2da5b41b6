import Foundation
import TesseraSDK
import TesseraStore

/// Section 1: the case summary (correlation results are read through TesseraCorrelation's
/// ``CorrelationResults``).
struct CaseLoader {
    let store: EventStore
    let queries: StoreQueries

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
        guard try queries.relations().contains("normalized_imports") else { return [] } // a store older than migration 9, opened read-only
        let statement = try store.database.prepare(
            """
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
            facts.append(
                (
                    "Store built from",
                    "a Spark prune (\(statement.text(1) ?? "") \(value("spark_version"))) of \(sources) sources: output \(directory), imported \(imported)"
                ))
            facts.append(
                (
                    "Spark job",
                    "master \(value("master")), application \(value("application_id")), \(value("partitions")) partitions, run \(value("started_utc")) to \(value("finished_utc"))"
                ))
            facts.append(
                ("Spark keep-rule", "policy \(value("policy")), aliases \(value("aliases")), slack \(value("slack")); plan SHA-256 \(value("plan_sha256"))"))
            facts.append(
                (
                    "Spark prune counts",
                    "read \(read) records (\(eventsRead) events); kept \(kept) records (\(eventsKept) events, \(share)): those that can matter to a rule; per-file counts in source_manifests"
                ))
        }
        return facts
    }

    static func walBytes(_ path: String) -> Int64? {
        let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.int64Value ?? 0
        return size > 0 ? size : nil
    }
}
