import Foundation
import Testing

/// `tessera-generate evidence FORMAT`: each format writes the same bytes for the same seed, the
/// plugin that reads that format claims the file, and every record is read and accounted for.
@Suite struct GeneratedEvidenceTests {
    private static var generator: URL {
        TesseraBinary.url.deletingLastPathComponent().appendingPathComponent("tessera-generate")
    }

    /// Runs `tessera-generate evidence ARGUMENTS`; returns its one output line.
    private func generate(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = Self.generator
        process.arguments = ["evidence"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "tessera-generate evidence \(arguments)")
        return text
    }

    /// The `sources` row of the one file ingested into a fresh store.
    private func ingest(_ path: String, directory: String) throws -> [String: Any] {
        let store = directory + "/case.db"
        let ingest = try TesseraBinary.run(["ingest", "--store", store, path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let query = try TesseraBinary.run([
            "query", "--store", store, "--format", "json",
            "SELECT plugin, records_read, records_stored, duplicates, rejects, events_stored FROM sources",
        ])
        #expect(query.status == 0, "\(query.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]] ?? []
        return try #require(rows.count == 1 ? rows[0] : nil, "one source expected, got \(rows)")
    }

    private static let formats: [(format: String, plugin: String, file: String)] = [
        ("purview-csv", "m365-ual", "audit.csv"),
        ("exchange-xml", "exchange-audit", "SearchResult.xml"),
        ("support-log", "support-log", "support.csv"),
        ("ual-for-sessions", "m365-ual", "ual.csv"),
        ("azure-activity", "azure-monitor", "activity.json"),
        ("azure-keyvault", "azure-monitor", "keyvault.json"),
        ("azure-signins-jsonl", "azure-monitor", "signins.jsonl"),
        ("azure-signins-csv", "azure-monitor", "SigninLogs.csv"),
    ]

    @Test(arguments: formats)
    func sameSeedSameBytesAndTheRightPluginReadsEveryRecord(format: String, plugin: String, file: String) throws {
        let dir = try TesseraBinary.scratchDirectory()
        let records = 300
        let expected = format == "ual-for-sessions" ? records * 3 : records
        let first = dir + "/a/" + file
        let line = try generate([format, "--records", "\(records)", "--seed", "9", "--per-session", "3", "--out", first])
        #expect(line.contains(": \(expected) records,"), "\(line)")
        _ = try generate([format, "--records", "\(records)", "--seed", "9", "--per-session", "3", "--out", dir + "/b/" + file])
        _ = try generate([format, "--records", "\(records)", "--seed", "10", "--per-session", "3", "--out", dir + "/c/" + file])
        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: dir + "/b/" + file))), "same seed, same bytes")
        #expect(a != (try Data(contentsOf: URL(fileURLWithPath: dir + "/c/" + file))), "another seed, other bytes")

        let source = try ingest(first, directory: dir)
        #expect(source["plugin"] as? String == plugin)
        let read = source["records_read"] as? Int ?? -1
        let stored = source["records_stored"] as? Int ?? -1
        let duplicates = source["duplicates"] as? Int ?? -1
        #expect(read == expected)
        #expect(source["rejects"] as? Int == 0)
        #expect(stored + duplicates == read)
        #expect((source["events_stored"] as? Int ?? 0) >= stored)
        if format == "purview-csv" {
            #expect(duplicates > 0, "an export repeats some rows")
        } else {
            #expect(duplicates == 0)
        }
    }

    @Test func sizeTargetStopsAtTheFirstWholeRecordPastIt() throws {
        let dir = try TesseraBinary.scratchDirectory()
        let path = dir + "/SearchResult.xml"
        let line = try generate(["exchange-xml", "--size-mb", "0.25", "--out", path])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size >= 262_144 && size < 262_144 + 4096, "\(size) bytes")
        let events = try #require(line.split(separator: " ").firstIndex(of: "records,").map { Int(line.split(separator: " ")[$0 - 1]) } ?? nil)
        let source = try ingest(path, directory: dir)
        #expect(source["records_read"] as? Int == events)
        #expect(source["rejects"] as? Int == 0)
    }

    @Test func ualForSessionsFallsInsideTheSupportLogsSessions() throws {
        let dir = try TesseraBinary.scratchDirectory()
        _ = try generate(["support-log", "--records", "40", "--seed", "5", "--out", dir + "/support.csv"])
        _ = try generate(["ual-for-sessions", "--records", "40", "--per-session", "4", "--seed", "5", "--out", dir + "/ual.csv"])
        let store = dir + "/case.db"
        let ingest = try TesseraBinary.run(["ingest", "--store", store, dir + "/support.csv", dir + "/ual.csv"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        // No slack: the default policy's would count "a minute after the end" as inside the window.
        let correlate = try TesseraBinary.run(["correlate", "--store", store, "--slack", "0"])
        #expect(correlate.status == 0, "\(correlate.stderr)")
        let query = try TesseraBinary.run([
            "query", "--store", store, "--format", "csv",
            "SELECT (SELECT count(*) FROM attributions) AS attributed, (SELECT count(*) FROM unattributed_support_access) AS outside",
        ])
        #expect(query.status == 0, "\(query.stderr)")
        // 160 events: three in four inside their session, every fourth a minute after it ended.
        #expect(query.stdout.split(whereSeparator: \.isNewline).last == "120,40", "\(query.stdout)")
    }

    @Test func refusesAMissingOrDoubleCount() throws {
        let dir = try TesseraBinary.scratchDirectory()
        for arguments in [
            ["purview-csv", "--out", dir + "/x.csv"],
            ["purview-csv", "--records", "5", "--size-mb", "1", "--out", dir + "/x.csv"],
            ["ual-for-sessions", "--size-mb", "1", "--out", dir + "/x.csv"],
            ["no-such-format", "--records", "5", "--out", dir + "/x.csv"],
        ] {
            let process = Process()
            process.executableURL = Self.generator
            process.arguments = ["evidence"] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 64, "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.csv"))
    }
}
