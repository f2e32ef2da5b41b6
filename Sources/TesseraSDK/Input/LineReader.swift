/// One line of text with where it came from.
public struct Line: Sendable {
    /// 1-based line number.
    public var number: Int
    /// Byte offset of the line's first byte in the decoded text.
    public var offset: Int64
    /// The line without its `\n` or `\r\n`. For an over-long line, only its first
    /// ``LineReader/maxLineBytes`` bytes.
    public var bytes: [UInt8]
    /// Set when the line was longer than the reader's limit: its full length in bytes.
    public var overlongLength: Int?

    /// The line as a Swift string (invalid UTF-8 replaced).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Splits a byte stream into lines with bounded memory: a line longer than `maxLineBytes`
/// is returned truncated and flagged, never held whole.
public final class LineReader {
    /// 16 MiB: far above any real log line, far below a memory problem.
    public static let defaultMaxLineBytes = 16 << 20

    public let maxLineBytes: Int
    private let source: any ByteSource
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var ended = false
    private var lineNumber = 0
    private var offset: Int64 = 0

    /// - Parameter chunkBytes: how much to read at a time (tests use small values to exercise
    ///   lines that straddle reads).
    public init(_ source: any ByteSource, maxLineBytes: Int = LineReader.defaultMaxLineBytes, chunkBytes: Int = 1 << 20) {
        self.source = source
        self.maxLineBytes = maxLineBytes
        self.buffer = [UInt8](repeating: 0, count: max(chunkBytes, 16))
    }

    /// The next line, or nil at the end of input. A final line without a newline is returned.
    public func next() throws -> Line? {
        var overlong: [UInt8]? = nil
        var overlongLength = 0
        while true {
            if let newline = indexOfNewline() {
                var lineEnd = newline
                if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let consumed = newline + 1 - start
                lineNumber += 1
                let lineOffset = offset
                offset += Int64(consumed)
                if var prefix = overlong {
                    let room = maxLineBytes - prefix.count
                    if room > 0 { prefix.append(contentsOf: buffer[start..<min(lineEnd, start + room)]) }
                    let total = overlongLength + (lineEnd - start)
                    start = newline + 1
                    return Line(
                        number: lineNumber, offset: lineOffset - Int64(overlongLength),
                        bytes: prefix, overlongLength: total)
                }
                let bytes = Array(buffer[start..<lineEnd])
                start = newline + 1
                if bytes.count > maxLineBytes {
                    return Line(
                        number: lineNumber, offset: lineOffset, bytes: Array(bytes.prefix(maxLineBytes)),
                        overlongLength: bytes.count)
                }
                return Line(number: lineNumber, offset: lineOffset, bytes: bytes, overlongLength: nil)
            }
            if ended {
                guard start < end || overlong != nil else { return nil }
                lineNumber += 1
                let pendingCount = end - start
                if var prefix = overlong {
                    let room = maxLineBytes - prefix.count
                    if room > 0 { prefix.append(contentsOf: buffer[start..<min(end, start + room)]) }
                    let total = overlongLength + pendingCount
                    let lineOffset = offset - Int64(overlongLength)
                    offset += Int64(pendingCount)
                    start = end
                    return Line(number: lineNumber, offset: lineOffset, bytes: prefix, overlongLength: total)
                }
                var bytes = Array(buffer[start..<end])
                if bytes.last == 0x0D { bytes.removeLast() }
                let lineOffset = offset
                offset += Int64(pendingCount)
                start = end
                if bytes.count > maxLineBytes {
                    return Line(
                        number: lineNumber, offset: lineOffset, bytes: Array(bytes.prefix(maxLineBytes)),
                        overlongLength: bytes.count)
                }
                return Line(number: lineNumber, offset: lineOffset, bytes: bytes, overlongLength: nil)
            }
            // No newline in the buffer: if the pending line is already over the limit, spill it.
            if end - start > maxLineBytes {
                var prefix = overlong ?? []
                let room = maxLineBytes - prefix.count
                if room > 0 { prefix.append(contentsOf: buffer[start..<min(end, start + room)]) }
                overlong = prefix
                overlongLength += end - start
                offset += Int64(end - start)
                start = end
            } else if overlong != nil {
                overlongLength += end - start
                offset += Int64(end - start)
                start = end
            }
            try fill()
        }
    }

    private func indexOfNewline() -> Int? {
        buffer.withUnsafeBufferPointer { pointer -> Int? in
            var i = start
            while i < end {
                if pointer[i] == 0x0A { return i }
                i += 1
            }
            return nil
        }
    }

    private func fill() throws {
        if start > 0 {
            let pending = end - start
            if pending > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    let base = raw.baseAddress!
                    base.copyMemory(from: base + start, byteCount: pending)
                }
            }
            start = 0
            end = pending
        }
        if end == buffer.count {
            buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
        }
        let n = try buffer.withUnsafeMutableBytes { raw in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
        }
        if n == 0 { ended = true } else { end += n }
    }
}
