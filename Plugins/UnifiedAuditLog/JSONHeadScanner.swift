/// Reads the member names of the first JSON object in a head of a file that may end in the
/// middle of that object (detection sees only the first 64 KiB). Never throws; stops at the
/// object's end or the end of the head.
enum JSONHeadScanner {
    static func topLevelKeys(_ bytes: [UInt8], objectStart: Int) -> [String] {
        var keys: [String] = []
        var depth = 0
        var index = objectStart
        var expectKey = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                depth += 1
                if depth == 1 { expectKey = true }
            case UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth <= 0 { return keys }
            case UInt8(ascii: ","):
                if depth == 1 { expectKey = true }
            case UInt8(ascii: "\""):
                let start = index + 1
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
                if index >= bytes.count { return keys }
                if depth == 1 && expectKey {
                    keys.append(String(decoding: bytes[start..<index], as: UTF8.self))
                    expectKey = false
                }
            default:
                break
            }
            index += 1
        }
        return keys
    }
}
