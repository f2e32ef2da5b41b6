import Foundation
import TesseraStore
import Testing

@testable import TesseraDetect

/// Sigma specification v2 semantics, each on real-shaped CloudTrail records.
@Suite struct SemanticsTests {
    /// Runs one rule (its `detection:` body) over the records and returns the indexes it matched.
    func matches(_ detection: String, _ records: [String]) throws -> [Int] {
        let f = try DetectFixture()
        let ids = try f.source(format: "aws-cloudtrail", records)
        try f.rule("r.yml", cloudTrailRule("r1", detection))
        let summary = try f.detect()
        #expect(summary.notEvaluated.isEmpty, "\(summary.notEvaluated.map { $0.reason ?? "" })")
        let hit = Set(try f.hits()["r1"] ?? [])
        // Once three rules name a path it is extracted for every record instead of where it is
        // read: the result must not change.
        try f.rule("r2.yml", cloudTrailRule("r2", detection))
        try f.rule("r3.yml", cloudTrailRule("r3", detection))
        _ = try f.detect()
        let hits = try f.hits()
        #expect(Set(hits["r1"] ?? []) == hit && Set(hits["r3"] ?? []) == hit)
        return ids.enumerated().filter { hit.contains($0.element) }.map(\.offset)
    }

    let records = [
        trail("GetObject"),
        trail("PutBucketPolicy", extra: #","requestParameters":{"bucketName":"Evidence-Bucket","policy":"allow *"}"#),
        trail("DeleteBucket", source: "S3.AmazonAWS.com", extra: #","errorCode":"AccessDenied""#),
        trail(
            "ConsoleLogin", source: "signin.amazonaws.com",
            extra: #","responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No","count":12}"#),
    ]

    @Test func mapsAreAndListsAreOrCaseInsensitive() throws {
        #expect(
            try matches("sel:\n    eventSource: s3.amazonaws.com\n    eventName:\n        - getobject\n        - DeleteBucket\ncondition: sel", records) == [
                0, 2,
            ])
    }

    @Test func listOfMapsIsOr() throws {
        #expect(try matches("sel:\n    - eventName: GetObject\n    - eventSource: signin.amazonaws.com\ncondition: sel", records) == [0, 3])
    }

    @Test func wildcardsAndEscapes() throws {
        #expect(try matches("sel:\n    eventName: '*Bucket*'\ncondition: sel", records) == [1, 2])
        #expect(try matches("sel:\n    eventName: 'Get?bject'\ncondition: sel", records) == [0])
        // An escaped star is a literal star: only the policy text "allow *" has one.
        #expect(try matches("sel:\n    requestParameters.policy: 'allow \\*'\ncondition: sel", records) == [1])
        #expect(try matches("sel:\n    requestParameters.policy: 'allow \\*x'\ncondition: sel", records) == [])
        // LIKE's own wildcards in a value are literal.
        #expect(try matches("sel:\n    eventName: 'Get%'\ncondition: sel", records) == [])
    }

    @Test func containsStartsEndsAndAll() throws {
        #expect(try matches("sel:\n    eventName|contains: bucket\ncondition: sel", records) == [1, 2])
        #expect(try matches("sel:\n    eventName|startswith: put\ncondition: sel", records) == [1])
        #expect(try matches("sel:\n    eventName|endswith: OBJECT\ncondition: sel", records) == [0])
        #expect(try matches("sel:\n    eventName|contains|all:\n        - Put\n        - Policy\ncondition: sel", records) == [1])
        #expect(try matches("sel:\n    eventName|contains|all:\n        - Put\n        - Object\ncondition: sel", records) == [])
    }

    @Test func cased() throws {
        #expect(try matches("sel:\n    eventSource|cased: S3.AmazonAWS.com\ncondition: sel", records) == [2])
        #expect(try matches("sel:\n    eventSource|cased|startswith: S3.\ncondition: sel", records) == [2])
    }

    @Test func dottedPathsNullAndExists() throws {
        #expect(try matches("sel:\n    requestParameters.bucketName: evidence-bucket\ncondition: sel", records) == [1])
        #expect(try matches("sel:\n    errorCode: null\ncondition: sel", records) == [0, 1, 3])
        #expect(try matches("sel:\n    errorCode|exists: true\ncondition: sel", records) == [2])
        #expect(try matches("sel:\n    errorCode|exists: false\ncondition: sel", records) == [0, 1, 3])
    }

    @Test func numbersAndComparisons() throws {
        #expect(try matches("sel:\n    additionalEventData.count: 12\ncondition: sel", records) == [3])
        #expect(try matches("sel:\n    additionalEventData.count|gt: 11\ncondition: sel", records) == [3])
        #expect(try matches("sel:\n    additionalEventData.count|gte: 12\ncondition: sel", records) == [3])
        #expect(try matches("sel:\n    additionalEventData.count|lt: 12\ncondition: sel", records) == [])
        #expect(try matches("sel:\n    additionalEventData.count|lte: 12\ncondition: sel", records) == [3])
    }

    @Test func regularExpressionsWithFlags() throws {
        #expect(try matches("sel:\n    eventName|re: '^(Get|Put).*'\ncondition: sel", records) == [0, 1])
        // `re` is case-sensitive unless `i`.
        #expect(try matches("sel:\n    eventName|re: '^get'\ncondition: sel", records) == [])
        #expect(try matches("sel:\n    eventName|re|i: '^get'\ncondition: sel", records) == [0])
        // A regex value is taken as written: `\.` is an escaped dot, `*` a quantifier.
        #expect(try matches("sel:\n    eventSource|re: 'signin\\.amazon.*'\ncondition: sel", records) == [3])
    }

    @Test func cidr() throws {
        #expect(try matches("sel:\n    sourceIPAddress|cidr: 203.0.113.0/24\ncondition: sel", records) == [0, 1, 2, 3])
        #expect(try matches("sel:\n    sourceIPAddress|cidr:\n        - 10.0.0.0/8\n        - 2001:db8::/32\ncondition: sel", records) == [])
    }

    @Test func base64AndWindash() throws {
        let encoded = [trail("Run", extra: #","cmd":"powershell -enc aGVsbG8gd29ybGQ= /c""#)]
        // "hello world" in base64, found inside a longer value by base64offset.
        #expect(try matches("sel:\n    cmd|base64offset|contains: 'world'\ncondition: sel", encoded) == [0])
        #expect(try matches("sel:\n    cmd|base64offset|contains: 'ello w'\ncondition: sel", encoded) == [0])
        #expect(try matches("sel:\n    cmd|base64offset|contains: 'lo wor'\ncondition: sel", encoded) == [0])
        #expect(try matches("sel:\n    cmd|base64|contains: 'hello world'\ncondition: sel", encoded) == [0])
        #expect(try matches("sel:\n    cmd|base64|contains: 'goodbye'\ncondition: sel", encoded) == [])
        #expect(try matches("sel:\n    cmd|windash|contains: ' -c'\ncondition: sel", encoded) == [0])
    }

    @Test func fieldref() throws {
        let rows = [trail("Same", extra: #","a":"X1","b":"x1""#), trail("Other", extra: #","a":"X1","b":"Y""#)]
        #expect(try matches("sel:\n    a|fieldref: b\ncondition: sel", rows) == [0])
    }

    @Test func keywords() throws {
        #expect(try matches("kw:\n    - 'AccessDenied'\n    - 'nothing'\ncondition: kw", records) == [2])
    }

    @Test func conditions() throws {
        let sel = "sel_a:\n    eventSource: s3.amazonaws.com\nsel_b:\n    eventName|contains: Bucket\nfilter:\n    errorCode: AccessDenied\n"
        #expect(try matches(sel + "condition: sel_a and not filter", records) == [0, 1, 2].filter { $0 != 2 })
        #expect(try matches(sel + "condition: 1 of sel_*", records) == [0, 1, 2])
        #expect(try matches(sel + "condition: all of sel_*", records) == [1, 2])
        #expect(try matches(sel + "condition: all of them", records) == [2])
        #expect(try matches(sel + "condition: 1 of them and not (filter or sel_b)", records) == [0])
        #expect(try matches(sel + "condition: not sel_a", records) == [3])
        // `not` of a missing field holds (a search over a missing field is false, not NULL).
        #expect(try matches(sel + "condition: not filter", records) == [0, 1, 3])
    }

    @Test func unicodeCaseFolding() throws {
        let rows = [trail("Ünïcode"), trail("unicode")]
        #expect(try matches("sel:\n    eventName: üNÏCODE\ncondition: sel", rows) == [0])
    }
}
