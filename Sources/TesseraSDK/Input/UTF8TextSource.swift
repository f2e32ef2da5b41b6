/// Decodes a byte stream to UTF-8 text: removes a UTF-8 byte-order mark and transcodes
/// UTF-16 (little or big endian, with a BOM or recognisably without one) to UTF-8.
///
/// UTF-8 input passes through untouched, invalid sequences included, so raw records stay
/// verbatim; consumers decide how to treat them.
public final class UTF8TextSource: ByteSource {
    /// The encoding found at the start of the stream.
    public enum Encoding: String, Sendable {
        case utf8, utf16LE, utf16BE
    }

    private let base: any ByteSource
    private var started = false
    private var pending: [UInt8] = [] // undecoded bytes carried between reads
    private var output: [UInt8] = [] // decoded bytes not yet handed out
    private var outputStart = 0
    private var baseEnded = false
    private var highSurrogate: UInt16?
    public private(set) var encoding: Encoding = .utf8

    public init(_ base: any ByteSource) {
        self.base = base
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !started { try start() }
        if encoding == .utf8 {
            if outputStart < output.count { return drainOutput(into: buffer) }
            return try base.read(into: buffer)
        }
        while outputStart >= output.count {
            output.removeAll(keepingCapacity: true)
            outputStart = 0
            if baseEnded { return 0 }
            try decodeMoreUTF16()
        }
        return drainOutput(into: buffer)
    }

    private func drainOutput(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, output.count - outputStart)
        output.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + outputStart, byteCount: count)
        }
        outputStart += count
        return count
    }

    private func start() throws {
        started = true
        var head = [UInt8](repeating: 0, count: 64)
        var filled = 0
        while filled < head.count {
            let n = try head.withUnsafeMutableBytes { try base.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if n == 0 { baseEnded = true; break }
            filled += n
        }
        head.removeSubrange(filled...)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            output = Array(head.dropFirst(3))
        } else if head.starts(with: [0xFF, 0xFE]) {
            encoding = .utf16LE
            pending = Array(head.dropFirst(2))
        } else if head.starts(with: [0xFE, 0xFF]) {
            encoding = .utf16BE
            pending = Array(head.dropFirst(2))
        } else if let guess = Self.guessUTF16WithoutBOM(head) {
            encoding = guess
            pending = head
        } else {
            output = head
        }
        if encoding != .utf8 {
            output = []
            if baseEnded { flushUTF16(final: true) }
        }
    }

    /// UTF-16 text without a BOM shows as zero bytes in every other position for ASCII.
    static func guessUTF16WithoutBOM(_ head: [UInt8]) -> Encoding? {
        guard head.count >= 8 else { return nil }
        let pairs = head.count / 2
        var zeroEven = 0, zeroOdd = 0
        for i in 0..<pairs {
            if head[2 * i] == 0 { zeroEven += 1 }
            if head[2 * i + 1] == 0 { zeroOdd += 1 }
        }
        if zeroOdd * 4 >= pairs * 3 && zeroEven * 4 < pairs { return .utf16LE }
        if zeroEven * 4 >= pairs * 3 && zeroOdd * 4 < pairs { return .utf16BE }
        return nil
    }

    private func decodeMoreUTF16() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = try chunk.withUnsafeMutableBytes { try base.read(into: $0) }
        if n == 0 {
            baseEnded = true
            flushUTF16(final: true)
            return
        }
        pending.append(contentsOf: chunk[0..<n])
        flushUTF16(final: false)
    }

    private func flushUTF16(final: Bool) {
        let units = pending.count / 2
        let littleEndian = encoding == .utf16LE
        output.reserveCapacity(output.count + units * 2)
        for i in 0..<units {
            let a = UInt16(pending[2 * i]), b = UInt16(pending[2 * i + 1])
            let unit = littleEndian ? (a | b << 8) : (a << 8 | b)
            appendUnit(unit)
        }
        pending.removeFirst(units * 2)
        if final {
            if highSurrogate != nil { appendScalar(0xFFFD); highSurrogate = nil }
            if !pending.isEmpty { appendScalar(0xFFFD); pending.removeAll() }
        }
    }

    private func appendUnit(_ unit: UInt16) {
        if let high = highSurrogate {
            highSurrogate = nil
            if (0xDC00...0xDFFF).contains(unit) {
                appendScalar(0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(unit) - 0xDC00))
                return
            }
            appendScalar(0xFFFD)
        }
        if (0xD800...0xDBFF).contains(unit) {
            highSurrogate = unit
        } else if (0xDC00...0xDFFF).contains(unit) {
            appendScalar(0xFFFD)
        } else {
            appendScalar(UInt32(unit))
        }
    }

    private func appendScalar(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
