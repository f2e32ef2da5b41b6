import Foundation
import TesseraSDK
import Testing

@testable import MappingPlugin

/// Attacker-controlled input: nothing crashes, nothing is lost silently, memory stays bounded.
@Suite struct InputRobustnessTests {
    static func jsonMapping(kind: String, extra: String = "") throws -> MappingIngestPlugin {
        try mapping(
            """
            mapping: j
            input: {kind: \(kind)\(extra)}
            detect: {keys: [t]}
            fields: {time: t, operation: op}
            """)
    }

    @Test func arrayElementsAreStreamedWithLocatorsAndBadOnesRejected() throws {
        let text = """
            [
              {"t": "2024-01-01T00:00:00Z", "op": "a"},
              {"t": "2024-01-01T00:00:01Z", "op": "b", "nested": {"x": [1, 2, {"y": "]}{["}]}},
              {"t": "not a time", "op": "c"},
              "a string, not an object",
              {"t": "2024-01-01T00:00:02Z", "op": tru}
            ]
            """
        let sink = try run(try Self.jsonMapping(kind: "json-array"), text)
        #expect(sink.records.map(\.locator) == ["element 1 (line 2)", "element 2 (line 3)"])
        #expect(sink.rejects.map(\.locator) == ["element 3 (line 4)", "element 4 (line 5)", "element 5 (line 6)"])
        #expect(sink.rejects[1].reason.contains("not a JSON object"))
        #expect(sink.rejects[2].reason.contains("invalid JSON"))
        #expect(String(decoding: sink.records[1].raw, as: UTF8.self).hasSuffix(#"{"y": "]}{["}]}}"#))
    }

    @Test func recordsMemberIsFoundAfterOtherMembersAndOtherwiseReported() throws {
        let text = #"{"meta": {"skip": [1, {"Records": "decoy"}], "s": "}"}, "Records": [{"t": "2024-01-01T00:00:00Z", "op": "x"}], "tail": 1}"#
        let sink = try run(try Self.jsonMapping(kind: "json-records", extra: ", records: Records"), text)
        #expect(sink.events.map(\.operation) == ["x"])
        #expect(throws: EvidenceError.self) { try run(try Self.jsonMapping(kind: "json-records", extra: ", records: Records"), #"{"Other": []}"#) }
        #expect(throws: EvidenceError.self) { try run(try Self.jsonMapping(kind: "json-array"), #"{"t": 1}"#) }
    }

    @Test func trailingCommaIsTolerated() throws {
        let sink = try run(try Self.jsonMapping(kind: "json-array"), #"[{"t": "2024-01-01T00:00:00Z", "op": "a"},]"#)
        #expect(sink.records.count == 1)
        #expect(sink.rejects.isEmpty)
        #expect(sink.warnings.isEmpty)
    }

    @Test func structuralGarbageBetweenElementsStopsTheFileLoudly() throws {
        let text = #"[{"t": "2024-01-01T00:00:00Z", "op": "a"} {"t": "x"}]"#
        #expect(throws: EvidenceError.self) { try run(try Self.jsonMapping(kind: "json-array"), text) }
    }

    @Test func deepNestingIsBoundedNotACrash() throws {
        let deep = "[" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "]"
        let deepSink = try run(try Self.jsonMapping(kind: "json-array"), deep)
        #expect(deepSink.rejects.count == 1)
        #expect(deepSink.rejects[0].reason.contains("nesting"))
        let line = String(repeating: "[", count: 10_000) + "\n"
        let sink = try run(try Self.jsonMapping(kind: "json-lines"), line)
        #expect(sink.rejects.count == 1)
        #expect(sink.rejects[0].reason.contains("nesting"))
    }

    @Test func overlongElementsAndLinesAreRejectedWithTheirStartKept() throws {
        let big = String(repeating: "x", count: 5000)
        let array = #"[{"t": "2024-01-01T00:00:00Z", "op": "\#(big)"}, {"t": "2024-01-01T00:00:00Z", "op": "ok"}]"#
        let sink = try run(try Self.jsonMapping(kind: "json-array", extra: ", max_record_bytes: 2048"), array)
        #expect(sink.rejects.count == 1)
        #expect(sink.rejects[0].raw.count == 2048)
        #expect(sink.rejects[0].reason.contains("longer than 2048"))
        #expect(sink.events.map(\.operation) == ["ok"])
        let lines = #"{"t": "2024-01-01T00:00:00Z", "op": "\#(big)"}"# + "\n" + #"{"t": "2024-01-01T00:00:00Z", "op": "ok"}"#
        let lineSink = try run(try Self.jsonMapping(kind: "json-lines", extra: ", max_record_bytes: 2048"), lines)
        #expect(lineSink.rejects.map(\.locator) == ["line 1"])
        #expect(lineSink.events.map(\.operation) == ["ok"])
    }

    @Test func autoLayoutReadsArraysRecordsObjectsAndJSONLines() throws {
        let m = try Self.jsonMapping(kind: "json", extra: ", records: [items, entries]")
        let one = #"{"t": "2024-01-01T00:00:00Z", "op": "a"}"#
        #expect(try run(m, "[\(one), \(one)]").events.count == 2)
        #expect(try run(m, #"{"next": "p2", "entries": [\#(one)]}"#).events.count == 1)
        #expect(try run(m, "\(one)\n\n\(one)\r\n\(one)").events.count == 3)
        #expect(try run(m, "   \n").records.isEmpty)
        #expect(throws: EvidenceError.self) { try run(m, "hello") }
        // UTF-8 BOM and UTF-16 are decoded before reading.
        #expect(try run(m, [0xEF, 0xBB, 0xBF] + Array("[\(one)]".utf8)).events.count == 1)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "[\(one)]".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try run(m, utf16).events.count == 1)
    }

    @Test func unbalancedQuotesInDelimitedAndCSVDoNotSwallowTheFile() throws {
        let csv = try mapping(
            """
            mapping: c
            input: {kind: csv}
            detect: {columns: [t, op]}
            fields: {time: t, operation: op}
            """)
        let sink = try run(csv, "t,op\n2024-01-01T00:00:00Z,\"open\n")
        #expect(sink.records.isEmpty)
        #expect(sink.rejects.count == 1)
        #expect(sink.rejects[0].reason.contains("unterminated"))
        let header = try run(csv, "t,op\n")
        #expect(header.records.isEmpty && header.rejects.isEmpty)
    }

    @Test func missingHeaderColumnsAreWarnedAbout() throws {
        let csv = try mapping(
            """
            mapping: c
            input: {kind: csv}
            detect: {columns: [t, op]}
            fields: {time: t, operation: op, actor: user}
            """)
        let sink = try run(csv, "t,op\n2024-01-01T00:00:00Z,x\n")
        #expect(sink.warnings == ["mapping c: columns not in this file's header: user; their fields stay empty"])
        #expect(sink.events.first?.actor == nil)
    }

    @Test func eachWithNoElementsIsARejectNotASilentDrop() throws {
        let m = try mapping(
            """
            mapping: e
            input: {kind: json-lines}
            detect: {keys: [t]}
            each: events
            fields: {time: t, operation: "@.name"}
            """)
        let sink = try run(m, "{\"t\": \"2024-01-01T00:00:00Z\", \"events\": []}\n{\"t\": \"2024-01-01T00:00:00Z\", \"events\": [{\"name\": \"a\"}, {}]}\n")
        #expect(sink.records.isEmpty)
        #expect(sink.rejects.count == 2)
        #expect(sink.rejects[0].reason.contains("has no elements"))
        #expect(sink.rejects[1].reason.contains("element 2 of `events`: field `operation`"))
    }
}
