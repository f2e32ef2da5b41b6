/// A forward-only stream of bytes: a file, a decompressor, a decoder.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`.
    /// - Returns: the number of bytes read; 0 only at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A ``ByteSource`` over bytes in memory (tests, sniffing).
public final class MemoryByteSource: ByteSource {
    private let storage: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8]) {
        self.storage = bytes
    }

    public convenience init(_ text: String) {
        self.init(Array(text.utf8))
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, storage.count - position)
        guard count > 0 else { return 0 }
        storage.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + position, byteCount: count)
        }
        position += count
        return count
    }
}

extension ByteSource {
    /// Reads everything that is left (tests and small inputs only; plugins stream).
    public func readAll() throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }
}
