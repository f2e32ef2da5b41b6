import TesseraSDK

/// Customer Lockbox for Azure request lists, as returned by the Lockbox REST API
/// (`GET .../providers/Microsoft.CustomerLockbox/requests`): `{"value": [...]}`, the API
/// documentation's example wrapper, a bare JSON array, or JSON Lines of request objects.
///
/// Each request becomes a support session of kind `lockbox` (its access window) joined to its
/// support ticket (`supportRequest`), and one event per requested resource.
public struct CustomerLockboxPlugin: IngestPlugin {
    /// Request lists are small; a larger file is refused rather than read whole.
    public static let maxFileBytes = 256 << 20

    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "customer-lockbox", version: "1.0", formats: ["lockbox-requests-json"],
            summary: "Customer Lockbox for Azure request lists (REST API JSON): approval windows and requested resources")
    }

    public func detect(_ head: SniffedHead) -> String? {
        let text = head.text
        guard let first = text.first(where: { !$0.isWhitespace }), first == "{" || first == "[" else { return nil }
        let isLockbox =
            text.contains("\"requestId\"") && (text.contains("\"supportRequest\"") || text.contains("Microsoft.CustomerLockbox"))
            && text.contains("\"createdDateTime\"")
        return isLockbox ? "lockbox-requests-json" : nil
    }

    public func ingest(_ input: EvidenceInput, context: IngestContext, sink: any EventSink) throws {
        let bytes = try LockboxFile.readBounded(input.text(), limit: Self.maxFileBytes)
        let mapper = LockboxRequestMapper(context: context, sink: sink)
        if let document = try? JSONParser.parse(bytes) {
            guard let requests = LockboxFile.requestList(in: document) else {
                throw EvidenceError(
                    locator: "document",
                    reason: "JSON without a Lockbox request list (expected `value`, a `responses.200.body.value` example wrapper, or an array of requests)")
            }
            for (index, element) in requests.enumerated() {
                try mapper.map(element, locator: "\(requests.path)[\(index)]")
            }
            return
        }
        // Not one JSON document: JSON Lines, one request per line.
        let lines = LineReader(MemoryByteSource(bytes))
        while let line = try lines.next() {
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let locator = "line \(line.number)"
            do {
                try mapper.map(try JSONParser.parse(line.bytes), locator: locator)
            } catch let error as JSONParseError {
                try sink.reject(Reject(locator: locator, reason: error.description, raw: line.bytes))
            }
        }
    }
}
