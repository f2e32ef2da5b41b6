import TesseraSDK

/// The vendor support-interaction log: Tessera's own documented input contract
/// (`docs/formats/support-interactions.md`), as CSV with a header row or as JSON Lines with
/// the same field names. Each row is one session of a ticket.
public struct SupportLogPlugin: IngestPlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "support-log", version: "1.0",
            formats: ["support-log-csv", "support-log-jsonl"],
            summary: "Vendor support-interaction logs (tickets, sessions, engineers, accounts, IPs, scope) as CSV or JSON Lines")
    }

    public func detect(_ head: SniffedHead) -> String? {
        let first = head.firstLine.trimmingPrefixWhitespace()
        if first.hasPrefix("{") {
            guard let object = try? JSONParser.parse(String(first)).objectValue else { return nil }
            let keys = Set(object.keys.map { $0.lowercased() })
            return SupportFields.required.isSubset(of: keys) ? "support-log-jsonl" : nil
        }
        let columns = Set(SupportLogCSV.splitHeader(String(first)).map { $0.lowercased() })
        return SupportFields.required.isSubset(of: columns) ? "support-log-csv" : nil
    }

    public func ingest(_ input: EvidenceInput, context: IngestContext, sink: any EventSink) throws {
        let text = input.text()
        let reader = PeekingSource(text)
        let firstByte = try reader.peekFirstNonSpace()
        let mapper = SupportRowMapper(context: context, sink: sink)
        if firstByte == UInt8(ascii: "{") {
            try SupportLogJSONL.read(reader, mapper: mapper)
        } else {
            try SupportLogCSV.read(reader, mapper: mapper, path: context.displayPath)
        }
    }
}

extension Substring {
    func trimmingPrefixWhitespace() -> Substring {
        drop(while: { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" })
    }
}

/// Lets the plugin look at the first bytes to choose CSV or JSON Lines without losing them.
final class PeekingSource: ByteSource {
    private let base: any ByteSource
    private var buffered: [UInt8] = []
    private var offset = 0

    init(_ base: any ByteSource) { self.base = base }

    /// The first byte that is not white space (reading ahead as needed), or nil for empty input.
    func peekFirstNonSpace() throws -> UInt8? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let byte = buffered.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) { return byte }
            let n = try chunk.withUnsafeMutableBytes { try base.read(into: $0) }
            if n == 0 { return nil }
            buffered.append(contentsOf: chunk[0..<n])
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < buffered.count {
            let count = min(buffer.count, buffered.count - offset)
            buffered.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
            offset += count
            return count
        }
        return try base.read(into: buffer)
    }
}
