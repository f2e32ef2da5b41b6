import Foundation
import TesseraTestSupport
import Testing

/// End to end: the built binary on the bundled Samples, as an analyst would run it.
@Suite(.serialized) struct CommandLineTests {
    @Test func ingestTwiceQueryAndRefuseWrites() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        let first = try TesseraBinary.run(["ingest", "--store", store, samples])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("ingested"))
        #expect(first.stderr.isEmpty, "progress must not be printed when stderr is not a terminal")

        let count = try TesseraBinary.run(["query", "--store", store, "--format", "csv", "SELECT count(*) AS n FROM events"])
        #expect(count.status == 0)
        let lines = count.stdout.split(separator: "\r\n")
        #expect(lines.first == "n")
        let events = try #require(Int(lines.last ?? ""))
        #expect(events > 0)

        let second = try TesseraBinary.run(["ingest", "--store", store, samples])
        #expect(second.status == 0)
        #expect(second.stdout.contains("already ingested"))
        #expect(second.stdout.contains("events added 0"))
        let again = try TesseraBinary.run(["query", "--store", store, "--format", "csv", "SELECT count(*) AS n FROM events"])
        #expect(again.stdout == count.stdout)

        let delete = try TesseraBinary.run(["query", "--store", store, "DELETE FROM events"])
        #expect(delete.status == 1)
        #expect(delete.stderr.contains("read-only"))
        let after = try TesseraBinary.run(["query", "--store", store, "--format", "csv", "SELECT count(*) AS n FROM events"])
        #expect(after.stdout == count.stdout)

        let bad = try TesseraBinary.run(["query", "--store", store, "SELECT * FROM no_such_table"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("no such table: no_such_table"))
    }

    @Test func verifyPassesThenFailsWhenEvidenceChanges() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        #expect(try TesseraBinary.run(["ingest", "--store", store, samples]).status == 0)
        let ok = try TesseraBinary.run(["verify", "--store", store])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("0 changed or missing"))

        let csv = samples + "/vendor/support_interactions_2023.csv"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: csv))
        handle.seekToEndOfFile()
        handle.write(Data("tampered\n".utf8))
        try handle.close()
        let changed = try TesseraBinary.run(["verify", "--store", store])
        #expect(changed.status == 2)
        #expect(changed.stdout.contains("changed"))
        #expect(changed.stdout.contains("support_interactions_2023.csv"))
    }

    @Test func jsonSummaryAndEnvironmentStore() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        let result = try TesseraBinary.run(["ingest", "--json", samples + "/vendor"], environment: ["TESSERA_STORE": store])
        #expect(result.status == 0)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try #require(summary["files"] as? [[String: Any]])
        #expect(files.count == 3) // the vendor's 2022 CSV, 2023 CSV and 2024 JSONL exports
        for file in files where file["status"] as? String == "ingested" {
            let read = file["records_read"] as? Int ?? -1
            let parts = ["records_stored", "duplicates", "rejects"].map { file[$0] as? Int ?? -1 }
            #expect(read == parts.reduce(0, +))
        }
        #expect(FileManager.default.fileExists(atPath: store))
    }

    @Test func detectionFailureExitsThreeAndStoresNothing() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        let notes = samples + "/notes.txt"
        try Data("meeting notes\n".utf8).write(to: URL(fileURLWithPath: notes))
        let result = try TesseraBinary.run(["ingest", "--store", store, notes])
        #expect(result.status == 3)
        #expect(result.stderr.contains("notes.txt: no plugin recognizes this file"))
        #expect(result.stderr.contains("--plugin"))
    }

    @Test func pluginsAndHelpDescribeThemselves() throws {
        let plugins = try TesseraBinary.run(["plugins", "--format", "csv"])
        #expect(plugins.status == 0)
        #expect(plugins.stdout.contains("support-log"))
        #expect(plugins.stdout.contains("customer-lockbox"))
        for command in ["ingest", "query", "sources", "verify", "plugins"] {
            let help = try TesseraBinary.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Example"), "\(command) --help has no example")
        }
        let badZone = try TesseraBinary.run(["ingest", "--source-tz", "Mars/Base", "x"])
        #expect(badZone.status == 64)
    }

    @Test func csvOutputNeutralizesFormulas() throws {
        let dir = try TesseraBinary.scratchDirectory()
        try Data(
            """
            interaction_id,engineer,start,summary
            =HYPERLINK("http://evil.example"),eng@v.example,2023-01-01T00:00:00Z,@SUM(A1)

            """.utf8
        ).write(to: URL(fileURLWithPath: dir + "/log.csv"))
        #expect(try TesseraBinary.run(["ingest", "--store", dir + "/s.db", dir + "/log.csv"]).status == 0)
        let out = try TesseraBinary.run([
            "query", "--store", dir + "/s.db", "--format", "csv",
            "SELECT interaction_id, summary, start_us FROM support_sessions",
        ])
        #expect(out.stdout.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\",'@SUM(A1),1672531200000000"))
    }
}

@Suite struct MappingCommandLineTests {
    @Test(.realSamples)
    func mappingCheckShowsEventsOfARealSample() throws {
        let result = try TesseraBinary.run([
            "mapping", "check", "google-drive",
            RealSamples.path("sentinel-gworkspace-drive-box/GWorkspace_ReportsAPI_drive_CL.json"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("google"))
    }

    @Test func aBrokenUserMappingNamesFileAndLine() throws {
        let dir = try TesseraBinary.scratchDirectory()
        try Data("name: broken\ninput:\n  kind: csv\n  nonsense_key: [\n".utf8).write(to: URL(fileURLWithPath: dir + "/broken.yaml"))
        let result = try TesseraBinary.run(["plugins", "--mapping", dir + "/broken.yaml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken.yaml"))
    }
}

@Suite struct CorrelateCommandLineTests {
    @Test func correlateSamplesRaisesFindingsAndIsRerunnable() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        #expect(try TesseraBinary.run(["ingest", "--store", store, samples]).status == 0)
        let first = try TesseraBinary.run(["correlate", "--store", store])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("findings:"))
        let second = try TesseraBinary.run(["correlate", "--store", store, "--slack", "30m"])
        #expect(second.status == 0)
        let runs = try TesseraBinary.run(["query", "--store", store, "--format", "csv", "SELECT count(*) FROM correlation_runs"])
        #expect(runs.stdout.hasSuffix("2\r\n"))
        // Offshore engineers on government tickets break the default policy.
        let located = try TesseraBinary.run([
            "query", "--store", store, "--format", "csv",
            "SELECT DISTINCT interaction_id FROM findings WHERE rule = 'personnel-location-not-allowed' ORDER BY 1",
        ])
        #expect(located.stdout.contains("TKT-2023-0467"))
        #expect(!located.stdout.contains("TKT-2023-0412"))
    }

    @Test func defaultPolicyPrintsAndBadPolicyIsExplained() throws {
        let policy = try TesseraBinary.run(["correlate", "--print-default-policy"])
        #expect(policy.status == 0)
        #expect(policy.stdout.contains("customer_classes:"))
        let dir = try TesseraBinary.scratchDirectory()
        try Data("version: 1\nwindows:\n  slack_minuts: 5\n".utf8).write(to: URL(fileURLWithPath: dir + "/p.yaml"))
        let bad = try TesseraBinary.run(["correlate", "--store", dir + "/s.db", "--policy", dir + "/p.yaml"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("p.yaml"))
        #expect(bad.stderr.contains("slack_minuts"))
    }
}
