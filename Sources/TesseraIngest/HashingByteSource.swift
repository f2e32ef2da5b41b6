import TesseraSDK

/// Passes bytes through while hashing them, so the parse pass can prove it read the very
/// bytes that were hashed before it.
final class HashingByteSource: ByteSource {
    private let base: any ByteSource
    private(set) var hasher = SHA256()

    init(_ base: any ByteSource) { self.base = base }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try base.read(into: buffer)
        if n > 0 { hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) }
        return n
    }

    /// Reads whatever the plugin left unread (to finish the hash) and returns the digest.
    func drainAndFinalize() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while try buffer.withUnsafeMutableBytes({ try read(into: $0) }) > 0 {}
        return hasher.finalizeHex()
    }
}
