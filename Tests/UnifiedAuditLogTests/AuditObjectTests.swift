import TesseraSDK
import Testing

@testable import UnifiedAuditLogPlugin

/// The lazily indexed AuditData must read exactly like the tree ``JSONParser`` builds, and must
/// accept and reject exactly the texts the parser does (with the parser's reason when rejecting).
@Suite struct AuditObjectTests {
    static let sample = #"""
        {"CreationTime":"2023-03-14T09:26:53","Id":"a1","Operation":"MailItemsAccessed","RecordType":50,"UserType":0,"Version":1.5e3,
         "Workload":"Exchange","UserId":"  Alice@Contoso.com ","ClientIP":"203.0.113.7:443","ResultStatus":"Succeeded","ExternalAccess":false,
         "Escaped":"tab\there \u00e9 \ud83d\ude00 \"q\" \\ \/","Empty":"","Null":null,"True":true,"clientip":"dup-case","Operation":"dup",
         "OperationProperties":[{"Name":"MailAccessType","Value":"Bind"},{"Name":"IsThrottled","Value":"False"},7,{"Value":"x"}],
         "Folders":[{"Id":"f1","Path":"\\Inbox","FolderItems":[{"Id":"i1","InternetMessageId":"<m1@x>","SizeInBytes":123},"s",{"Id":"i2"}]},
                    {"Path":"\\Sent","FolderItems":[]},null],
         "Nested":{"a":[1,{"b":[true,false,null]}],"c":{}},"Sentinel":"[{\"Id\":\"s1\"}]","Num":-0.0E+1,"Zero":0,"Lead":01}
        """#

    static let keys = [
        "CreationTime", "creationtime", "Id", "ID", "Operation", "OPERATION", "RecordType", "UserType", "Version",
        "Workload", "UserId", "userid", "ClientIP", "clientIp", "clientip", "ResultStatus", "ExternalAccess",
        "Escaped", "Empty", "Null", "True", "OperationProperties", "Folders", "Nested", "Sentinel", "Num",
        "Zero", "Lead", "Absent", "", "Zoë", "Clientip",
    ]

    static func expectSameReads(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = Array(text.utf8)
        let tree = try #require(try JSONParser.parse(bytes).objectValue, sourceLocation: sourceLocation)
        let lazy = try AuditObject.parse(bytes, what: "AuditData")
        for key in keys {
            #expect(lazy.field(key) == tree.field(key), "field \(key)", sourceLocation: sourceLocation)
            #expect(lazy.text(key) == tree.text(key), "text \(key)", sourceLocation: sourceLocation)
            #expect(lazy.bool(key) == tree.bool(key), "bool \(key)", sourceLocation: sourceLocation)
            #expect(lazy.array(key) == tree.array(key), "array \(key)", sourceLocation: sourceLocation)
            #expect(lazy.object(key) == tree.object(key), "object \(key)", sourceLocation: sourceLocation)
            #expect(lazy.nameValueList(key) == tree.nameValueList(key), "nameValueList \(key)", sourceLocation: sourceLocation)
            let lazyObjects = lazy.objects(key)
            let treeObjects = tree.objects(key)
            #expect(lazyObjects?.count == treeObjects?.count, "objects \(key)", sourceLocation: sourceLocation)
            for (l, t) in zip(lazyObjects ?? [], treeObjects ?? []) {
                #expect((l == nil) == (t == nil), sourceLocation: sourceLocation)
                guard let l, let t else { continue }
                for inner in ["Id", "id", "Path", "InternetMessageId", "SizeInBytes", "FolderItems", "Name", "Value", "b"] {
                    #expect(l.field(inner) == t.field(inner), "\(key)[].\(inner)", sourceLocation: sourceLocation)
                    #expect(l.text(inner) == t.text(inner), "\(key)[].\(inner)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test func readsLikeTheParsedTree() throws {
        try Self.expectSameReads(Self.sample)
        try Self.expectSameReads("{}")
        try Self.expectSameReads(" \n{ \"Id\" : \"x\" , \"id\":\"y\" }\t")
    }

    /// Member names with escapes or non-ASCII bytes, and many members (the hashed lookup).
    @Test func unusualNamesAndManyMembers() throws {
        try Self.expectSameReads(#"{"\u0049d":"escaped name","Zoë":"z","Id":"plain"}"#)
        let many = (0..<300).map { "\"K\($0)\":\($0)" }.joined(separator: ",")
        try Self.expectSameReads("{" + many + ",\"Id\":\"last\",\"ID\":\"later\"}")
        let collisions = (0..<40).map { "\"I\(String(repeating: "x", count: $0 % 3))d\":\($0)" }.joined(separator: ",")
        try Self.expectSameReads("{" + collisions + ",\"iD\":1,\"Id\":2}")
    }

    /// Every prefix and single-byte corruption of the sample: accepted exactly when the parser
    /// accepts an object, and rejected with the parser's reason.
    @Test func acceptsAndRejectsLikeTheParser() throws {
        let bytes = Array(Self.sample.utf8)
        var variants: [[UInt8]] = (0...bytes.count).map { Array(bytes.prefix($0)) }
        let replacements: [UInt8] = [0x22, 0x5C, 0x00, 0x0A, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x30, 0x2D, 0x2E, 0x65, 0x75, 0x74, 0xFF, 0x20]
        for (i, _) in bytes.enumerated() where i % 3 == 0 {
            for r in replacements {
                var v = bytes
                v[i] = r
                variants.append(v)
            }
        }
        variants.append(Array(("{\"a\":" + String(repeating: "[", count: 255) + String(repeating: "]", count: 255) + "}").utf8))
        variants.append(Array(("{\"a\":" + String(repeating: "[", count: 256) + String(repeating: "]", count: 256) + "}").utf8))
        variants.append(Array("[{\"a\":1}]".utf8))
        for variant in variants {
            let expected: Result<JSONObject, UALRecordError>
            do { expected = .success(try RecordProcessor.parseObject(variant, what: "AuditData")) } catch { expected = .failure(error) }
            switch (expected, Result { () throws(UALRecordError) in try AuditObject.parse(variant, what: "AuditData") }) {
            case (.success(let tree), .success(let lazy)):
                for key in Self.keys { #expect(lazy.field(key) == tree.field(key)) }
            case (.failure(let a), .failure(let b)):
                #expect(a.reason == b.reason)
            default:
                Issue.record("parser and index disagree on \(String(decoding: variant, as: UTF8.self).debugDescription)")
            }
        }
    }
}
