import ExchangeAuditPlugin
import Foundation
import TesseraSDK

#if canImport(Glibc)
    import Glibc
#endif

/// Counts what the plugin emits, as a store would receive it, without keeping it.
final class CountingSink: EventSink {
    var records = 0, events = 0, rejects = 0, warnings = 0
    func accept(_ record: SourceRecord) throws { records += 1; events += record.events.count }
    func reject(_ reject: Reject) throws { rejects += 1 }
    func warn(_ message: String) { warnings += 1 }
}

/// Writes everything the plugin emits (every record's locator, dedup key, raw text and every
/// field of every event; every reject and warning) as text, so two builds can be compared byte
/// for byte. Counts as ``CountingSink`` does.
final class DumpingSink: EventSink {
    let counts = CountingSink()
    private let out: FileHandle
    private var buffer: [UInt8] = []

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        out = handle
    }

    private func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count > 1 << 20 { flush() }
    }

    func flush() {
        out.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func accept(_ record: SourceRecord) throws {
        try counts.accept(record)
        write("RECORD \(record.locator)\t\(record.dedupKey)\n\(String(decoding: record.raw, as: UTF8.self))\n")
        for event in record.events { write("EVENT \(String(reflecting: event))\n") }
    }

    func reject(_ reject: Reject) throws {
        try counts.reject(reject)
        write("REJECT \(reject.locator)\t\(reject.reason)\n\(String(decoding: reject.raw, as: UTF8.self))\n")
    }

    func warn(_ message: String) {
        counts.warn(message)
        write("WARNING \(message)\n")
    }

    /// Records that the ingest threw, and writes out what came before.
    func failed(_ error: any Error) {
        write("ERROR \(error)\n")
        flush()
    }
}

/// `exchange-xml-bench FILE [--dump OUT]`: ingests FILE with the Exchange audit plugin (parse,
/// map, dedup keys; no store) and prints one JSON line with the time, counts and peak RSS.
/// With `--dump OUT` it also writes everything emitted to OUT (for differential checks).
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
        let arguments = CommandLine.arguments
        guard arguments.count == 2 || (arguments.count == 4 && arguments[2] == "--dump") else {
            FileHandle.standardError.write(Data("usage: exchange-xml-bench FILE [--dump OUT]\n".utf8))
            exit(2)
        }
        let path = arguments[1]
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let dump = arguments.count == 4 ? try DumpingSink(path: arguments[3]) : nil
        let counts = dump?.counts ?? CountingSink()
        let sink: any EventSink = dump ?? counts
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            try ExchangeAuditPlugin().ingest(
                EvidenceInput(bytes: try FileByteSource(path: path)),
                context: IngestContext(displayPath: path), sink: sink)
        } catch {
            dump?.failed(error)
            throw error
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        dump?.flush()
        print(
            "{\"bytes\":\(size),\"seconds\":\(seconds),\"records\":\(counts.records),\"events\":\(counts.events),\"rejects\":\(counts.rejects),\"warnings\":\(counts.warnings),\"peak_rss_kib\":\(peakRSSKiB())}"
        )
    }
}
