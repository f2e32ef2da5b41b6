import TesseraSDK

/// Computes a file's SHA-256 in one streaming pass.
public enum FileHasher {
    public static func sha256(path: String, onProgress: ((Int64) -> Void)? = nil) throws -> String {
        let source = try FileByteSource(path: path)
        source.onRead = onProgress
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hasher.finalizeHex()
    }
}

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
