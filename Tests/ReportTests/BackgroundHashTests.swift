import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import TesseraReport

/// The store hash runs on its own thread; a report that fails must stop and join it, or the
/// process can exit while libcrypto is still in use (an intermittent crash after the error).
@Suite struct BackgroundHashTests {
    /// A sparse file: large enough that hashing it takes far longer than the test's next step.
    static func largeSparseFile() throws -> String {
        let path = try makeTemporaryDirectory("background-hash") + "/store.db"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 8 << 30)
        try handle.close()
        return path
    }

    @Test func cancelJoinsTheThreadAndLaterWaitsReturn() throws {
        let job = BackgroundHash.start(path: try Self.largeSparseFile())
        job.cancel() // returns only once the thread has stopped
        #expect(throws: ReportError.self) { _ = try job.wait() }
        job.cancel() // joining twice must not block
    }

    @Test func waitGivesTheHashAndACancelAfterwardsDoesNotBlock() throws {
        let path = try makeTemporaryDirectory("background-hash") + "/small.db"
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        let job = BackgroundHash.start(path: path)
        #expect(try job.wait() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        job.cancel()
        #expect(try job.wait() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
