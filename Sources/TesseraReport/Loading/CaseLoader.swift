import Foundation
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
            eventsInStore: try queries.count("SELECT count(*) FROM events"),
            rejectsInStore: try queries.count("SELECT count(*) FROM rejects"),
            eventsInScope: scope.count, firstEventUs: scope.first, lastEventUs: scope.last)
    }

    static func walBytes(_ path: String) -> Int64? {
        let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.int64Value ?? 0
        return size > 0 ? size : nil
    }
}
