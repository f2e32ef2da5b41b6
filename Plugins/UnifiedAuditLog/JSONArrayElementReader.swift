import TesseraSDK

/// Streams the elements of a top-level JSON array (`[{...}, {...}]`) one at a time with bounded
/// memory, tracking the lines each element spans. Elements are returned as bytes, unparsed.
final class JSONArrayElementReader {
    struct Element {
        /// 1-based position in the array.
        var index: Int
        var firstLine: Int
        var lastLine: Int
        /// The element's bytes (only the first `maxElementBytes` of an over-long one).
        var bytes: [UInt8]
        /// Why the element is unusable (over-long, file ends inside it), or nil.
        var error: String?

        var locator: String {
            firstLine == lastLine ? "element \(index) (line \(firstLine))" : "element \(index) (lines \(firstLine)-\(lastLine))"
        }
    }

    let maxElementBytes: Int
    private let source: any ByteSource
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var position = 0
    private var end = 0
    private var sourceEnded = false
    private var line = 1
    private var started = false
    private var finished = false
    private var count = 0
    /// Set when the input ended before the array's closing `]` (a truncated export).
    private(set) var endedWithoutClosingBracket = false

    init(_ source: any ByteSource, maxElementBytes: Int = 64 << 20) {
        self.source = source
        self.maxElementBytes = maxElementBytes
    }

    @inline(__always) private func nextByte() throws -> UInt8? {
        if position == end {
            if sourceEnded { return nil }
            end = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            position = 0
            if end == 0 { sourceEnded = true; return nil }
        }
        let byte = buffer[position]
        position += 1
        if byte == 0x0A { line += 1 }
        return byte
    }

    private func skipWhitespace(andCommas: Bool) throws -> UInt8? {
        while let byte = try nextByte() {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case UInt8(ascii: ",") where andCommas: continue
            default: return byte
            }
        }
        return nil
    }

    /// The next element, or nil after the closing `]`.
    /// - Throws: ``EvidenceError`` when the input does not start with `[`.
    func next() throws -> Element? {
        if finished { return nil }
        if !started {
            started = true
            guard try skipWhitespace(andCommas: false) == UInt8(ascii: "[") else {
                throw EvidenceError(locator: "line \(line)", reason: "expected a JSON array starting with '['")
            }
        }
        guard var byte = try skipWhitespace(andCommas: true) else {
            finished = true
            endedWithoutClosingBracket = true
            return nil
        }
        if byte == UInt8(ascii: "]") { finished = true; return nil }
        count += 1
        let firstLine = line
        var bytes: [UInt8] = []
        var overlong = false
        var depth = 0
        var inString = false
        var escaped = false
        while true {
            if !overlong {
                bytes.append(byte)
                if bytes.count > maxElementBytes { overlong = true }
            }
            if inString {
                if escaped { escaped = false }
                else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                if depth <= 0 {
                    // A container just closed, or a scalar ends at the next ',' / ']' / whitespace.
                    if depth < 0 { bytes.removeLast(); finished = true; break }   // `]` closing the array
                    if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { break }
                }
            }
            guard let following = try nextByte() else {
                finished = true
                endedWithoutClosingBracket = true
                return Element(index: count, firstLine: firstLine, lastLine: line, bytes: bytes,
                               error: "the file ends inside this element (truncated export?)")
            }
            if !inString, depth == 0, following == UInt8(ascii: ",") { break }
            if !inString, depth == 0, following == UInt8(ascii: "]") { finished = true; break }
            byte = following
        }
        let lastLine = line
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { bytes.removeLast() }
        if overlong {
            return Element(index: count, firstLine: firstLine, lastLine: lastLine, bytes: Array(bytes.prefix(maxElementBytes)),
                           error: "element longer than \(maxElementBytes) bytes; skipped")
        }
        return Element(index: count, firstLine: firstLine, lastLine: lastLine, bytes: bytes, error: nil)
    }
}
