import Foundation
import TesseraCorrelation
import Testing

struct PolicyTests {
    @Test func defaultPolicyParsesAndHasTheDocumentedValues() {
        let p = Policy.default
        #expect(p.slackMinutes == 15)
        #expect(p.maxOpenSessionHours == 8)
        #expect(p.lockboxDefaultHours == 4)
        #expect(p.classPolicy(for: "Government").allowedCountries == ["US"])
        #expect(p.classPolicy(for: "government ").requiredClearance.contains("top secret"))
        #expect(p.classPolicy(for: "EU Data Boundary").allowedCountries.contains("DE"))
        #expect(p.classPolicy(for: nil).allowedCountries.isEmpty)
        #expect(p.privilegedActions == ["permission_grant", "forwarding_rule", "inbox_rule", "password_reset", "credential_change", "role_change"])
        #expect(p.bulkThresholds == ["mail_item": 100, "file": 50])
        #expect(p.source == "default")
        #expect(p.sha256.count == 64)
        for rule in RuleID.allCases { #expect(Policy.defaultText.contains(rule.rawValue)) }
    }

    @Test func jsonPolicyWithTheSameKeysWorksAndKeepsDefaultsForWhatItOmits() throws {
        let p = try Policy.parse(
            """
            {"customer_classes": {"default": {"allowed_countries": ["us", "ca"]}}, "rules": {"bulk-access": {"enabled": false}}}
            """, source: "p.json")
        #expect(p.defaultClass.allowedCountries == ["US", "CA"])
        #expect(p.customerClasses.isEmpty)
        #expect(p.setting(.bulkAccess).enabled == false)
        #expect(p.setting(.privilegedOperation) == RuleSetting(enabled: true, severity: .high))
        #expect(p.slackMinutes == 15)
    }

    @Test func unknownKeysAndBadValuesNameTheirLine() {
        func problem(_ text: String) -> String {
            do { _ = try Policy.parse(text, source: "p.yaml"); return "parsed" } catch { return error.description }
        }
        #expect(problem("windows:\n  slack_minuts: 5\n").contains("line 2: unknown key `slack_minuts`"))
        #expect(problem("customer_classes:\n  government:\n    allowed_countries: [USA]\n").contains("'USA' is not an ISO 3166-1 alpha-2"))
        #expect(problem("rules:\n  no-such-rule: {enabled: true}\n").contains("unknown rule 'no-such-rule'"))
        #expect(problem("rules:\n  bulk-access: {severity: critical}\n").contains("severity must be high, medium or low"))
        #expect(problem("identities:\n  lockbox_actor_types: [user]\n").contains("actor type 'user' is not one of"))
        #expect(problem("bulk_thresholds: {file: many}").contains("expected a whole number"))
        #expect(problem("{\"version\": 2}").contains("`version` must be 1"))
        #expect(problem("windows: [1, 2").contains("not valid YAML"))
        #expect(problem("").contains("empty"))
    }

    @Test func policyFileHashIsOfItsBytes() throws {
        let f = try StoreFixture()
        let path = try f.file("policy.yaml", "scope: {enforce: false}\n")
        let p = try Policy.load(path: path)
        // `printf 'scope: {enforce: false}\n' | sha256sum`
        #expect(p.sha256 == "e25e5a238eb50be2e3631bc5835935dd6b70e566751dd8b053b8014188832cc4")
        #expect(p.source == path)
        #expect(p.enforceScope == false)
        #expect(throws: CorrelationError.self) { try Policy.load(path: f.directory.appendingPathComponent("missing.yaml").path) }
    }
}

struct PolicyDocumentationTests {
    /// docs/policy.md shows the default policy verbatim, and its examples parse.
    @Test func docsShowTheShippedDefaultAndValidExamples() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/policy.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        #expect(text.contains("```yaml\n" + Policy.defaultText + "```"))
        var blocks: [String] = []
        for fence in ["```yaml\n", "```json\n"] {
            var rest = Substring(text)
            while let open = rest.range(of: fence), let close = rest[open.upperBound...].range(of: "```") {
                blocks.append(String(rest[open.upperBound..<close.lowerBound]))
                rest = rest[close.upperBound...]
            }
        }
        #expect(blocks.count == 4)
        for block in blocks { _ = try Policy.parse(block, source: "docs/policy.md") }
    }
}
