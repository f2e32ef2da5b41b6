import Foundation
import TesseraSDK
import Testing

/// What the one-pass ingest compares before and after parsing to tell that a file did not change.
@Suite struct FileStampTests {
    @Test func aStampChangesWithContentTimeOrIdentity() throws {
        let dir = try temporaryDirectory()
        let path = dir + "/evidence.csv"
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: path))
        let original = try FileStamp(path: path)
        #expect(try FileStamp(path: path) == original)

        // Same size, other modification time.
        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        #expect(try FileStamp(path: path) != original)
        let touched = try FileStamp(path: path)

        // Appended to.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("3,4\n".utf8))
        try handle.close()
        #expect(try FileStamp(path: path).size == original.size + 4)

        // Replaced by another file of the same size and time (a new inode).
        try Data("a,b\n1,9\n".utf8).write(to: URL(fileURLWithPath: dir + "/other.csv"))
        #expect(utimensat(AT_FDCWD, dir + "/other.csv", &times, 0) == 0)
        #expect(rename(dir + "/other.csv", path) == 0)
        let replaced = try FileStamp(path: path)
        #expect(replaced.size == touched.size && replaced.modifiedSeconds == touched.modifiedSeconds)
        #expect(replaced != touched)
    }

    @Test func aMissingFileIsAnErrorNamingIt() {
        #expect {
            _ = try FileStamp(path: "/nonexistent/evidence.csv")
        } throws: { error in
            "\(error)".contains("/nonexistent/evidence.csv")
        }
    }
}
