import Foundation
import TesseraSDK
import TesseraStore
import UnifiedAuditLogPlugin

/// `ual-bench ingest FILE [--store DB | --no-store]` (the file: `tessera-generate evidence purview-csv`).
enum BenchCommand {
    struct UsageError: Error, CustomStringConvertible {
        var description: String {
            "usage: ual-bench ingest FILE [--store DB | --no-store]  (make FILE with `tessera-generate evidence purview-csv`)"
        }
    }

    static func run(_ arguments: [String]) throws {
        guard let command = arguments.first else { throw UsageError() }
        switch command {
        case "ingest":
            guard arguments.count >= 2 else { throw UsageError() }
            let path = arguments[1]
            var storePath: String? = path + ".tessera.db"
            if arguments.contains("--no-store") { storePath = nil }
            if let i = arguments.firstIndex(of: "--store"), i + 1 < arguments.count { storePath = arguments[i + 1] }
            try ingest(path: path, storePath: storePath)
        default:
            throw UsageError()
        }
    }

    /// Runs the plugin over `path` into a fresh store (as `tessera ingest` would, minus hashing)
    /// or into a counting sink, and prints one line of figures.
    static func ingest(path: String, storePath: String?) throws {
        let start = Date()
        let plugin = UnifiedAuditLogPlugin()
        let input = EvidenceInput(bytes: try FileByteSource(path: path))
        let context = IngestContext(displayPath: path)
        var counts = SourceCounts()
        if let storePath {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }
            let store = try EventStore(path: storePath, mode: .readWrite)
            let writer = try SourceWriter(
                store: store,
                info: SourceInfo(
                    path: path, sha256: String(repeating: "0", count: 64), sizeBytes: 0, plugin: plugin.descriptor.name,
                    pluginVersion: plugin.descriptor.version, format: nil, sourceTimeZone: nil, toolVersion: "ual-bench"))
            let sink = StoreSink(BackgroundSourceWriter(writer))
            do {
                try plugin.ingest(input, context: context, sink: sink)
            } catch {
                sink.writer.abort()
                throw error
            }
            counts = try sink.writer.finish(warnings: sink.warnings)
        } else {
            let sink = CountingSink()
            try plugin.ingest(input, context: context, sink: sink)
            counts = SourceCounts(recordsRead: sink.records + sink.rejects, recordsStored: sink.records, rejects: sink.rejects, eventsStored: sink.events)
        }
        let seconds = Date().timeIntervalSince(start)
        let rate = Double(counts.recordsRead) / seconds
        print(
            String(
                format: "rows=%d stored=%d duplicates=%d rejects=%d events=%d seconds=%.3f rows_per_s=%.0f peak_rss_mb=%.1f",
                counts.recordsRead, counts.recordsStored, counts.duplicates, counts.rejects, counts.eventsStored, seconds, rate,
                Double(peakRSSKilobytes()) / 1024))
    }

    /// VmHWM from /proc/self/status (Linux), in KiB; 0 when unavailable.
    static func peakRSSKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}

/// Writes into the store on the writer thread, as the pipeline's sink does.
final class StoreSink: EventSink {
    let writer: BackgroundSourceWriter
    var warnings: [String] = []
    init(_ writer: BackgroundSourceWriter) { self.writer = writer }
    func accept(_ record: SourceRecord) throws { try writer.store(record) }
    func reject(_ reject: Reject) throws { try writer.reject(reject) }
    func warn(_ message: String) { warnings.append(message) }
}

/// Counts without storing: the plugin's own cost.
final class CountingSink: EventSink {
    var records = 0, rejects = 0, events = 0
    func accept(_ record: SourceRecord) throws { records += 1; events += record.events.count }
    func reject(_ reject: Reject) throws { rejects += 1 }
    func warn(_ message: String) {}
}
