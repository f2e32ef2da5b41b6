#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TesseraSDK
import ExchangeAuditPlugin

/// Counts what the plugin emits, as a store would receive it, without keeping it.
final class CountingSink: EventSink {
    var records = 0, events = 0, rejects = 0, warnings = 0
    func accept(_ record: SourceRecord) throws { records += 1; events += record.events.count }
    func reject(_ reject: Reject) throws { rejects += 1 }
    func warn(_ message: String) { warnings += 1 }
}

/// `exchange-xml-bench FILE`: ingests FILE with the Exchange audit plugin (parse, map, dedup
/// keys; no store) and prints one JSON line with the time, counts and peak RSS.
@main
enum ExchangeXMLBench {
    static func peakRSSKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
        }
        return -1
    }

    static func main() {
        do { try run() } catch {
            FileHandle.standardError.write(Data("exchange-xml-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run() throws {
        guard CommandLine.arguments.count == 2 else {
            FileHandle.standardError.write(Data("usage: exchange-xml-bench FILE\n".utf8))
            exit(2)
        }
        let path = CommandLine.arguments[1]
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let sink = CountingSink()
        let start = DispatchTime.now().uptimeNanoseconds
        try ExchangeAuditPlugin().ingest(EvidenceInput(bytes: try FileByteSource(path: path)),
                                         context: IngestContext(displayPath: path), sink: sink)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("{\"bytes\":\(size),\"seconds\":\(seconds),\"records\":\(sink.records),\"events\":\(sink.events),\"rejects\":\(sink.rejects),\"warnings\":\(sink.warnings),\"peak_rss_kib\":\(peakRSSKiB())}")
    }
}
