import Foundation
import TesseraSDK
import Testing

@testable import TesseraIngest
@testable import TesseraStore

@Suite struct PipelineTests {
    @Test func reingestIsIdempotentAndForceReplaces() throws {
        let dir = try temporaryDirectory()
        try write(
            supportHeader
                + "T-1,eng@vendor.example,CN,agency.example,government,2023-04-02T01:15:00Z,2023-04-02T03:40:00Z,a@agency.example,203.0.113.5,mbx,fix\n",
            to: dir + "/log.csv")
        let store = try EventStore(path: dir + "/s.db", mode: .readWrite)
        let first = try run([dir], store: store)
        #expect(first.ingested.count == 1)
        #expect(first.ingested[0].counts == SourceCounts(recordsRead: 1, recordsStored: 1, eventsStored: 2))
        let second = try run([dir], store: store)
        guard case .alreadyIngested(_, let id, _) = try #require(second.outcomes.first) else {
            Issue.record("expected the file to be recognized as already ingested"); return
        }
        #expect(id == first.ingested[0].sourceID)
        var force = IngestOptions()
        force.force = true
        let third = try run([dir], store: store, options: force)
        #expect(third.ingested.first?.replacedSourceID == id)
        #expect(try store.database.scalarInt("SELECT count(*) FROM events") == 2)
        #expect(try store.database.scalarInt("SELECT count(*) FROM sources") == 1)
    }

    /// A file whose size no stored source has is hashed once, while it is parsed; one of the same
    /// size as a stored source is hashed first, and only an identical hash counts as already ingested.
    @Test func theStoredHashIsTheFileHashWithOneOrTwoPasses() throws {
        let dir = try temporaryDirectory()
        let row = "T-1,eng@vendor.example,CN,agency.example,government,2023-04-02T01:15:00Z,2023-04-02T03:40:00Z,a@agency.example,203.0.113.5,mbx,fix\n"
        try write(supportHeader + row, to: dir + "/a.csv")
        // Same size as a.csv, different content (T-2 instead of T-1).
        try write(supportHeader + row.replacingOccurrences(of: "T-1", with: "T-2"), to: dir + "/b.csv")
        let store = try EventStore(path: dir + "/s.db", mode: .readWrite)
        let first = try run([dir + "/a.csv"], store: store)
        let second = try run([dir + "/b.csv"], store: store)
        #expect(first.ingested.first?.sha256 == (try FileHasher.sha256(path: dir + "/a.csv")))
        #expect(second.ingested.first?.sha256 == (try FileHasher.sha256(path: dir + "/b.csv")))
        #expect(try store.sources().map(\.sha256) == [FileHasher.sha256(path: dir + "/a.csv"), FileHasher.sha256(path: dir + "/b.csv")])
        #expect(try store.database.scalarInt("SELECT count(*) FROM sources WHERE sha256 LIKE 'pending:%'") == 0)
    }

    @Test func aFileWithNoRecordsIsRecordedWithAWarning() throws {
        let dir = try temporaryDirectory()
        try write(supportHeader, to: dir + "/header-only.csv")
        let store = try EventStore(path: dir + "/s.db", mode: .readWrite)
        var options = IngestOptions()
        options.plugin = "support-log"
        let report = try run([dir + "/header-only.csv"], store: store, options: options)
        let source = try #require(report.ingested.first)
        #expect(source.counts == SourceCounts())
        #expect(source.warnings.count == 1)
        #expect(source.warnings.first?.hasPrefix("the file holds no records") == true)
        #expect(try store.sources().first?.warnings == source.warnings)
    }

    @Test func naiveTimestampsNeedASourceZone() throws {
        let dir = try temporaryDirectory()
        try write(supportHeader + "T-1,eng@vendor.example,US,agency.example,government,2023-07-04 09:00:00,,,,,\n", to: dir + "/naive.csv")
        let store = try EventStore(path: dir + "/s.db", mode: .readWrite)
        let rejected = try run([dir + "/naive.csv"], store: store)
        #expect(rejected.ingested[0].counts == SourceCounts(recordsRead: 1, rejects: 1))
        let reason = try #require(try store.database.scalarText("SELECT locator || ': ' || reason FROM rejects"))
        #expect(reason.hasPrefix("line 2: field `start`: timestamp '2023-07-04 09:00:00' has no zone"))
        #expect(reason.contains("--source-tz"))

        var options = IngestOptions()
        options.force = true
        options.sourceTimeZoneName = "America/New_York"
        options.sourceTimeZone = Timestamp.zone(named: "America/New_York")
        let accepted = try run([dir + "/naive.csv"], store: store, options: options)
        #expect(accepted.ingested[0].counts.recordsStored == 1)
        #expect(try store.database.scalarText("SELECT time_utc FROM timeline") == "2023-07-04T13:00:00.000000Z")
        #expect(try store.database.scalarText("SELECT source_tz FROM sources") == "America/New_York")
    }

    @Test func gzipIsReadTransparentlyAndTruncationIsAnError() throws {
        let dir = try temporaryDirectory()
        var text = supportHeader
        for i in 0..<2000 {
            text += "T-\(i),eng\(i % 7)@vendor.example,US,agency.example,government,2023-01-01T00:00:\(String(format: "%02d", i % 60))Z,,,,,\n"
        }
        try write(text, to: dir + "/log.csv")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", dir + "/log.csv"]
        try gzip.run()
        gzip.waitUntilExit()
        try FileManager.default.removeItem(atPath: dir + "/log.csv")
        let compressed = try Data(contentsOf: URL(fileURLWithPath: dir + "/log.csv.gz"))
        try compressed.prefix(compressed.count / 2).write(to: URL(fileURLWithPath: dir + "/cut.csv.gz"))
        try write(text, to: dir + "/plain-but-named.csv.gz")

        let store = try EventStore(path: dir + "/s.db", mode: .readWrite)
        let report = try run([dir + "/log.csv.gz", dir + "/cut.csv.gz", dir + "/plain-but-named.csv.gz"], store: store)
        #expect(report.ingested.count == 1)
        #expect(report.ingested[0].counts.recordsStored == 2000)
        let failures = report.outcomes.compactMap { if case .failed(let path, let message) = $0 { return "\(path): \(message)" } else { return nil } }
        #expect(failures.count == 2)
        #expect(failures.contains { $0.contains("cut.csv.gz") && $0.contains("truncated gzip") })
        #expect(failures.contains { $0.contains("plain-but-named.csv.gz") && $0.contains("not gzip") })
        #expect(try store.sources().count == 1)
    }

    /// A plugin that stores some records, then finds the file unreadable.
    struct FailsHalfway: IngestPlugin {
        var descriptor: PluginDescriptor { PluginDescriptor(name: "fails-halfway", version: "1", formats: ["x"], summary: "test") }
        func detect(_ head: SniffedHead) -> String? { head.text.hasPrefix("HALF") ? "x" : nil }
        func ingest(_ input: EvidenceInput, context: IngestContext, sink: any EventSink) throws {
            for i in 0..<100 {
                try sink.accept(
                    SourceRecord(
                        locator: "line \(i)", dedupKey: "half:\(i)", raw: [],
                        events: [
                            NormalizedEvent(
                                timestampUs: Int64(i), timestampRaw: "", timestampDescription: "",
                                category: "c", operation: "o", action: "a", message: "m")
                        ]))
            }
            throw EvidenceError(locator: "line 100", reason: "unreadable from here on")
        }
    }

    @Test func aFailureInTheMiddleOfASourceLeavesTheStoreAsItWas() throws {
        let dir = try temporaryDirectory()
        try write("HALF of a file\n", to: dir + "/half.txt")
        try write(supportHeader + "T-1,eng@vendor.example,US,agency.example,government,2023-01-01T00:00:00Z,,,,,\n", to: dir + "/good.csv")
        let store = try EventStore(path: dir + "/s.db", mode: .readWrite)
        let report = try run(
            [dir + "/half.txt", dir + "/good.csv"], store: store,
            plugins: PluginRegistry.builtIn + [FailsHalfway()])
        #expect(report.failures == 1)
        guard case .failed(_, let message) = report.outcomes[0] else { Issue.record("expected a failure"); return }
        #expect(message.contains("line 100: unreadable from here on"))
        #expect(try store.sources().map(\.plugin) == ["support-log"])
        #expect(try store.database.scalarInt("SELECT count(*) FROM events WHERE dedup_key LIKE 'half:%'") == 0)
    }

    @Test func directoriesSkipUnclaimedFilesUnlessStrict() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/case/sub", withIntermediateDirectories: true)
        try write("# Case notes\n", to: dir + "/case/README.md")
        try write(supportHeader + "T-1,eng@vendor.example,US,agency.example,government,2023-01-01T00:00:00Z,,,,,\n", to: dir + "/case/sub/log.csv")
        try FileManager.default.createSymbolicLink(atPath: dir + "/case/sub/loop", withDestinationPath: dir + "/case")
        let store = try EventStore(path: dir + "/s.db", mode: .readWrite)
        let report = try run([dir + "/case"], store: store)
        #expect(report.ingested.count == 1)
        #expect(
            report.outcomes.contains {
                if case .skipped(let p, _) = $0 { return p.hasSuffix("README.md") }; return false
            })
        #expect(report.passedOver.contains { $0.path.hasSuffix("loop") })

        var strict = IngestOptions()
        strict.strict = true
        strict.force = true
        #expect {
            _ = try run([dir + "/case"], store: store, options: strict)
        } throws: { error in
            "\(error)".contains("README.md") && "\(error)".contains("Nothing was ingested")
        }
    }

    @Test func aNamedFileNobodyClaimsStopsTheRunBeforeAnythingIsStored() throws {
        let dir = try temporaryDirectory()
        try write("just some text\n", to: dir + "/notes.txt")
        try write(supportHeader + "T-1,eng@vendor.example,US,agency.example,government,2023-01-01T00:00:00Z,,,,,\n", to: dir + "/log.csv")
        let store = try EventStore(path: dir + "/s.db", mode: .readWrite)
        #expect {
            _ = try run([dir + "/log.csv", dir + "/notes.txt"], store: store)
        } throws: { error in
            let text = "\(error)"
            return text.contains("notes.txt: no plugin recognizes this file") && text.contains("--plugin")
        }
        #expect(try store.sources().isEmpty)
    }
}
