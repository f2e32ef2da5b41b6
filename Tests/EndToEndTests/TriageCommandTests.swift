import Foundation
import Testing

/// `tessera triage` on the Samples case, run through the built binary: verdicts survive
/// re-correlation, changed evidence is flagged, reviews travel between stores of the same
/// evidence (and only those), and a row edited on disk fails `tessera verify`.
@Suite struct TriageCommandTests {
    /// Runs tessera and requires exit 0; returns standard output.
    @discardableResult
    func ok(_ arguments: [String], analyst: String = "A. Rivera") throws -> String {
        let r = try TesseraBinary.run(arguments, environment: ["TESSERA_ANALYST": analyst])
        #expect(r.status == 0, "tessera \(arguments.joined(separator: " ")) exited \(r.status): \(r.stderr)")
        return r.stdout
    }

    func ingestAndCorrelate(_ samples: String, store: String, paths: [String]? = nil) throws {
        try ok(["ingest", "--store", store] + (paths ?? [samples]))
        try ok(["correlate", "--store", store, "--policy", samples + "/policy.yaml", "--aliases", samples + "/aliases.csv"])
    }

    /// The finding id of `rule` on `interaction` in the store's latest run.
    func findingID(_ store: String, _ rule: String, _ interaction: String) throws -> String {
        let out = try ok([
            "query", "--store", store, "--format", "csv",
            "SELECT finding_id FROM findings WHERE rule = '\(rule)' AND interaction_id = '\(interaction)'",
        ])
        return try #require(out.split(separator: "\r\n").dropFirst().first.map(String.init))
    }

    /// `triage list --format json` rows as dictionaries.
    func list(_ store: String, _ extra: [String] = []) throws -> [[String: Any]] {
        let out = try ok(["triage", "list", "--store", store, "--format", "json"] + extra)
        return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
    }

    @Test func verdictsSurviveReCorrelationAndChangedEvidenceIsFlagged() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        // First without the unified audit log: Maryam Okafor's location finding rests on her session alone.
        let ual = samples + "/../purview.csv"
        try FileManager.default.moveItem(atPath: samples + "/m365/purview_audit_fedagency_2023-2024.csv", toPath: ual)
        try ingestAndCorrelate(samples, store: store)
        let okafor = try findingID(store, "personnel-location-not-allowed", "TKT-2024-0198")
        let miller = try findingID(store, "unlisted-identity-from-session-ip", "TKT-2024-0356")
        try ok(["triage", "finding", okafor, "--store", store, "--status", "confirmed", "--comment", "Lagos is outside the contract"])
        try ok(["triage", "finding", miller, "--store", store, "--status", "needs-review"])
        try ok(
            [
                "triage", "finding", miller, "--store", store, "--status", "confirmed", "--tag", "exfiltration",
                "--comment", "the contractor downloaded the tracker from Miller's IP",
            ], analyst: "B. Chen")
        // The audit log arrives: correlation raises more findings (new ids) and Okafor's finding gains 7 downloads.
        try FileManager.default.moveItem(atPath: ual, toPath: samples + "/m365/purview_audit_fedagency_2023-2024.csv")
        try ingestAndCorrelate(samples, store: store)
        let newMiller = try findingID(store, "unlisted-identity-from-session-ip", "TKT-2024-0356")
        let newOkafor = try findingID(store, "personnel-location-not-allowed", "TKT-2024-0198")
        #expect(newMiller != miller, "the run numbered the findings differently")
        let rows = try list(store)
        let millerRow = try #require(rows.first { $0["target"] as? String == "finding #\(newMiller)" })
        #expect(millerRow["state"] as? String == "reviewed" && millerRow["status"] as? String == "confirmed")
        #expect(millerRow["analyst"] as? String == "B. Chen" && millerRow["history"] as? Int == 2)
        #expect(millerRow["tags"] as? String == "exfiltration")
        let okaforRow = try #require(rows.first { $0["target"] as? String == "finding #\(newOkafor)" })
        #expect(okaforRow["state"] as? String == "evidence changed since review")
        #expect(try list(store, ["--status", "evidence-changed"]).count == 1)
        // Every other finding of the run is unreviewed (Samples/README.md lists them).
        let findings = try ok(["query", "--store", store, "--format", "csv", "SELECT count(*) FROM findings"])
        let unreviewed = try #require(Int(findings.split(separator: "\r\n").last ?? "")) - 2
        #expect(try list(store, ["--status", "unreviewed"]).count == unreviewed)
        // The report says so, next to the finding.
        let report = NSTemporaryDirectory() + "tessera-triage-\(UUID().uuidString).md"
        defer { try? FileManager.default.removeItem(atPath: report) }
        try ok(["report", "--store", store, "--format", "markdown", "--output", report])
        let md = try String(contentsOfFile: report, encoding: .utf8)
        #expect(md.contains("**evidence changed since review**: it was reviewed as confirmed for other evidence"))
        #expect(
            md.contains("| Findings by triage status | 1 confirmed, \(unreviewed) unreviewed, 1 evidence\\-changed")
                || md.contains("| Findings by triage status | 1 confirmed, \(unreviewed) unreviewed, 1 evidence-changed"))
    }

    @Test func reviewsTravelBetweenStoresOfTheSameEvidenceOnly() throws {
        let (samples, a) = try TesseraBinary.caseDirectory()
        let dir = (a as NSString).deletingLastPathComponent
        let b = dir + "/b.db", other = dir + "/other.db", file = dir + "/review.jsonl"
        try ingestAndCorrelate(samples, store: a)
        try ingestAndCorrelate(samples, store: b)
        try ok([
            "triage", "finding", try findingID(a, "privileged-operation", "TKT-2024-0233"), "--store", a, "--status", "benign",
            "--tag", "approved-change", "--comment", "=HYPERLINK(\"http://evil.example\") CHG-1182",
        ])
        try ok(["triage", "interaction", "TKT-2024-0311", "--store", a, "--status", "needs-review", "--tag", "vendor-query"])
        let event = try ok(["query", "--store", a, "--format", "csv", "SELECT min(event_id) FROM events WHERE operation = 'New-InboxRule'"])
            .split(separator: "\r\n")[1]
        try ok(["triage", "event", String(event), "--store", a, "--status", "confirmed", "--tag", "forwarding"])
        #expect(try ok(["triage", "export", "--store", a, "--output", file]).contains("3 annotations"))
        #expect(try ok(["triage", "import", "--store", b, file]).contains("imported 3 annotations"))
        func comparable(_ rows: [[String: Any]]) -> [String] {
            rows.map { row in
                ["target", "state", "status", "tags", "comment", "analyst", "created_utc", "target_key"]
                    .map { "\(row[$0] ?? "")" }.joined(separator: "|")
            }
        }
        #expect(comparable(try list(b)) == comparable(try list(a)))
        #expect(try ok(["triage", "import", "--store", b, file]).contains("imported 0 annotations from \(file) (3 already in this store, skipped)"))
        #expect(try ok(["verify", "--store", b]).contains("3 annotations: hash chain intact"))
        // A store of other evidence (the vendor logs only) refuses the file line by line and imports nothing.
        try ingestAndCorrelate(samples, store: other, paths: [samples + "/vendor", samples + "/lockbox"])
        let refused = try TesseraBinary.run(["triage", "import", "--store", other, file])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("was not imported (nothing was added to the store); 2 problems"))
        #expect(
            refused.stderr.contains("\(file):2: unknown target: this store's correlation raised no finding privileged-operation for interaction TKT-2024-0233"))
        #expect(refused.stderr.contains("\(file):4: another store's evidence"))
        #expect(try list(other).isEmpty)
    }

    @Test func aRowEditedOnDiskFailsVerify() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        try ingestAndCorrelate(samples, store: store)
        try ok(["triage", "interaction", "TKT-2024-0233", "--store", store, "--status", "benign", "--comment", "approved by the CISO"])
        try ok(["triage", "interaction", "TKT-2024-0311", "--store", store, "--status", "confirmed"])
        #expect(try ok(["verify", "--store", store]).contains("2 annotations: hash chain intact"))
        // Edit the stored comment in the file itself, bypassing SQLite and its append-only triggers.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: store))
        let range = try #require(bytes.range(of: Data("approved by the CISO".utf8)))
        bytes.replaceSubrange(range, with: Data("approved by the CFO!".utf8))
        try bytes.write(to: URL(fileURLWithPath: store))
        let verify = try TesseraBinary.run(["verify", "--store", store])
        #expect(verify.status == 2)
        #expect(verify.stdout.contains("ALTERED  annotation #1: annotation #1 was altered after it was written"))
        #expect(verify.stdout.contains("2 annotations: hash chain BROKEN"))
    }

    @Test func aFirstVerdictNeedsAStatusAndUnknownTargetsAreNamed() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        try ingestAndCorrelate(samples, store: store)
        let noStatus = try TesseraBinary.run(["triage", "finding", "1", "--store", store, "--comment", "hm"])
        #expect(noStatus.status == 1 && noStatus.stderr.contains("has no verdict yet: give one with --status"))
        let unknown = try TesseraBinary.run(["triage", "finding", "999", "--store", store, "--status", "benign"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no finding #999"))
        let badStatus = try TesseraBinary.run(["triage", "interaction", "TKT-2024-0311", "--store", store, "--status", "maybe"])
        #expect(badStatus.status == 64)
        #expect(try list(store).isEmpty)
        // A comment added later keeps the verdict and the tags.
        try ok(["triage", "interaction", "TKT-2024-0311", "--store", store, "--status", "needs-review", "--tag", "vendor-query"])
        try ok(["triage", "interaction", "TKT-2024-0311", "--store", store, "--comment", "vendor answered"], analyst: "B. Chen")
        let row = try #require(try list(store).first)
        #expect(row["status"] as? String == "needs-review" && row["tags"] as? String == "vendor-query")
        #expect(row["comment"] as? String == "vendor answered" && row["history"] as? Int == 2 && row["analyst"] as? String == "B. Chen")
    }
}
