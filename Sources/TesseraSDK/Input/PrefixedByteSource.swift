/// Replays bytes already read from a stream (to look at its head) before the rest of it,
/// so a plugin can sniff its input's shape without reading it twice.
public final class PrefixedByteSource: ByteSource {
    private var prefix: [UInt8]
    private var prefixPosition = 0
    private let rest: any ByteSource

    /// A source yielding `prefix`, then what is left of `rest`.
    public init(prefix: [UInt8], rest: any ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    /// Reads up to `count` bytes of `source` (fewer only at its end).
    public static func peek(_ source: any ByteSource, count: Int) throws -> [UInt8] {
        var head = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try head.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if n == 0 { break }
            filled += n
        }
        head.removeSubrange(filled...)
        return head
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if prefixPosition < prefix.count {
            let count = min(buffer.count, prefix.count - prefixPosition)
            prefix.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + prefixPosition, byteCount: count)
            }
            prefixPosition += count
            if prefixPosition == prefix.count { prefix = []; prefixPosition = 0 }
            return count
        }
        return try rest.read(into: buffer)
    }
}
