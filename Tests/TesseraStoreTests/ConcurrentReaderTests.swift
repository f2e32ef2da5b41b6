import Foundation
import TesseraSDK
import Testing

@testable import TesseraStore

/// WAL isolation: a reader on its own connection sees a source whole or not at all.
@Suite struct ConcurrentReaderTests {
    @Test func readerSeesOldStateUntilCommitThenTheWholeSource() throws {
        let path = try temporaryDirectory() + "/c.db"
        let store = try EventStore(path: path, mode: .readWrite)
        let first = try SourceWriter(store: store, info: sampleInfo("one.csv"))
        for i in 0..<10 { try first.store(record("a\(i)", events: [event(Int64(i))])) }
        try first.finish(warnings: [])

        let reader = try EventStore(path: path, mode: .readOnly)
        func visible() throws -> (sources: Int64?, events: Int64?) {
            (try reader.database.scalarInt("SELECT count(*) FROM sources"), try reader.database.scalarInt("SELECT count(*) FROM events"))
        }
        let writer = try SourceWriter(store: store, info: sampleInfo("two.csv"))
        for i in 0..<5_000 { try writer.store(record("b\(i)", events: [event(Int64(i)), event(Int64(i) + 1)])) }
        // Mid-source: the reader sees exactly the old state.
        #expect(try visible() == (1, 10))
        // Reports read in one transaction: a snapshot taken before the commit stays consistent.
        try reader.database.execute("BEGIN")
        #expect(try visible() == (1, 10))
        try writer.finish(warnings: [])
        #expect(try visible() == (1, 10))
        try reader.database.execute("COMMIT")
        #expect(try visible() == (2, 10_010))
    }
}
