import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@Suite struct FileHasherTests {
    @Test func hashesAFileAcrossReadBoundaries() throws {
        let dir = try makeTemporaryDirectory("file-hasher")
        let path = dir + "/million-a.txt"
        // One million 'a' spans the 1 MiB read buffer boundary: the FIPS 180-4 long-message vector.
        try Data(repeating: UInt8(ascii: "a"), count: 1_000_000).write(to: URL(fileURLWithPath: path))
        var progress: [Int64] = []
        let hex = try FileHasher.sha256(path: path, onProgress: { progress.append($0) })
        #expect(hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(progress.last == 1_000_000)
    }

    @Test func cancellationStopsBeforeTheNextRead() throws {
        let dir = try makeTemporaryDirectory("file-hasher")
        let path = dir + "/three-mib.bin"
        try Data(count: 3 << 20).write(to: URL(fileURLWithPath: path))
        var reads = 0
        #expect(throws: FileHashCancelled.self) {
            _ = try FileHasher.sha256(
                path: path,
                isCancelled: {
                    reads += 1
                    return reads > 1
                })
        }
        #expect(reads == 2, "checked once before each read: one 1 MiB read, then stopped")
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: FileAccessError.self) { _ = try FileHasher.sha256(path: "/nonexistent/evidence.csv") }
    }
}
