import Foundation
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
            eventsInStore: try queries.count("SELECT count(*) FROM events"),
            rejectsInStore: try queries.count("SELECT count(*) FROM rejects"),
            eventsInScope: scope.count, firstEventUs: scope.first, lastEventUs: scope.last)
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
