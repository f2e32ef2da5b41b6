import Foundation
import Testing

/// `tessera-generate` writes a case whose ground truth correlation must reproduce exactly, and the
/// same bytes for the same seed.
@Suite struct GeneratedCaseTests {
    private static var generator: URL {
        TesseraBinary.url.deletingLastPathComponent().appendingPathComponent("tessera-generate")
    }

    private func generate(seed: Int, interactions: Int, events: Int) throws -> String {
        let dir = NSTemporaryDirectory() + "tessera-gen-" + UUID().uuidString
        let process = Process()
        process.executableURL = Self.generator
        process.arguments = [
            "--out", dir, "--seed", String(seed), "--interactions", String(interactions),
            "--events", String(events),
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return dir
    }

    private func rows(_ store: String, _ sql: String) throws -> [String] {
        let result = try TesseraBinary.run(["query", "--store", store, "--format", "json", sql])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return objects.map { object in object.values.first.map { "\($0)" } ?? "" }
    }

    @Test func correlationFindsExactlyTheGroundTruth() throws {
        let dir = try generate(seed: 7, interactions: 60, events: 3000)
        let truth = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: dir + "/ground-truth.json"))) as? [String: Any])
        let store = dir + ".db"
        let ingest = try TesseraBinary.run(["ingest", "--store", store, dir])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("rejects 0; events added \(truth["events_expected"] as? Int ?? -1)"), "\(ingest.stdout)")
        let correlate = try TesseraBinary.run([
            "correlate", "--store", store, "--policy", dir + "/policy.yaml",
            "--aliases", dir + "/aliases.csv",
        ])
        #expect(correlate.status == 0, "\(correlate.stderr)")

        let expectedFindings = (truth["findings"] as? [[String: String]] ?? []).map {
            "\($0["rule"] ?? "")|\($0["interaction_id"] ?? "")|\($0["identity"] ?? "")"
        }.sorted()
        #expect(expectedFindings.count > 20)
        let found = try rows(
            store,
            """
            SELECT rule || '|' || coalesce(interaction_id, '') || '|'
                   || CASE WHEN rule = 'access-outside-window' THEN substr(summary, 1, instr(summary, ': ') - 1) ELSE '' END
            FROM findings
            """
        ).sorted()
        #expect(found == expectedFindings)
        // Every rule the generator plants is present in this case.
        let rules = Set(expectedFindings.map { $0.split(separator: "|", omittingEmptySubsequences: false)[0] })
        #expect(
            rules == [
                "personnel-location-not-allowed", "clearance-missing", "access-outside-window", "resource-outside-scope",
                "privileged-operation", "bulk-access", "unlisted-identity-from-session-ip",
            ])

        let expectedAccess = (truth["interactions"] as? [[String: Any]] ?? []).compactMap { item -> String? in
            let count = item["attributed_events"] as? Int ?? 0
            return count == 0 ? nil : "\(item["interaction_id"] ?? "")|\(count)"
        }.sorted()
        let access = try rows(
            store,
            """
            SELECT interaction_id || '|' || sum(event_count) FROM interaction_access GROUP BY interaction_id
            """
        ).sorted()
        #expect(access == expectedAccess)
        #expect(
            try rows(store, "SELECT count(*) FROM unattributed_support_access")
                == ["\(truth["unattributed_support_events"] as? Int ?? -1)"])
    }

    @Test func sameSeedSameBytesOtherSeedOtherCase() throws {
        let a = try generate(seed: 42, interactions: 30, events: 800)
        let b = try generate(seed: 42, interactions: 30, events: 800)
        let c = try generate(seed: 43, interactions: 30, events: 800)
        let files = try FileManager.default.subpathsOfDirectory(atPath: a).filter { !$0.hasSuffix("/") }.sorted()
        #expect(files.contains("m365/purview_audit.csv"))
        #expect(files.contains("exchange/mailbox_audit_SearchResult.xml"))
        #expect(files.contains { $0.hasPrefix("aws/") })
        #expect(try FileManager.default.subpathsOfDirectory(atPath: b).sorted() == files)
        for file in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: a + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            #expect(FileManager.default.contentsEqual(atPath: a + "/" + file, andPath: b + "/" + file), "\(file)")
        }
        #expect(!FileManager.default.contentsEqual(atPath: a + "/ground-truth.json", andPath: c + "/ground-truth.json"))
    }
}
