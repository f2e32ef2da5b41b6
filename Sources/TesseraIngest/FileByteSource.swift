import Foundation
import TesseraSDK
#if canImport(Glibc)
import Glibc
#endif

/// Why an evidence file could not be opened or read.
public struct FileAccessError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Reads a file read-only, never modifying it (no write access is ever requested).
public final class FileByteSource: ByteSource {
    private let descriptor: Int32
    public let path: String
    /// Bytes read so far (for progress).
    public private(set) var bytesRead: Int64 = 0
    /// Called after each read with the running total.
    public var onRead: ((Int64) -> Void)?

    public init(path: String) throws(FileAccessError) {
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileAccessError(path: path, reason: Self.errnoText()) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FileAccessError(path: path, reason: "not a regular file")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileAccessError(path: path, reason: Self.errnoText()) }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 {
                bytesRead += Int64(n)
                onRead?(bytesRead)
                return n
            }
            if errno == EINTR { continue }
            throw FileAccessError(path: path, reason: "read failed: \(Self.errnoText())")
        }
    }

    /// The file's size in bytes.
    public static func size(of path: String) throws(FileAccessError) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileAccessError(path: path, reason: errnoText()) }
        return Int64(info.st_size)
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

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
