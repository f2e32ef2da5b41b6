import TesseraSDK

/// Reads a ``ByteSource`` one byte at a time through a buffer, counting lines and offsets.
final class ByteCursor {
    private let source: any ByteSource
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    private var ended = false
    /// 1-based line of the next byte.
    private(set) var line = 1
    /// Offset of the next byte from the start of the text.
    private(set) var offset: Int64 = 0

    init(_ source: any ByteSource) {
        self.source = source
    }

    /// The next byte without consuming it, or nil at the end.
    func peek() throws -> UInt8? {
        if start == end {
            if ended { return nil }
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { ended = true; return nil }
            start = 0
            end = n
        }
        return buffer[start]
    }

    /// Consumes and returns the next byte, or nil at the end.
    func next() throws -> UInt8? {
        guard let b = try peek() else { return nil }
        start += 1
        offset += 1
        if b == 0x0A { line += 1 }
        return b
    }

    /// Skips JSON whitespace; returns the next byte (not consumed).
    func skipWhitespace() throws -> UInt8? {
        while let b = try peek() {
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D: _ = try next()
            default: return b
            }
        }
        return nil
    }
}

extension ByteSource {
    /// Reads up to `limit` bytes (fewer only at the end of input).
    func readPrefix(_ limit: Int) throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            let n = try result.withUnsafeMutableBytes { try read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if n == 0 { break }
            filled += n
        }
        result.removeSubrange(filled...)
        return result
    }
}
