import Foundation
import TesseraStore
import Testing

@testable import TesseraDetect

/// Hostile rules are bad input: each is a clear error naming the file, nothing hangs, and the
/// store keeps the previous run's detections.
@Suite struct HostileRuleTests {
    /// A store with one earlier, successful run; returns the fixture and its detection count.
    func storeWithEarlierRun() throws -> DetectFixture {
        let f = try DetectFixture()
        try f.source(format: "aws-cloudtrail", [trail("GetObject", extra: #","name":"\#(String(repeating: "a", count: 40))!""#)])
        try f.rule("good.yml", cloudTrailRule("good", "sel:\n    eventName: GetObject\ncondition: sel"))
        _ = try f.detect()
        #expect(try f.db.scalarInt("SELECT count(*) FROM detections") == 1)
        return f
    }

    func expectFailure(_ f: DetectFixture, naming file: String, _ fragment: String) throws {
        let options = f.options()
        do {
            let plan = try DetectionPlan(database: f.db, options: options)
            _ = try Detector.run(plan, on: f.db, options: options)
            Issue.record("the hostile rule \(file) was accepted")
        } catch {
            #expect(error.description.contains(file), "\(error.description)")
            #expect(error.description.contains(fragment), "\(error.description)")
        }
        #expect(try f.db.scalarInt("SELECT count(*) FROM detections") == 1)
        #expect(try f.db.scalarInt("SELECT count(*) FROM detection_runs") == 1)
    }

    @Test func invalidYAML() throws {
        let f = try storeWithEarlierRun()
        try f.rule("broken.yml", "title: x\ndetection:\n  sel: [unclosed\n  condition: sel\n")
        try expectFailure(f, naming: "broken.yml", "not valid YAML")
    }

    @Test func conditionNestedTenThousandDeep() throws {
        let f = try storeWithEarlierRun()
        let condition = String(repeating: "(", count: 10_000) + "sel" + String(repeating: ")", count: 10_000)
        try f.rule("deep.yml", cloudTrailRule("deep", "sel:\n    eventName: x\ncondition: '\(condition)'"))
        try expectFailure(f, naming: "deep.yml", "nested deeper than")
    }

    @Test func yamlNestedTenThousandDeep() throws {
        let f = try storeWithEarlierRun()
        let nested = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        try f.rule("deep-yaml.yml", cloudTrailRule("deep-yaml", "sel:\n    eventName: \(nested)\ncondition: sel"))
        try expectFailure(f, naming: "deep-yaml.yml", "nest")
    }

    @Test func tenMegabyteRule() throws {
        let f = try storeWithEarlierRun()
        let values = String(repeating: "        - 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'\n", count: 10 * 1024 * 1024 / 60)
        try f.rule("huge.yml", cloudTrailRule("huge", "sel:\n    eventName:\n" + values + "condition: sel"))
        let size = try FileManager.default.attributesOfItem(atPath: f.directory + "/rules/huge.yml")[.size] as? Int ?? 0
        #expect(size > 10_000_000)
        try expectFailure(f, naming: "huge.yml", "byte limit")
    }

    @Test func ruleWithTensOfThousandsOfValues() throws {
        let f = try storeWithEarlierRun()
        let values = (0..<20_000).map { "        - v\($0)" }.joined(separator: "\n")
        try f.rule("many.yml", cloudTrailRule("many", "sel:\n    eventName:\n" + values + "\ncondition: sel"))
        try expectFailure(f, naming: "many.yml", "over the limit of 8000")
    }

    @Test func aliasExpansionIsBounded() throws {
        let f = try storeWithEarlierRun()
        var yaml = "title: laughs\nid: laughs\nlogsource: {product: aws, service: cloudtrail}\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<9 { yaml += "x\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "detection:\n    sel:\n        eventName: *a8\n    condition: sel\n"
        try f.rule("laughs.yml", yaml)
        try expectFailure(f, naming: "laughs.yml", "laughs.yml")
    }

    @Test func catastrophicRegexStopsTheRunAndKeepsTheStore() throws {
        let f = try storeWithEarlierRun()
        try f.rule("redos.yml", cloudTrailRule("redos", "sel:\n    name|re: '^(a+)+$'\ncondition: sel"))
        let start = Date()
        try expectFailure(f, naming: "redos.yml", "catastrophic backtracking")
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func invalidRegexNamesTheFile() throws {
        let f = try storeWithEarlierRun()
        try f.rule("badre.yml", cloudTrailRule("badre", "sel:\n    name|re: '(unclosed'\ncondition: sel"))
        try expectFailure(f, naming: "badre.yml", "not a valid regular expression")
    }

    @Test func conditionNamingAMissingSearch() throws {
        let f = try storeWithEarlierRun()
        try f.rule("missing.yml", cloudTrailRule("missing", "sel:\n    eventName: x\ncondition: sel and nothere"))
        try expectFailure(f, naming: "missing.yml", "nothere")
    }
}
