import Foundation

/// A file's size, modification time and identity on disk: what must stay the same while a file
/// is read for it to count as unchanged (the ingest's one-pass hashing compares it before and after).
public struct FileStamp: Equatable, Sendable {
    public var size: Int64
    public var modifiedSeconds: Int64
    public var modifiedNanoseconds: Int64
    public var device: UInt64
    public var inode: UInt64

    public init(path: String) throws(FileAccessError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileAccessError(path: path, reason: FileByteSource.errnoText()) }
        size = Int64(info.st_size)
        modifiedSeconds = Int64(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
