/// Why a file hash stopped before the end of the file.
public struct FileHashCancelled: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var description: String { "hashing \(path) was stopped before the end of the file" }
}

/// Computes a file's SHA-256 in one streaming pass, reading the file read-only.
public enum FileHasher {
    /// The file's SHA-256 in lowercase hex.
    /// - Parameters:
    ///   - onProgress: called after each read with the bytes read so far.
    ///   - isCancelled: checked before each 1 MiB read; when it returns true the hash stops and
    ///     throws `FileHashCancelled`, so a caller that no longer needs the hash can join the
    ///     hashing thread at once instead of waiting for the whole file.
    public static func sha256(
        path: String, onProgress: ((Int64) -> Void)? = nil, isCancelled: (() -> Bool)? = nil
    ) throws -> String {
        let source = try FileByteSource(path: path)
        source.onRead = onProgress
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            if let isCancelled, isCancelled() { throw FileHashCancelled(path: path) }
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return hasher.finalizeHex()
    }
}
