import Foundation
import TesseraTestSupport
import Testing

/// Stores that cannot be used as asked — full disk, read-only media, a newer schema, not a
/// Tessera store — through the CLI: a clear message, a non-zero exit, and the store unchanged.
@Suite(.serialized) struct StoreConditionsTests {
    static func shell(_ command: String) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe; process.standardError = pipe
        do { try process.run() } catch { return (127, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func sha256(_ path: String) -> String { shell("sha256sum '\(path)'").output.split(separator: " ").first.map(String.init) ?? "" }

    static func tempDirectory() throws -> String {
        try makeTemporaryDirectory("store")
    }

    /// Mounts a small tmpfs (tests run as root in CI); nil when this machine does not allow it.
    static func mountTmpfs(megabytes: Int) throws -> String? {
        let dir = try tempDirectory()
        return shell("mount -t tmpfs -o size=\(megabytes)m tmpfs '\(dir)'").status == 0 ? dir : nil
    }
    static let canMount: Bool = {
        guard let dir = try? mountTmpfs(megabytes: 1) else { return false }
        _ = shell("umount '\(dir)'")
        return true
    }()

    /// What a reader sees of a store: integrity, sources with their counts, row counts.
    static func snapshot(_ store: String) throws -> String {
        let result = try TesseraBinary.run([
            "query", "--store", store, "--format", "csv",
            """
            SELECT (SELECT group_concat(source_id || ':' || sha256 || ':' || records_read || ':' || events_stored, ';') FROM sources) AS sources,
                   (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM rejects) AS rejects
            """,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let integrity = try TesseraBinary.run(["query", "--store", store, "--format", "csv", "PRAGMA integrity_check"])
        #expect(integrity.stdout == "integrity_check\r\nok\r\n", "\(integrity.stdout)\(integrity.stderr)")
        return result.stdout
    }

    static func supportLog(rows: Int, to path: String) throws {
        try writeLarge(path, prefix: BadInputCorpus.slHeader, chunk: "", count: 0, suffix: (1...rows).map { BadInputCorpus.slRow("BIG-\($0)") }.joined())
    }

    @Test func diskFullFailsClearlyAndKeepsTheStore() throws {
        let evidence = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: evidence) }
        try Self.supportLog(rows: 10_000, to: evidence + "/big.csv")
        let store: String
        var limit: [String] = []
        if let mounted = try Self.mountTmpfs(megabytes: 4) {
            store = mounted + "/case.db"
        } else {
            // No mount here: the store's files may not grow past 4 MiB (RLIMIT_FSIZE, with SIGXFSZ
            // ignored so the write fails with EFBIG instead of killing the process).
            store = evidence + "/case.db"
            limit = ["--fsize=\(4 << 20)"]
        }
        defer { if limit.isEmpty { _ = Self.shell("umount -l '\(URL(fileURLWithPath: store).deletingLastPathComponent().path)'") } }

        #expect(try TesseraBinary.run(["ingest", "--store", store, TesseraBinary.packageRoot + "/Samples/vendor"]).status == 0)
        let before = try Self.snapshot(store)
        let command =
            "trap '' XFSZ; exec prlimit \(limit.joined(separator: " ")) -- '\(TesseraBinary.url.path)' ingest --store '\(store)' '\(evidence)/big.csv' 2>&1"
        let full = Self.shell(command)
        #expect(full.status == 1, "\(full.output)")
        #expect(full.output.contains(limit.isEmpty ? "disk holding the store is full" : "store"), "\(full.output)")
        #expect(full.output.contains("big.csv"), "the message names the file that was not stored: \(full.output)")
        #expect(try Self.snapshot(store) == before, "the store changed")
        // Once there is room again, the same file goes in whole.
        if limit.isEmpty { _ = Self.shell("mount -o remount,size=512m '\(URL(fileURLWithPath: store).deletingLastPathComponent().path)'") }
        let retry = try TesseraBinary.run(["ingest", "--store", store, "--json", evidence + "/big.csv"])
        if limit.isEmpty {
            #expect(retry.status == 0, "\(retry.stderr)")
            #expect(retry.stdout.contains("\"records_stored\":10000"), "\(retry.stdout)")
        }
    }

    @Test(.enabled(if: canMount, "needs mount -t tmpfs (root); root ignores file modes, so only a read-only mount makes a store honestly read-only"))
    func readOnlyStoreRefusesWritesAndStillAnswersQueries() throws {
        let mounted = try #require(try Self.mountTmpfs(megabytes: 8))
        defer { _ = Self.shell("umount -l '\(mounted)'") }
        let store = mounted + "/case.db"
        #expect(try TesseraBinary.run(["ingest", "--store", store, TesseraBinary.packageRoot + "/Samples/vendor"]).status == 0)
        let before = try Self.snapshot(store)
        let hash = Self.sha256(store)
        #expect(Self.shell("mount -o remount,ro '\(mounted)'").status == 0)

        let ingest = try TesseraBinary.run(["ingest", "--store", store, TesseraBinary.packageRoot + "/Samples/lockbox"])
        #expect(ingest.status == 1)
        #expect(ingest.stderr.contains("the store \(store) is read-only"), "\(ingest.stderr)")
        let correlate = try TesseraBinary.run(["correlate", "--store", store])
        #expect(correlate.status == 1)
        #expect(correlate.stderr.contains("read-only"), "\(correlate.stderr)")
        let create = try TesseraBinary.run(["ingest", "--store", mounted + "/new.db", TesseraBinary.packageRoot + "/Samples/lockbox"])
        #expect(create.status == 1)
        #expect(create.stderr.contains("cannot open the store \(mounted)/new.db"), "\(create.stderr)")

        // Investigators read stores on write-protected media: query must still work there.
        let query = try TesseraBinary.run(["query", "--store", store, "--format", "csv", "SELECT count(*) AS n FROM events"])
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout.hasPrefix("n\r\n"))
        #expect(try Self.snapshot(store) == before)
        #expect(Self.sha256(store) == hash)
    }

    @Test func newerSchemaIsRefusedByEveryCommandAndLeftUnchanged() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        #expect(try TesseraBinary.run(["ingest", "--store", store, samples + "/vendor"]).status == 0)
        #expect(Self.shell("sqlite3 '\(store)' 'PRAGMA user_version = 99'").status == 0)
        let hash = Self.sha256(store)
        for arguments in [["ingest", samples + "/lockbox"], ["correlate"], ["query", "SELECT 1"], ["sources"], ["verify"]] {
            let result = try TesseraBinary.run([arguments[0], "--store", store] + arguments.dropFirst())
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("\(store) has store schema version 99, newer than this tessera supports"), "\(arguments): \(result.stderr)")
        }
        #expect(Self.sha256(store) == hash)
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: store + "-wal"))) ?? Data()
        #expect(wal.isEmpty, "nothing was written to the WAL either")
    }

    @Test func notATesseraStoreIsRefusedAndLeftUnchanged() throws {
        let dir = try Self.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let otherDatabase = dir + "/other.db", textFile = dir + "/notes.db", empty = dir + "/empty.db"
        #expect(Self.shell("sqlite3 '\(otherDatabase)' 'CREATE TABLE t(x); INSERT INTO t VALUES (1)'").status == 0)
        try Data("case notes, not a database\n".utf8).write(to: URL(fileURLWithPath: textFile))
        for store in [otherDatabase, textFile] {
            let hash = Self.sha256(store)
            for arguments in [["ingest", TesseraBinary.packageRoot + "/Samples/vendor"], ["correlate"], ["query", "SELECT 1"], ["sources"]] {
                let result = try TesseraBinary.run([arguments[0], "--store", store] + arguments.dropFirst())
                #expect(result.status == 1, "\(store) \(arguments)")
                #expect(result.stderr.contains("\(store) is not a Tessera store"), "\(arguments): \(result.stderr)")
            }
            #expect(Self.sha256(store) == hash, "\(store) changed")
        }
        // An empty file is an empty database: it becomes a store (nothing is lost by that).
        _ = FileManager.default.createFile(atPath: empty, contents: nil)
        #expect(try TesseraBinary.run(["ingest", "--store", empty, TesseraBinary.packageRoot + "/Samples/vendor"]).status == 0)
    }

    /// `tessera query` while an ingest runs (WAL): every answer shows the big file either not at
    /// all or whole, and the events always match what the sources claim.
    @Test func queriesDuringAnIngestSeeOldOrNewStateNeverHalf() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        #expect(try TesseraBinary.run(["ingest", "--store", store, samples + "/vendor"]).status == 0)
        let rows = 15_000
        let caseDirectory = URL(fileURLWithPath: store).deletingLastPathComponent().path
        defer { try? FileManager.default.removeItem(atPath: caseDirectory) }
        let big = caseDirectory + "/big.csv"
        try Self.supportLog(rows: rows, to: big)
        let sql = """
            SELECT (SELECT count(*) FROM sources) AS sources, (SELECT count(*) FROM events) AS events,
                   (SELECT coalesce(sum(events_stored), 0) FROM sources) AS claimed,
                   (SELECT count(*) FROM support_sessions) AS sessions
            """
        func observe() throws -> [Int] {
            let result = try TesseraBinary.run(["query", "--store", store, "--format", "csv", sql])
            #expect(result.status == 0, "a query failed during the ingest: \(result.stderr)")
            let values = result.stdout.split(separator: "\r\n").last.map { $0.split(separator: ",").compactMap { Int($0) } } ?? []
            #expect(values.count == 4, "\(result.stdout)")
            return values
        }
        let old = try observe()

        let ingest = Process()
        ingest.executableURL = TesseraBinary.url
        ingest.arguments = ["ingest", "--store", store, big]
        ingest.standardOutput = FileHandle.nullDevice; ingest.standardError = FileHandle.nullDevice
        try ingest.run()
        var seen: [[Int]] = []
        var duringIngest = 0
        var reportsDuringIngest = 0
        while ingest.isRunning {
            seen.append(try observe())
            if ingest.isRunning { duringIngest += 1 }
            // A report reads in one transaction too: it must work and count either state, never half.
            if reportsDuringIngest < 3 {
                let report = try TesseraBinary.run([
                    "report", "--store", store, "--format", "markdown",
                    "--output", caseDirectory + "/during.md",
                ])
                #expect(report.status == 0, "a report failed during the ingest: \(report.stderr)")
                let text = try String(contentsOfFile: caseDirectory + "/during.md", encoding: .utf8)
                #expect(
                    text.contains("| Evidence sources | \(old[0]) |") || text.contains("| Evidence sources | \(old[0] + 1) |"),
                    "the report's source count is neither the old nor the new state")
                reportsDuringIngest += 1
            }
        }
        ingest.waitUntilExit()
        #expect(ingest.terminationStatus == 0)
        let new = try observe()
        #expect(new[0] == old[0] + 1 && new[3] == old[3] + rows, "the ingest stored the file: \(old) -> \(new)")
        #expect(duringIngest > 0, "no query ran while the ingest did")
        for values in seen {
            #expect(values == old || values == new, "a reader saw \(values); allowed: \(old) or \(new)")
            #expect(values.count == 4 && values[1] == values[2], "events do not match the sources' counts: \(values)")
        }
    }
}
