import TesseraSDK

/// Finding the request list in the shapes the Lockbox API and its documentation use.
enum LockboxFile {
    struct RequestList {
        var path: String
        var elements: [JSONValue]
        func enumerated() -> EnumeratedSequence<[JSONValue]> { elements.enumerated() }
    }

    static func readBounded(_ source: any ByteSource, limit: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
            if result.count > limit {
                throw EvidenceError(
                    locator: "byte \(limit)", reason: "larger than \(limit >> 20) MiB, far beyond any Lockbox request list; split it into JSON Lines")
            }
        }
    }

    static func requestList(in document: JSONValue) -> RequestList? {
        switch document {
        case .array(let elements):
            return RequestList(path: "", elements: elements)
        case .object(let object):
            if let value = object["value"]?.arrayValue { return RequestList(path: "value", elements: value) }
            if let body = object["responses"]?.objectValue?["200"]?.objectValue?["body"]?.objectValue,
                let value = body["value"]?.arrayValue
            {
                return RequestList(path: "responses.200.body.value", elements: value)
            }
            if object["requestId"] != nil || object["properties"]?.objectValue?["requestId"] != nil {
                return RequestList(path: "", elements: [document])
            }
            return nil
        default:
            return nil
        }
    }
}
