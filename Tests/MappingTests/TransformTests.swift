import Foundation
import TesseraSDK
import Testing

@testable import MappingPlugin

/// Every transform, through a real mapping so the YAML spelling is tested too.
@Suite struct TransformTests {
    /// Maps one JSON Lines record whose `v` holds `input`, applying `transforms` (YAML flow list),
    /// and returns the resulting `details.out`.
    func apply(_ transforms: String, to input: String, extra: String = "") throws -> JSONValue? {
        let yaml = """
            mapping: t
            input: {kind: json-lines}
            detect: {keys: [v]}
            \(extra)
            fields:
              time: {const: "2024-01-01T00:00:00Z"}
              operation: {const: op}
              details:
                out: {from: v, transforms: \(transforms)}
            """
        var record = JSONObject()
        record["v"] = .string(input)
        let sink = try run(try mapping(yaml), JSONWriter.string(record))
        #expect(sink.rejects.isEmpty)
        return sink.events.first?.details["out"]
    }

    @Test func caseAndTrim() throws {
        #expect(try apply("[lowercase]", to: "Alice@Contoso.COM") == .string("alice@contoso.com"))
        #expect(try apply("[uppercase]", to: "get") == .string("GET"))
        #expect(try apply("[trim]", to: "  x \t") == .string("x"))
    }

    @Test func splitIndexJoin() throws {
        #expect(try apply("[{split: ';'}]", to: "a;b;c") == .array([.string("a"), .string("b"), .string("c")]))
        #expect(try apply("[{split: {separator: ';', index: 1}}]", to: "a;b;c") == .string("b"))
        #expect(try apply("[{split: {separator: '/', index: -1}}]", to: "x/y/z.txt") == .string("z.txt"))
        #expect(try apply("[{split: ' '}, {index: 0}]", to: "GET /k HTTP/1.1") == .string("GET"))
        #expect(try apply("[{split: ','}, {join: ' | '}]", to: "a,b") == .string("a | b"))
        #expect(try apply("[{split: {separator: ';', index: 9}}]", to: "a;b") == nil)
    }

    @Test func htmlAndURLDecoding() throws {
        #expect(try apply("[html_decode]", to: "&quot;0x8D6F&quot; &amp; &lt;b&gt; &#39;x&#x27; &bogus;") == .string("\"0x8D6F\" & <b> 'x' &bogus;"))
        #expect(try apply("[url_decode]", to: "reports/Q1%20final%2Bv2.pdf%zz") == .string("reports/Q1 final+v2.pdf%zz"))
    }

    @Test func pythonReprDictToJSON() throws {
        let out = try apply("[python_dict]", to: "{'user': 'a@b.c', 'ok': True, 'n': None, 'ids': (1, 2.5, -3), 'esc': 'it\\'s', u'u': \"dq\"}")
        #expect(
            out
                == .object(
                    JSONObject([
                        ("user", .string("a@b.c")), ("ok", .bool(true)), ("n", .null),
                        ("ids", .array([.number("1"), .number("2.5"), .number("-3")])), ("esc", .string("it's")), ("u", .string("dq")),
                    ])))
        #expect(try apply("[python_dict, {path: user}]", to: "{'user': 'x'}") == .string("x"))
        #expect(try apply("[python_dict]", to: "{'unterminated': 'x}") == nil)
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try apply("[python_dict]", to: deep) == nil)
    }

    @Test func parseJSONAndPath() throws {
        #expect(try apply("[json, {path: 'a.b[1]'}]", to: #"{"a":{"b":[10,20]}}"#) == .number("20"))
        #expect(try apply("[json, {path: 'items[name=x].v'}]", to: #"{"items":[{"name":"y","v":1},{"name":"x","v":2}]}"#) == .number("2"))
        #expect(try apply("[json]", to: "{not json") == nil)
    }

    @Test func stripPortAndBasename() throws {
        #expect(try apply("[strip_port]", to: "40.91.210.176:7040") == .string("40.91.210.176"))
        #expect(try apply("[strip_port]", to: "[2001:DB8::1]:443") == .string("2001:db8::1"))
        #expect(try apply("[strip_port]", to: "not-an-ip") == .string("not-an-ip"))
        #expect(try apply("[basename]", to: "/acct/container/dir/file.docx") == .string("file.docx"))
    }

    @Test func regexCapturesReplaceNullIf() throws {
        #expect(try apply("[{regex: 'user=(\\w+)'}]", to: "id=4 user=bob ok") == .string("bob"))
        #expect(try apply("[{regex: {pattern: '(?<verb>[A-Z]+) (?<path>\\S+)', group: path}}]", to: "GET /a/b HTTP/1.1") == .string("/a/b"))
        #expect(try apply("[{regex: {pattern: '(\\d+)-(\\d+)', group: 2}}]", to: "10-20") == .string("20"))
        #expect(try apply("[{regex: 'nomatch(\\d)'}]", to: "abc") == nil)
        #expect(try apply("[{replace: {pattern: '\\?.*$', with: ''}}]", to: "https://h/p?sig=secret") == .string("https://h/p"))
        #expect(try apply("[{null_if: ['-', 'N/A']}]", to: "-") == nil)
        #expect(try apply("[{null_if: '-'}]", to: "x") == .string("x"))
    }

    @Test func lookupWithAndWithoutDefaultIgnoringCase() throws {
        let tables = """
            lookups:
              verbs: {map: {Get: read, Put: upload}, ignore_case: true, default: other}
              strict: {Get: read}
            """
        #expect(try apply("[{lookup: verbs}]", to: "GET", extra: tables) == .string("read"))
        #expect(try apply("[{lookup: verbs}]", to: "Patch", extra: tables) == .string("other"))
        #expect(try apply("[{lookup: strict}]", to: "GET", extra: tables) == nil)
        #expect(try apply("[{lookup: strict}]", to: "Get", extra: tables) == .string("read"))
    }

    @Test func firstOfSeveralFieldsTemplatesConditionsAndDefaults() throws {
        let yaml = """
            mapping: t
            input: {kind: json-lines}
            detect: {keys: [kind]}
            fields:
              time: {from: [ts, alt_ts], formats: [epoch_ms]}
              operation: [op, kind]
              actor: {from: [user.upn, user.name], default: nobody}
              resource: {template: "s3://{bucket}/{key}"}
              resource_name: {first: [{from: key, if: {kind: object}}, {const: bucket-level, unless: key}]}
              outcome:
                first:
                  - {const: failure, if: {status: {matches: '^[45]'}}}
                  - {const: success, if: {status: {present: true}}}
            """
        let input = """
            {"kind":"object","ts":"1700000000123","user":{"name":"Bob"},"bucket":"b","key":"k.txt","status":"404"}
            {"kind":"bucket","alt_ts":"1700000000000","op":"List","bucket":"b","status":200}
            """
        let sink = try run(try mapping(yaml), input)
        #expect(sink.rejects.isEmpty)
        let (a, b) = (sink.events[0], sink.events[1])
        #expect(a.timestampUs == 1_700_000_000_123_000)
        #expect(a.operation == "object")
        #expect(b.operation == "List")
        #expect(a.actorRaw == "Bob")
        #expect(b.actorRaw == "nobody")
        #expect(a.resource == "s3://b/k.txt")
        #expect(b.resource == nil)
        #expect(a.resourceName == "k.txt")
        #expect(b.resourceName == "bucket-level")
        #expect(a.outcome == "failure")
        #expect(b.outcome == "success")
    }
}
