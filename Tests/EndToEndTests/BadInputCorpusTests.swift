import Foundation
import Testing

/// Runs the built `tessera ingest` on every case of the bad-input corpus, each into a fresh
/// store, under an address-space limit and a time limit, and checks what the analyst sees and
/// what the store holds.
@Suite(.serialized) struct BadInputCorpusTests {
    /// Address space the ingest may map (`prlimit --as`): exceeding it makes allocation fail,
    /// which crashes the process and fails the case.
    static let addressSpaceLimit = 4 << 30
    /// Peak resident memory allowed (from `/usr/bin/time`), in KiB.
    static let residentLimitKiB = 1_536 * 1024
    /// Generous, for a loaded two-core machine; a hang is killed and fails the case.
    static let timeout: TimeInterval = 180

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var peakKiB: Int
        var signalled: Bool
    }

    /// Runs `tessera` under `/usr/bin/time` (peak RSS), `timeout` (SIGKILL after `timeout`
    /// seconds) and `prlimit`. `timeout` passes a signal death on as exit status 128 + signal.
    static func runLimited(_ arguments: [String], in directory: String) throws -> Run {
        let timeFile = directory + "/time.txt"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments =
            [
                "-f", "%M %x", "-o", timeFile, "timeout", "--signal=KILL", "\(Int(timeout))", "prlimit", "--as=\(addressSpaceLimit)", "--",
                TesseraBinary.url.path,
            ] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let outFile = directory + "/out.txt", errFile = directory + "/err.txt"
        _ = FileManager.default.createFile(atPath: outFile, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outFile))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errFile))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus == 137 {
            Issue.record("killed (timed out after \(Int(timeout)) s, or out of memory): tessera \(arguments.joined(separator: " "))")
        }
        let timing = (try? String(contentsOfFile: timeFile, encoding: .utf8)) ?? ""
        let last = timing.split(separator: "\n").last.map(String.init) ?? ""
        return Run(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: outFile, encoding: .utf8)) ?? "",
            stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errFile))) ?? Data(), as: UTF8.self),
            peakKiB: Int(last.split(separator: " ").first ?? "") ?? -1,
            signalled: process.terminationStatus >= 128 || process.terminationReason == .uncaughtSignal)
    }

    static func query(_ store: String, _ sql: String) throws -> [[String: Any]] {
        let result = try TesseraBinary.run(["query", "--store", store, "--format", "json", sql])
        guard result.status == 0 else { throw QueryFailed(message: result.stderr) }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }
    struct QueryFailed: Error { var message: String }

    @Test(arguments: BadInputCorpus.all)
    func ingestBadInput(_ input: BadInput) throws {
        let dir = NSTemporaryDirectory() + "tessera-bad-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let evidence = dir + "/evidence"
        try FileManager.default.createDirectory(atPath: evidence, withIntermediateDirectories: true)
        let path = evidence + "/" + input.name
        try input.make(path)
        let store = dir + "/case.db"

        var arguments = ["ingest", "--store", store, "--json"]
        if let plugin = input.plugin { arguments += ["--plugin", plugin] }
        arguments.append(path)
        let run = try Self.runLimited(arguments, in: dir)
        let transcript = "exit \(run.status)\nstdout: \(run.stdout.prefix(2000))\nstderr: \(run.stderr.prefix(2000))"

        #expect(!run.signalled, "tessera crashed: \(transcript)")
        #expect(run.peakKiB > 0 && run.peakKiB < Self.residentLimitKiB, "peak RSS \(run.peakKiB) KiB")

        switch input.outcome {
        case .refused(let because):
            #expect(run.status != 0, "expected a refusal: \(transcript)")
            #expect(run.stderr.contains(input.name) || run.stdout.contains(input.name), "the message must name the file: \(transcript)")
            if let because {
                #expect(run.stderr.localizedCaseInsensitiveContains(because) || run.stdout.localizedCaseInsensitiveContains(because), "\(transcript)")
            }
            if FileManager.default.fileExists(atPath: store) {
                let sources = try Self.query(store, "SELECT count(*) AS n FROM sources")
                #expect(sources.first?["n"] as? Int == 0, "a refused file must leave no source")
            }
        case .skipped:
            #expect(run.status == 0, "\(transcript)")
            #expect(run.stdout.contains("skipped"), "\(transcript)")
        case .ingested(let minRejects, let minStored):
            #expect(run.status == 0, "expected the file to be ingested: \(transcript)")
            let sources = try Self.query(
                store,
                """
                SELECT s.path, s.records_read, s.records_stored, s.duplicates, s.rejects, s.events_stored,
                       (SELECT count(*) FROM events e WHERE e.source_id = s.source_id) AS event_rows,
                       (SELECT count(*) FROM rejects r WHERE r.source_id = s.source_id) AS reject_rows,
                       (SELECT count(*) FROM rejects r WHERE r.source_id = s.source_id AND (r.locator = '' OR r.reason = '')) AS unnamed_rejects
                FROM sources s
                """)
            #expect(sources.count == 1, "\(transcript)")
            for source in sources {
                let n = { (key: String) in source[key] as? Int ?? -1 }
                #expect((source["path"] as? String)?.contains(input.name) == true)
                #expect(n("records_read") == n("records_stored") + n("duplicates") + n("rejects"), "records read = stored + duplicates + rejects: \(source)")
                #expect(n("event_rows") == n("events_stored"), "\(source)")
                #expect(n("reject_rows") == n("rejects"), "\(source)")
                #expect(n("unnamed_rejects") == 0, "every reject has a locator and a reason")
                #expect(n("rejects") >= minRejects, "\(source) \(transcript)")
                #expect(n("records_stored") >= minStored, "\(source) \(transcript)")
            }
            // Each reject names file:locator and a reason (the summary points the analyst at them).
            let rejects = try Self.query(store, "SELECT s.path || ':' || r.locator AS at, r.reason FROM rejects r JOIN sources s USING (source_id)")
            for reject in rejects {
                #expect((reject["at"] as? String)?.contains("\(input.name):") == true && !((reject["reason"] as? String) ?? "").isEmpty, "\(reject)")
            }
            if !rejects.isEmpty { #expect(run.stdout.contains("\"rejects\":\(rejects.count)"), "\(transcript)") }
        }

        if let secret = input.mustNotStore, FileManager.default.fileExists(atPath: store) {
            let leaked = try Self.query(
                store,
                "SELECT (SELECT count(*) FROM events WHERE raw LIKE '%\(secret)%' OR details LIKE '%\(secret)%' OR message LIKE '%\(secret)%') + (SELECT count(*) FROM rejects WHERE raw LIKE '%\(secret)%' OR reason LIKE '%\(secret)%') AS n"
            )
            #expect(leaked.first?["n"] as? Int == 0, "external entity content reached the store")
        }
    }

    @Test func corpusCoversEveryFormat() {
        #expect(BadInputCorpus.all.count >= 40)
        #expect(Set(BadInputCorpus.all.map(\.name)).count == BadInputCorpus.all.count)
        let prefixes = ["sl-", "lb-", "ex-", "ual-", "ct-", "box-", "drive-", "s3-", "azure-"]
        for prefix in prefixes { #expect(BadInputCorpus.all.contains { $0.name.hasPrefix(prefix) }, "no case for \(prefix)") }
    }
}
