import Foundation
import TesseraTestSupport
import Testing

/// `tessera detect` as an analyst runs it: SigmaHQ's cloud rules over the Samples case and the
/// real samples, the hand-off to findings, `--strict`, `--print-sql` and `--json`.
@Suite struct DetectCommandTests {
    static let sigmaRules = (RealSamples.packageRoot as NSString).deletingLastPathComponent + "/shared/sigma/rules/cloud"
    static var haveSigma: Bool { FileManager.default.fileExists(atPath: sigmaRules) }

    func csv(_ store: String, _ sql: String) throws -> String {
        let r = try TesseraBinary.run(["query", "--store", store, "--format", "csv", sql])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test(.realSamples, .enabled(if: haveSigma, "../shared/sigma is absent (a user's clone)"))
    func sigmaHQCloudRulesOverTheRealSamples() throws {
        let dir = try TesseraBinary.scratchDirectory()
        let store = dir + "/case.db"
        #expect(try TesseraBinary.run(["ingest", "--store", store, RealSamples.root]).status == 0)
        let run = try TesseraBinary.run(["detect", "--store", store, "--rules", Self.sigmaRules, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let rules = try #require(summary["rules"] as? [[String: Any]])
        let ruleFiles = try FileManager.default.subpathsOfDirectory(atPath: Self.sigmaRules).filter { $0.hasSuffix(".yml") }
        // Every rule file is accounted for: evaluated, or listed with its reason.
        #expect(rules.count == ruleFiles.count)
        #expect(summary["rules_read"] as? Int == (summary["rules_evaluated"] as? Int ?? 0) + (summary["rules_not_evaluated"] as? Int ?? 0))
        for rule in rules where rule["state"] as? String != "evaluated" {
            #expect(!(rule["reason"] as? String ?? "").isEmpty, "\(rule)")
        }
        #expect(rules.contains { $0["state"] as? String == "unknown_logsource" && ($0["path"] as? String ?? "").contains("/gcp/") })
        // The OTRF exfiltration dataset: a role assumed by an IAM user's session (AWS STS AssumeRole Misuse).
        let assume = try #require(rules.first { $0["rule_id"] as? String == "905d389b-b853-46d0-9d3d-dea0d3a3cd49" })
        #expect(assume["hits"] as? Int == 11)
        let traced = try csv(
            store,
            """
            SELECT DISTINCT s.format FROM detections d JOIN events e USING (event_id) JOIN sources s USING (source_id)
            """)
        #expect(traced.contains("aws-cloudtrail"))

        // --strict refuses (GCP rules have no logsource) and leaves the first run's results.
        let strict = try TesseraBinary.run(["detect", "--store", store, "--rules", Self.sigmaRules, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("gcp_access_policy_deleted.yml"))
        #expect(try csv(store, "SELECT count(*) FROM detection_runs").hasSuffix("1\r\n"))

        let sql = try TesseraBinary.run(["detect", "--store", store, "--rules", Self.sigmaRules, "--print-sql", "905d389b-b853-46d0-9d3d-dea0d3a3cd49"])
        #expect(sql.status == 0)
        #expect(sql.stdout.contains("json_extract(jdoc, ") && sql.stdout.contains("'AssumedRole'"))
    }

    /// SigmaHQ's Azure rules over the azure-monitor plugin's events, in every shape the evidence
    /// has: the Samples' diagnostic-settings blob (Li Wei opening an NSG rule during
    /// TKT-2023-0467), Microsoft's REST-shaped Activity Log example (`operationName.value`) and
    /// plaso's snake_case lines; the Samples' detection becomes a finding of the ticket.
    @Test(.realSamples, .enabled(if: haveSigma, "../shared/sigma is absent (a user's clone)"))
    func sigmaHQAzureRulesOverEveryActivityLogShape() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        #expect(try TesseraBinary.run(["ingest", "--store", store, samples, RealSamples.root]).status == 0)
        #expect(
            try TesseraBinary.run([
                "correlate", "--store", store, "--policy", samples + "/policy.yaml",
                "--aliases", samples + "/aliases.csv",
            ]).status == 0)
        let run = try TesseraBinary.run(["detect", "--store", store, "--rules", Self.sigmaRules + "/azure"])
        #expect(run.status == 0, "\(run.stderr)")
        // No Azure rule is left for want of events: only logsources the mapping lacks remain.
        #expect(
            try csv(
                store,
                """
                SELECT count(*) FROM detection_rules WHERE state NOT IN ('evaluated', 'unknown_logsource')
                """
            ).hasSuffix("\r\n0\r\n"))
        let nsg = "d22b4df4-5a67-4859-a578-8c9a0b5af9df" // Azure Network Security Configuration Modified or Deleted
        let hits = try csv(
            store,
            """
            SELECT d.rule_id, s.format, e.locator FROM detections d JOIN events e USING (event_id)
            JOIN sources s USING (source_id) ORDER BY d.rule_id, s.path, e.event_id
            """)
        #expect(hits.contains("\(nsg),azure-activity-json,records element 1 (line 2)"), "the Samples' Started record")
        #expect(hits.contains("\(nsg),azure-activity-json,records element 2 (line 3)"), "the Samples' Succeeded record")
        #expect(hits.contains("\(nsg),azure-activity-json,document"), "Microsoft's REST-shaped example")
        #expect(hits.contains("d2d901db-7a75-45a1-bc39-0cbf00812192,azure-activity-json,line 4"), "plaso's virtualMachines/write line")
        #expect(
            try csv(
                store,
                """
                SELECT interaction_id, severity FROM findings WHERE rule = 'sigma:\(nsg)'
                """) == "interaction_id,severity\r\nTKT-2023-0467,medium\r\n")
    }

    @Test func detectionsOnAttributedEventsBecomeFindingsAndSurviveCorrelate() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        #expect(try TesseraBinary.run(["ingest", "--store", store, samples]).status == 0)
        #expect(try TesseraBinary.run(["correlate", "--store", store]).status == 0)
        // An operation of the Purview export that correlation attributed to an interaction.
        let operation =
            try csv(
                store,
                """
                SELECT e.operation FROM attributions a JOIN events e USING (event_id) JOIN sources s USING (source_id)
                WHERE s.format = 'm365-ual-purview-csv' ORDER BY e.event_id LIMIT 1
                """
            ).split(separator: "\r\n").last.map(String.init) ?? ""
        #expect(!operation.isEmpty)
        let rules = try TesseraBinary.scratchDirectory()
        try Data(
            """
            title: Operation seen during support
            id: 0d7e4c1a-0000-4000-8000-000000000001
            status: test
            level: high
            tags: [attack.collection, attack.t1114]
            logsource: {product: m365, service: audit}
            detection:
                selection:
                    Operation: '\(operation.lowercased())'
                condition: selection
            """.utf8
        ).write(to: URL(fileURLWithPath: rules + "/op.yml"))
        let detect = try TesseraBinary.run(["detect", "--store", store, "--rules", rules])
        #expect(detect.status == 0, "\(detect.stderr)")
        #expect(detect.stdout.contains("Operation seen during support"))
        let findings = "SELECT count(*) FROM findings WHERE rule = 'sigma:0d7e4c1a-0000-4000-8000-000000000001' AND severity = 'high'"
        let before = try csv(store, findings)
        #expect(!before.hasSuffix("\n0\r\n"))
        // The reports list the rule (level, title, ATT&CK tags, hits, interactions) and mark its events.
        let dir = (store as NSString).deletingLastPathComponent
        for format in ["markdown", "html"] {
            let report = try TesseraBinary.run(["report", "--store", store, "--format", format, "--output", dir + "/r." + format])
            #expect(report.status == 0, "\(report.stderr)")
            let text = try String(contentsOfFile: dir + "/r." + format, encoding: .utf8)
            #expect(text.contains("Sigma detections") && text.contains("Operation seen during support"))
            #expect(text.contains("attack.t1114") && text.contains("sigma:0d7e4c1a-0000-4000-8000-000000000001"))
            #expect(text.contains(format == "html" ? "href=\"#detections\">Sigma</a>: Operation seen" : "Sigma: Operation seen"))
        }
        // correlate rewrites findings; the Sigma ones are derived again from the detections.
        #expect(try TesseraBinary.run(["correlate", "--store", store]).status == 0)
        #expect(try csv(store, findings) == before)
    }

    @Test func badRulesFailNamingTheFile() throws {
        let (samples, store) = try TesseraBinary.caseDirectory()
        #expect(try TesseraBinary.run(["ingest", "--store", store, samples]).status == 0)
        let rules = try TesseraBinary.scratchDirectory()
        try Data("title: [unclosed\n".utf8).write(to: URL(fileURLWithPath: rules + "/bad.yaml"))
        let run = try TesseraBinary.run(["detect", "--store", store, "--rules", rules])
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.yaml") && run.stderr.contains("not valid YAML"))
        #expect(try csv(store, "SELECT count(*) FROM detection_runs").hasSuffix("0\r\n"))
    }
}
