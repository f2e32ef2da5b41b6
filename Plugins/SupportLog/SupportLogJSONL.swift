import TesseraSDK

/// The JSON Lines form: one JSON object per line with the CSV's field names. List fields may
/// be `;`-separated strings or JSON arrays.
enum SupportLogJSONL {
    static func read(_ source: any ByteSource, mapper: SupportRowMapper) throws {
        let lines = LineReader(source)
        while let line = try lines.next() {
            let locator = "line \(line.number)"
            if let length = line.overlongLength {
                try mapper.sink.reject(
                    Reject(locator: locator, reason: "line of \(length) bytes exceeds the \(lines.maxLineBytes)-byte limit", raw: line.bytes))
                continue
            }
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let object: JSONObject
            do {
                guard let parsed = try JSONParser.parse(line.bytes).objectValue else {
                    try mapper.sink.reject(Reject(locator: locator, reason: "not a JSON object", raw: line.bytes))
                    continue
                }
                object = parsed
            } catch let error as JSONParseError {
                try mapper.sink.reject(Reject(locator: locator, reason: error.description, raw: line.bytes))
                continue
            }
            var row = SupportRow()
            for member in object.members {
                switch member.value {
                case .array(let items):
                    row.set(member.key.lowercased(), items.compactMap(\.stringValue).joined(separator: ";"))
                case .null:
                    continue
                default:
                    if let text = member.value.stringValue {
                        row.set(member.key.lowercased(), text)
                    } else {
                        row.extra[member.key] = member.value
                    }
                }
            }
            try mapper.map(row, locator: locator, raw: line.bytes)
        }
    }
}
