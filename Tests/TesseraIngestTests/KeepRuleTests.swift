import TesseraSDK
import Testing

@testable import TesseraIngest
@testable import TesseraStore

/// The prune's keep-rule: what it keeps, and that it keeps nothing else.
@Suite struct KeepRuleTests {
    static let plan = JSONObject([
        ("identities", .array([.string("eng1@vendor.example"), .string("s-1-5-21-1")])),
        ("actor_types", .array([.string("MicrosoftOperator")])),
        (
            "windows",
            .array([
                .object(
                    JSONObject([
                        ("lo", .number("1000")), ("hi", .number("2000")),
                        ("networks", .array([.string("203.0.113.5"), .string("198.51.100.0/24")])),
                    ]))
            ])
        ),
    ])

    static func record(
        ts: Int64, actor: String? = nil, actorType: String? = nil, ip: String? = nil,
        details: JSONObject = JSONObject()
    ) -> EncodedRecord {
        EncodedRecord(
            SourceRecord(
                locator: "line 2", dedupKey: "k", raw: [],
                events: [
                    NormalizedEvent(
                        timestampUs: ts, timestampRaw: "t", timestampDescription: "d", category: "access", operation: "o",
                        action: "read", actor: actor, actorType: actorType, clientIP: ip, message: "m", details: details)
                ]))
    }

    @Test func keepsWhatARuleCanUseAndNothingElse() throws {
        let rule = try KeepRule(plan: Self.plan)
        #expect(rule.keeps(Self.record(ts: 99_999, actor: "eng1@vendor.example"))) // identity, any time
        #expect(rule.keeps(Self.record(ts: 5, actor: "s-1-5-21-1"))) // an alias
        #expect(rule.keeps(Self.record(ts: 99_999, actorType: "MicrosoftOperator"))) // vendor actor type, any time
        #expect(rule.keeps(Self.record(ts: 1500, actor: "someone@t.example", ip: "203.0.113.5"))) // session host in window
        #expect(rule.keeps(Self.record(ts: 2000, ip: "198.51.100.77"))) // session block, window edge
        #expect(!rule.keeps(Self.record(ts: 2001, ip: "203.0.113.5"))) // after the window
        #expect(!rule.keeps(Self.record(ts: 1500, ip: "198.51.101.1"))) // outside the block
        #expect(!rule.keeps(Self.record(ts: 1500, actor: "someone@t.example", actorType: "User")))
        // A logon names identities: always kept, even by the first pass's rule.
        let logon = Self.record(ts: 1, actor: "x", details: JSONObject([("logon_user_sid", .string("S-1-5-21-9"))]))
        #expect(rule.keeps(logon) && KeepRule.alwaysKept.keeps(logon))
        #expect(!KeepRule.alwaysKept.keeps(Self.record(ts: 1500, actor: "eng1@vendor.example")))
    }

    @Test func aPlanWithoutItsListsIsRefused() {
        #expect(throws: NormalizedFormatError.self) { try KeepRule(plan: JSONObject([("identities", .array([]))])) }
    }
}
