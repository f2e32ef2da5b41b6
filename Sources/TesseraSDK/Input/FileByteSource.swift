import Foundation

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

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
