import TesseraSDK

/// Drops the first `lines` lines of a byte stream (preamble lines before a CSV header).
final class LineSkippingSource: ByteSource {
    private let base: any ByteSource
    private var remaining: Int
    private var pending: [UInt8] = []
    private var pendingStart = 0

    init(_ base: any ByteSource, lines: Int) {
        self.base = base
        self.remaining = lines
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while remaining > 0 {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = try chunk.withUnsafeMutableBytes { try base.read(into: $0) }
            if n == 0 { return 0 }
            var i = 0
            while i < n, remaining > 0 {
                if chunk[i] == 0x0A { remaining -= 1 }
                i += 1
            }
            if remaining == 0 { pending = Array(chunk[i..<n]) }
        }
        if pendingStart < pending.count {
            let count = min(buffer.count, pending.count - pendingStart)
            pending.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + pendingStart, byteCount: count)
            }
            pendingStart += count
            return count
        }
        return try base.read(into: buffer)
    }
}
