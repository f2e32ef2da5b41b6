import Foundation
import TesseraCorrelation
import TesseraStore
import Testing

@testable import TesseraDetect

@Suite struct StoreContractTests {
    @Test func runsAreRecordedAndReplaceThePreviousDetections() throws {
        let f = try DetectFixture()
        let ids = try f.source(format: "aws-cloudtrail", [trail("GetObject"), trail("PutObject"), trail("DeleteBucket")])
        try f.rule("a/get.yml", cloudTrailRule("get", level: "high", "sel:\n    eventName: GetObject\ncondition: sel"))
        try f.rule("b/any.yml", cloudTrailRule("any", level: "low", "sel:\n    eventName|endswith: Object\ncondition: sel"))
        let first = try f.detect()
        #expect(first.detections == 3)
        #expect(try f.hits() == ["get": [ids[0]], "any": [ids[0], ids[1]]])
        #expect(try f.db.scalarText("SELECT rule_path FROM detections WHERE rule_id = 'get'") == "a/get.yml")
        #expect(try f.db.scalarText("SELECT tags FROM detections WHERE rule_id = 'get'") == #"["attack.t1078"]"#)
        // The run names every rule file with its SHA-256.
        let paths = try f.db.scalarText("SELECT rule_paths FROM detection_runs") ?? ""
        #expect(paths.contains("a/get.yml") && paths.contains("\"sha256\""))
        #expect(try f.db.scalarText("SELECT sha256 FROM detection_rules WHERE rule_id = 'any'")?.count == 64)
        #expect(try f.db.scalarText("SELECT hits || ' ' || distinct_actors FROM detection_summary WHERE rule_id = 'any'") == "2 1")

        // A second run with only --level high replaces the detections; both runs stay in the history.
        var options = f.options()
        options.minimumLevel = "high"
        let second = try f.detect(options)
        #expect(second.detections == 1 && second.filtered == 1)
        #expect(try f.hits() == ["get": [ids[0]]])
        #expect(try f.db.scalarInt("SELECT count(*) FROM detection_runs") == 2)
        #expect(try f.db.scalarText("SELECT state FROM detection_rules WHERE rule_id = 'any'") == "filtered")
    }

    @Test func rulesThatCannotBeEvaluatedAreListedAndStrictFails() throws {
        let f = try DetectFixture()
        try f.source(format: "aws-cloudtrail", [trail("GetObject")])
        try f.rule("ok.yml", cloudTrailRule("ok", "sel:\n    eventName: GetObject\ncondition: sel"))
        try f.rule("mod.yml", cloudTrailRule("mod", "sel:\n    eventName|utf16le: x\ncondition: sel"))
        try f.rule("agg.yml", cloudTrailRule("agg", "sel:\n    eventName: x\ncondition: sel | count() > 5"))
        try f.rule("gcp.yml", "title: g\nid: gcp\nlogsource: {product: gcp, service: gcp.audit}\ndetection:\n  sel: {a: b}\n  condition: sel\n")
        try f.rule(
            "azure.yml", "title: az\nid: az\nlogsource: {product: azure, service: signinlogs}\ndetection:\n  sel: {ResultType: 50126}\n  condition: sel\n")
        let summary = try f.detect()
        let states = Dictionary(uniqueKeysWithValues: summary.rules.map { ($0.ruleID, $0.state) })
        #expect(states == ["ok": "evaluated", "mod": "unsupported", "agg": "unsupported", "gcp": "unknown_logsource", "az": "no_events"])
        #expect(summary.notEvaluated.first { $0.ruleID == "mod" }?.reason?.contains("utf16le") == true)
        #expect(summary.notEvaluated.first { $0.ruleID == "az" }?.reason?.contains("entra-signin-json") == true)
        #expect(try f.db.scalarInt("SELECT count(*) FROM detection_rules WHERE state <> 'evaluated'") == 4)

        var strict = f.options()
        strict.strict = true
        #expect(throws: DetectError.self) { _ = try DetectionPlan(database: f.db, options: strict) }
    }

    @Test func m365DocumentsAreFoundInEveryShapeAndTheMappingResolvesTheTaxonomy() throws {
        let f = try DetectFixture()
        let audit =
            #"{"CreationTime":"2024-01-01T00:00:00","Id":"1","Operation":"Add-FederatedDomain","Workload":"Exchange","ResultStatus":"True","UserId":"a@b.c"}"#
        let csvRow = "1,2024-01-01T00:00:00.0000000Z,1,Add-FederatedDomain,a@b.c,\"" + audit.replacingOccurrences(of: "\"", with: "\"\"") + "\",,"
        let export = #"{"CreationDate":"2024-01-01","Operation":"x","AuditData":"# + "\"" + audit.replacingOccurrences(of: "\"", with: "\\\"") + "\"}"
        let csvIDs = try f.source(format: "m365-ual-purview-csv", [csvRow], outcome: "success", operation: "Add-FederatedDomain")
        let jsonIDs = try f.source(format: "m365-ual-auditdata-jsonl", [audit], outcome: "success", operation: "Add-FederatedDomain")
        let exportIDs = try f.source(format: "m365-ual-export-jsonl", [export], outcome: "failure", operation: "Add-FederatedDomain")
        try f.rule(
            "fed.yml",
            """
            title: New Federated Domain Added - Exchange
            id: fed
            logsource: {product: m365, service: exchange}
            detection:
                selection:
                    eventSource: Exchange
                    eventName: 'Add-FederatedDomain'
                    status: success
                condition: selection
            level: medium
            """)
        try f.rule(
            "op.yml", "title: op\nid: op\nlogsource: {product: m365, service: audit}\ndetection:\n  s:\n    Operation|contains: federated\n  condition: s\n")
        _ = try f.detect()
        #expect(try f.hits()["fed"] == [csvIDs[0], jsonIDs[0]]) // the export record's status is failure
        #expect(try f.hits()["op"] == [csvIDs[0], jsonIDs[0], exportIDs[0]])
    }

    @Test func userMappingExtendsTheBuiltInOne() throws {
        let f = try DetectFixture()
        let ids = try f.source(format: "my-cloudtrail-copy", [trail("GetObject")])
        try f.rule("r.yml", cloudTrailRule("r", "sel:\n    api: GetObject\ncondition: sel"))
        let mappingPath = f.directory + "/mine.yaml"
        try Data(
            """
            logsources:
              - name: aws-cloudtrail
                formats:
                  my-cloudtrail-copy: raw
                fields:
                  api: [eventName]
            """.utf8
        ).write(to: URL(fileURLWithPath: mappingPath))
        var options = f.options()
        options.mappingFiles = [mappingPath]
        _ = try f.detect(options)
        #expect(try f.hits()["r"] == ids)
    }

    @Test func printSQLShowsRunnableSQLWithValuesInlined() throws {
        let f = try DetectFixture()
        try f.source(format: "aws-cloudtrail", [trail("GetObject")])
        try f.rule("r.yml", cloudTrailRule("r", "sel:\n    eventName: \"Get'Object\"\ncondition: sel"))
        let plan = try DetectionPlan(database: f.db, options: f.options())
        let sql = try #require(plan.sql(forRule: "r"))
        #expect(sql.contains("= 'Get''Object' COLLATE NOCASE"))
        #expect(sql.contains(#"json_extract(jdoc, '$."eventName"')"#))
        #expect(!sql.contains("?1"))
    }

    @Test func detectionsAttributedToAnInteractionBecomeFindings() throws {
        let f = try DetectFixture()
        let ids = try f.source(format: "aws-cloudtrail", [trail("GetObject"), trail("PutObject")])
        try f.db.execute(
            """
            INSERT INTO interactions (interaction_id, start_utc, session_count, event_count, resource_count, finding_count, start_us)
                VALUES ('TKT-1', '2023-11-14T00:00:00.000000Z', 1, 1, 1, 0, 1699920000000000);
            INSERT INTO attributions (event_id, interaction_id, session_row_id, engineer, matched_by, overlap)
                VALUES (\(ids[0]), 'TKT-1', 1, 'eng', 'identity', 0);
            """)
        try f.rule("r.yml", cloudTrailRule("r", level: "critical", "sel:\n    eventName|endswith: Object\ncondition: sel"))
        let options = f.options()
        let summary = try Detector.run(try DetectionPlan(database: f.db, options: options), on: f.db, options: options) { db in
            try SigmaFindings.refresh(db)
        }
        #expect(summary.detections == 2 && summary.findings == 1)
        let row = try f.db.scalarText("SELECT interaction_id || '|' || rule || '|' || severity || '|' || evidence FROM findings")
        #expect(row == "TKT-1|sigma:r|high|[\(ids[0])]")
        #expect(try f.db.scalarInt("SELECT finding_count FROM interactions") == 1)
        #expect(try f.db.scalarInt("SELECT count(*) FROM finding_evidence") == 1)
        // Re-running does not duplicate the finding.
        _ = try Detector.run(try DetectionPlan(database: f.db, options: options), on: f.db, options: options) { db in
            try SigmaFindings.refresh(db)
        }
        #expect(try f.db.scalarInt("SELECT count(*) FROM findings") == 1)
    }

    @Test func csvJSONFieldUnquotesTheAuditDataColumn() {
        func field(_ row: String) -> String? {
            Array(row.utf8).withUnsafeBufferPointer { DetectionFunctions.csvJSONField($0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(field(#"1,"a,b",x,"{""k"":""v, w""}",,"#) == #"{"k":"v, w"}"#)
        #expect(field(#"{"a":1},b"#) == #"{"a":1}"#)
        #expect(field("a,b,c") == nil)
        #expect(field(#""unterminated"#) == nil)
    }
}
