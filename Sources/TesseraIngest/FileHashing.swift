import Foundation
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

/// A file's size, modification time and identity on disk: what must stay the same while a file
/// is read in one pass for it to count as unchanged.
struct FileStamp: Equatable {
    var size: Int64
    var modified: timespec
    var device: UInt64
    var inode: UInt64

    init(path: String) throws(FileAccessError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw FileAccessError(path: path, reason: String(cString: strerror(errno)))
        }
        size = Int64(info.st_size)
        modified = info.st_mtim
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.size == b.size && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
            && a.device == b.device && a.inode == b.inode
    }
}
