import Foundation
import Testing

/// `tessera normalize` on the command line: the streamed form the Spark job reads, the directory
/// form `tessera ingest` reads, and a keep plan's prune.
@Suite struct NormalizeCommandTests {
    @Test func standardOutputHoldsEachFilesLinesThenItsManifest() throws {
        let (samples, _) = try TesseraBinary.caseDirectory()
        let file = samples + "/vendor/support_interactions_2023.csv"
        let result = try TesseraBinary.run(["normalize", "--output", "-", "--first-source", "7", file])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"normalized\":1,\"type\":\"") })
        #expect(lines.allSatisfy { $0.contains("\"src\":7,") })
        let manifest = try #require(lines.last.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(manifest["type"] as? String == "source")
        #expect(manifest["plugin"] as? String == "support-log")
        #expect((manifest["sha256"] as? String)?.count == 64)
        let read = manifest["records_read"] as? Int, stored = manifest["records_stored"] as? Int
        #expect(read == stored && lines.count - 1 >= read ?? 0)
        #expect(result.stderr.contains("normalized")) // the summary goes to standard error
    }

    @Test func aKeepPlanPrunesButTheManifestCountsEverything() throws {
        let (samples, _) = try TesseraBinary.caseDirectory()
        let dir = try TesseraBinary.scratchDirectory()
        // A plan that keeps nothing beyond what is always kept (support records, logons).
        let plan = #"{"identities":[],"actor_types":[],"windows":[]}"#
        try Data(plan.utf8).write(to: URL(fileURLWithPath: dir + "/plan.json"))
        let drive = samples + "/gdrive" // Drive activity names no logon
        let result = try TesseraBinary.run(["normalize", "--output", "-", "--keep", dir + "/plan.json", drive])
        #expect(result.status == 0, "\(result.stderr)")
        let objects = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let manifest = try #require(objects.first { $0["type"] as? String == "source" })
        #expect(manifest["events_kept"] as? Int == 0)
        #expect(manifest["events_stored"] as? Int ?? 0 > 0)
        #expect(objects.contains { $0["type"] as? String == "counts" })
        #expect(!objects.contains { $0["type"] as? String == "event" })
    }

    @Test func aDirectoryOutputIngestsLikeTheEvidence() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        let out = try TesseraBinary.scratchDirectory() + "/normalized"
        #expect(try TesseraBinary.run(["normalize", samples, "--output", out]).status == 0)
        let ingest = try TesseraBinary.run(["ingest", "--store", store, out])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("duplicates 1"))
        let again = try TesseraBinary.run(["normalize", samples, "--output", out])
        #expect(again.status != 0 && again.stderr.contains("not empty"))
    }
}
