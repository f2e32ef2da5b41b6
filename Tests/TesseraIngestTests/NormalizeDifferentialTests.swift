import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import TesseraIngest
@testable import TesseraStore

/// `tessera normalize` writes exactly what `tessera ingest` stores: a store built by ingesting the
/// normalized output equals, table by table and row by row, a store built by ingesting the evidence.
@Suite struct NormalizeDifferentialTests {
    /// Every stored table, with the columns to compare (all but the ingest time).
    static let tables: [(String, String)] = [
        (
            "sources",
            "source_id, path, sha256, size_bytes, plugin, plugin_version, format, records_read, records_stored, duplicates, rejects, events_stored, warnings, source_tz, tool_version"
        ),
        ("records", "*"),
        ("event_rows", "*"),
        ("rejects", "*"),
        ("support_sessions", "*"),
        ("support_accounts", "*"),
        ("support_ips", "*"),
        ("support_scope", "*"),
        ("support_interactions", "*"),
    ]

    static func rows(_ store: EventStore, _ table: String, _ columns: String) throws -> [[SQLValue]] {
        let statement = try store.database.prepare("SELECT \(columns) FROM \(table) ORDER BY 1, 2")
        var rows: [[SQLValue]] = []
        while try statement.step() { rows.append((0..<statement.columnCount).map(statement.value)) }
        return rows
    }

    /// Ingests `paths` directly and through normalize; returns both stores.
    static func bothWays(_ paths: [String]) throws -> (direct: EventStore, normalized: EventStore, output: String) {
        let directory = try temporaryDirectory()
        let direct = try EventStore(path: directory + "/direct.db", mode: .readWrite)
        let report = try run(paths, store: direct)
        #expect(report.failures == 0)
        let output = directory + "/normalized"
        let normalize = try NormalizePipeline(options: IngestOptions()).run(paths: paths, to: .directory(output))
        #expect(normalize.failures == 0)
        let store = try EventStore(path: directory + "/from-normalized.db", mode: .readWrite)
        let fromOutput = try run([output], store: store)
        #expect(fromOutput.failures == 0)
        #expect(fromOutput.ingested.count == report.ingested.count)
        return (direct, store, output)
    }

    static func expectSame(_ a: EventStore, _ b: EventStore) throws {
        for (table, columns) in tables {
            let left = try rows(a, table, columns), right = try rows(b, table, columns)
            #expect(left.count == right.count, "\(table): \(left.count) rows vs \(right.count)")
            for (l, r) in zip(left, right) where l != r {
                Issue.record("\(table) differs: \(l) vs \(r)")
                break
            }
        }
    }

    @Test func samplesStoreTheSameThroughNormalize() throws {
        let (direct, normalized, _) = try Self.bothWays([packageRoot + "/Samples"])
        try Self.expectSame(direct, normalized)
        #expect(try direct.database.scalarInt("SELECT count(*) FROM event_rows") ?? 0 >= 70)
        // The manifests are kept whole; unpruned, everything read was kept. (Duplicates differ where
        // a record repeats one of another file: only the store knows other files.)
        #expect(
            try normalized.database.scalarInt(
                """
                SELECT count(*) FROM source_manifests m JOIN sources s USING (source_id)
                WHERE m.records_read = s.records_read AND m.rejects = s.rejects
                  AND m.records_kept = m.records_stored AND m.events_kept = m.events_stored
                  AND s.records_stored + s.duplicates - m.duplicates = m.records_stored
                """) == (try normalized.database.scalarInt("SELECT count(*) FROM sources")))
        #expect(try normalized.database.scalarText("SELECT engine || ':' || pruned FROM normalized_imports") == "normalize:0")
    }

    @Test(.realSamples)
    func realSamplesStoreTheSameThroughNormalize() throws {
        let (direct, normalized, _) = try Self.bothWays([RealSamples.root])
        try Self.expectSame(direct, normalized)
    }

    @Test func rejectsDuplicatesAndRawBytesSurviveTheRoundTrip() throws {
        let directory = try temporaryDirectory()
        let file = directory + "/support.csv"
        // A good session, the same session again (a duplicate within the file), a bad timestamp
        // (a reject), and a byte that is not UTF-8 in a kept record.
        var bytes = Array(
            (supportHeader
                + "TKT-1,eng1@vendor.example,US,t.example,,2024-01-01T10:00:00Z,2024-01-01T11:00:00Z,a@t.example,203.0.113.5,,first\n"
                + "TKT-1,eng1@vendor.example,US,t.example,,2024-01-01T10:00:00Z,2024-01-01T11:00:00Z,a@t.example,203.0.113.5,,first\n"
                + "TKT-2,eng2@vendor.example,US,t.example,,not-a-time,,,,,bad\n").utf8)
        bytes += Array("TKT-3,eng3@vendor.example,US,t.example,,2024-01-02T10:00:00Z,,,,,caf".utf8) + [0xE9] + Array("\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let (direct, normalized, output) = try Self.bothWays([file])
        try Self.expectSame(direct, normalized)
        let counts = try normalized.sources()[0].counts
        #expect(counts.recordsRead == 4 && counts.duplicates == 1 && counts.rejects >= 1)
        #expect(counts.recordsRead == counts.recordsStored + counts.duplicates + counts.rejects)
        // Ingesting the output again adds nothing: the source is known by its SHA-256.
        let again = try run([output], store: normalized)
        #expect(again.ingested.isEmpty && again.outcomes.count == 1)
    }

    @Test func aFileThatFailsLeavesNoLinesAndIsListed() throws {
        let directory = try temporaryDirectory()
        try write("not gzip at all", to: directory + "/broken.csv.gz")
        try write(supportHeader + "TKT-1,eng1@vendor.example,US,t.example,,2024-01-01T10:00:00Z,,,,,ok\n", to: directory + "/support.csv")
        let output = directory + "/out"
        let report = try NormalizePipeline(options: IngestOptions()).run(paths: [directory], to: .directory(output))
        #expect(report.failures == 1)
        let manifest = try DirectoryManifest(path: output + "/" + NormalizedFormat.manifestName)
        #expect(manifest.sources.map(\.info.path) == [IngestPipeline.absolute(directory + "/support.csv")])
        #expect(manifest.files.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output + "/data") == ["part-00000.jsonl"])
    }

    @Test func anIncompleteOutputIsRefusedNamingTheFile() throws {
        let directory = try temporaryDirectory()
        let file = directory + "/support.csv"
        try write(
            supportHeader
                + "TKT-1,eng1@vendor.example,US,t.example,,2024-01-01T10:00:00Z,,,,,one\n"
                + "TKT-2,eng2@vendor.example,US,t.example,,2024-01-02T10:00:00Z,,,,,two\n", to: file)
        let output = directory + "/out"
        _ = try NormalizePipeline(options: IngestOptions()).run(paths: [file], to: .directory(output))
        let part = output + "/data/part-00000.jsonl"
        let lines = try String(contentsOfFile: part, encoding: .utf8).split(separator: "\n")
        try write(lines.dropLast().joined(separator: "\n") + "\n", to: part)
        let store = try EventStore(path: directory + "/case.db", mode: .readWrite)
        #expect(throws: NormalizedFormatError.self) { try run([output], store: store) }
        #expect(try store.sources().isEmpty)
    }

    /// A damaged line after whole batches were handed to the store's writer thread: the error
    /// names the file and line, and the source's transaction is rolled back with everything queued.
    @Test func aDamagedLineMidSourceStoresNothingOfIt() throws {
        let directory = try temporaryDirectory()
        let file = directory + "/support.csv"
        var text = supportHeader
        for i in 0..<1_000 {
            text += "TKT-\(i),eng\(i % 7)@vendor.example,US,t.example,,2024-01-01T10:\(String(format: "%02d", i % 60)):00Z,,,,,row \(i)\n"
        }
        try write(text, to: file)
        let output = directory + "/out"
        _ = try NormalizePipeline(options: IngestOptions()).run(paths: [file], to: .directory(output))
        let part = output + "/data/part-00000.jsonl"
        var lines = try String(contentsOfFile: part, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count > 900)
        lines[800] = String(lines[800].prefix(40)) // truncated mid-object
        try write(lines.joined(separator: "\n") + "\n", to: part)
        let store = try EventStore(path: directory + "/case.db", mode: .readWrite)
        let error = try #require(throws: NormalizedFormatError.self) { try run([output], store: store) }
        #expect(error.description.contains("part-00000.jsonl:801"), "\(error)")
        #expect(try store.sources().isEmpty)
        #expect(try store.database.scalarInt("SELECT count(*) FROM event_rows") == 0)
        #expect(try store.database.scalarInt("SELECT count(*) FROM support_sessions") == 0)
    }

    /// Lines are parsed ahead on worker threads, but errors keep their place: a data file that
    /// cannot be read fails the import only when its turn comes, after the sources before it.
    @Test func anUnreadableDataFileFailsInItsTurn() throws {
        let directory = try temporaryDirectory()
        for (name, ticket) in [("a.csv", "TKT-1"), ("b.csv", "TKT-2"), ("c.csv", "TKT-3")] {
            try write(supportHeader + "\(ticket),eng1@vendor.example,US,t.example,,2024-01-01T10:00:00Z,,,,,x\n", to: directory + "/" + name)
        }
        let output = directory + "/out"
        _ = try NormalizePipeline(options: IngestOptions()).run(paths: ["a", "b", "c"].map { directory + "/\($0).csv" }, to: .directory(output))
        // Each source has a data file of its own; the third is replaced by something unreadable.
        // The first source commits (its end is seen in the second file); the second fails when
        // the reader looks past its end into the third.
        let third = output + "/data/part-00002.jsonl"
        #expect(try String(contentsOfFile: third, encoding: .utf8).contains("\"src\":2"))
        try FileManager.default.removeItem(atPath: third)
        try FileManager.default.createDirectory(atPath: third, withIntermediateDirectories: false)
        let store = try EventStore(path: directory + "/case.db", mode: .readWrite)
        #expect(throws: (any Error).self) { try run([output], store: store) }
        #expect(try store.sources().map { ($0.path as NSString).lastPathComponent } == ["a.csv"])
    }
}
