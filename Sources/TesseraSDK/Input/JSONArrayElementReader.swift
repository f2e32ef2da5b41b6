/// Streams the elements of a top-level JSON array (`[{...}, {...}]`), or of the array held by one
/// member of a top-level object (`{"records": [...]}`, Graph's `{"@odata.context": ..., "value": [...]}`),
/// one at a time with bounded memory, tracking the lines each element spans. Elements are
/// returned as bytes, unparsed.
public final class JSONArrayElementReader {
    /// One element of the array.
    public struct Element: Sendable {
        /// 1-based position in the array.
        public var index: Int
        public var firstLine: Int
        public var lastLine: Int
        /// The element's bytes (only the first `maxElementBytes` of an over-long one).
        public var bytes: [UInt8]
        /// Why the element is unusable (over-long, file ends inside it), or nil.
        public var error: String?

        /// `element 3 (line 7)` or `element 3 (lines 7-19)`.
        public var locator: String {
            firstLine == lastLine ? "element \(index) (line \(firstLine))" : "element \(index) (lines \(firstLine)-\(lastLine))"
        }
    }

    public let maxElementBytes: Int
    /// Members of a top-level object whose array is read (empty: the input must be an array).
    public let wrapperKeys: Set<String>
    /// The wrapper member the array was found in, once reading has started (nil for a bare array).
    public private(set) var wrapperKey: String?
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
    public private(set) var endedWithoutClosingBracket = false

    /// - Parameters:
    ///   - wrapperKeys: when the input is an object, the names of the member holding the array
    ///     (members before it are skipped, members after it are not read).
    public init(_ source: any ByteSource, maxElementBytes: Int = 64 << 20, wrapperKeys: Set<String> = []) {
        self.source = source
        self.maxElementBytes = maxElementBytes
        self.wrapperKeys = wrapperKeys
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
    /// - Throws: ``EvidenceError`` when the input does not start with `[` (or, with
    ///   `wrapperKeys`, is not an object with one of those members holding an array).
    public func next() throws -> Element? {
        if finished { return nil }
        if !started {
            started = true
            let first = try skipWhitespace(andCommas: false)
            if first == UInt8(ascii: "{"), !wrapperKeys.isEmpty {
                try enterWrapper()
            } else if first != UInt8(ascii: "[") {
                let expected =
                    wrapperKeys.isEmpty
                    ? "a JSON array starting with '['"
                    : "a JSON array, or an object with a member \(wrapperKeys.sorted().map { "`\($0)`" }.joined(separator: " or ")) holding one"
                throw EvidenceError(locator: "line \(line)", reason: "expected \(expected)")
            }
        }
        guard let byte = try skipWhitespace(andCommas: true) else {
            finished = true
            endedWithoutClosingBracket = true
            return nil
        }
        if byte == UInt8(ascii: "]") { finished = true; return nil }
        count += 1
        let firstLine = line
        position -= 1 // the element's first byte is scanned with the rest (it is never a newline)
        var scan = ElementScan()
        var bytes: [UInt8] = []
        var overlong = false
        while true {
            if position == end {
                if !sourceEnded {
                    end = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                    position = 0
                    if end == 0 { sourceEnded = true }
                }
                if sourceEnded {
                    finished = true
                    endedWithoutClosingBracket = true
                    return Element(
                        index: count, firstLine: firstLine, lastLine: line, bytes: bytes,
                        error: "the file ends inside this element (truncated export?)")
                }
            }
            let from = position
            let stop = buffer.withUnsafeBufferPointer { scan.run($0, from: from, to: end) }
            position = stop.next
            line += stop.newlines
            // Keep at most `maxElementBytes + 1` bytes: one past the limit marks the element over-long.
            let kept = min(stop.keptEnd - from, maxElementBytes + 1 - bytes.count)
            if !overlong, kept > 0 { bytes.append(contentsOf: buffer[from..<from + kept]) }
            if bytes.count > maxElementBytes { overlong = true }
            guard let ending = stop.ending else { continue }
            if ending == .arrayClosed { finished = true }
            break
        }
        let lastLine = line
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { bytes.removeLast() }
        if overlong {
            return Element(
                index: count, firstLine: firstLine, lastLine: lastLine, bytes: Array(bytes.prefix(maxElementBytes)),
                error: "element longer than \(maxElementBytes) bytes; skipped")
        }
        return Element(index: count, firstLine: firstLine, lastLine: lastLine, bytes: bytes, error: nil)
    }

    /// Inside a top-level object: skips members until one named in ``wrapperKeys`` whose value is
    /// an array, and stops after that array's `[`.
    private func enterWrapper() throws {
        while true {
            guard let byte = try skipWhitespace(andCommas: true), byte == UInt8(ascii: "\"") else { break }
            let key = try readString()
            guard try skipWhitespace(andCommas: false) == UInt8(ascii: ":") else { break }
            guard let valueStart = try skipWhitespace(andCommas: false) else { break }
            if valueStart == UInt8(ascii: "["), wrapperKeys.contains(key) {
                wrapperKey = key
                return
            }
            try skipValue(startingWith: valueStart)
        }
        throw EvidenceError(
            locator: "line \(line)",
            reason: "a JSON object without a member \(wrapperKeys.sorted().map { "`\($0)`" }.joined(separator: " or ")) holding an array of records")
    }

    /// Reads a string whose opening quote was just consumed (escapes kept as written).
    private func readString() throws -> String {
        var bytes: [UInt8] = []
        var escaped = false
        while let byte = try nextByte() {
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { break }
            if bytes.count < 4096 { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Skips one value whose first byte was just consumed; stops after its last byte (or, for a
    /// scalar, at the byte that ends it, which is then a separator the caller skips).
    private func skipValue(startingWith first: UInt8) throws {
        if first == UInt8(ascii: "\"") { _ = try readString(); return }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            while let byte = try nextByte(), byte != UInt8(ascii: ","), byte != UInt8(ascii: "}") {}
            return
        }
        var depth = 1
        var inString = false
        var escaped = false
        while depth > 0, let byte = try nextByte() {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
    }
}

/// Where one element of a JSON array ends: a scan over the bytes the reader has buffered, which
/// keeps its state (nesting depth, inside a string, after a backslash) from one buffer to the next.
/// It walks bytes through a raw pointer in a loop of local variables, so the reader costs a few
/// cycles a byte and copies each element with one append per buffer.
struct ElementScan {
    enum Ending { case elementEnded, arrayClosed }

    struct Stop {
        /// The index after the last byte consumed.
        var next: Int
        /// The end of the bytes that belong to the element (a separator consumed after it is not).
        var keptEnd: Int
        var newlines: Int
        /// nil: the buffer ran out inside the element.
        var ending: Ending?
    }

    private var depth = 0
    private var inString = false
    private var escaped = false

    /// Scans `bytes[from..<to]`. An element ends after the `}` / `]` closing it (a container), or at
    /// the `,` or `]` following it at depth 0 (a scalar; that separator is consumed but not kept).
    /// A `}` / `]` that closes nothing (`[ } ]`) closes the array and is not kept.
    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Stop {
        guard let base = bytes.baseAddress else { return Stop(next: from, keptEnd: from, newlines: 0, ending: nil) }
        var depth = self.depth, inString = self.inString, escaped = self.escaped
        defer { (self.depth, self.inString, self.escaped) = (depth, inString, escaped) }
        var newlines = 0
        var i = from
        while i < to {
            let byte = base[i]
            i += 1
            if byte == 0x0A { newlines += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 {
                    // At depth 0 this follows a scalar (or nothing): it closes the array.
                    return Stop(next: i, keptEnd: i - 1, newlines: newlines, ending: .arrayClosed)
                }
                depth -= 1
                if depth == 0 { return Stop(next: i, keptEnd: i, newlines: newlines, ending: .elementEnded) }
            case UInt8(ascii: ","):
                if depth == 0 { return Stop(next: i, keptEnd: i - 1, newlines: newlines, ending: .elementEnded) }
            default:
                break
            }
        }
        return Stop(next: i, keptEnd: i, newlines: newlines, ending: nil)
    }
}
