import Foundation
import TesseraSDK
import Testing

@testable import MappingPlugin

/// A mapping written here for a shape nobody ships: a document-management system's export with
/// a two-line preamble, '#' comments, ';' separators, local times without a zone and a
/// Python-repr "context" column.
@Suite struct UserMappingTests {
    static let yaml = """
        # Acme DMS audit export, written by an analyst in a few minutes.
        mapping: acme-dms
        version: "2"
        description: Acme DMS audit export (CSV)
        format: acme-dms-audit
        input:
          kind: csv
          delimiter: ";"
          skip_lines: 2
          comment: "#"
        detect:
          columns: [When, Who, Verb, Document, Context]
        lookups:
          verbs: {map: {OPEN: read, SAVE: modify, EXPORT: export, GRANT: permission_grant}, default: other}
        let:
          context: {from: Context, transforms: [python_dict]}
        fields:
          time:
            from: When
            formats: ['%d.%m.%Y %H:%M:%S']
            description: Audit Time
          operation: Verb
          action: {from: Verb, lookup: verbs}
          category: {const: file}
          actor: Who
          client_ip: {from: $context.ip}
          resource: {template: "acme://{Document}"}
          resource_name: {from: Document, transforms: [basename]}
          session_id: $context.session
          details:
            workstation: $context.host
        dedup:
          prefix: acme
        """

    static let export = """
        Acme DMS 7.2 audit export
        Generated 2024-03-02 by admin
        When;Who;Verb;Document;Context
        # night shift
        01.03.2024 23:15:00;ALICE@corp.example;OPEN;/legal/merger.docx;"{'ip': '10.1.2.3:5544', 'session': 's-1', 'host': 'WS-7'}"
        01.03.2024 23:16:10;alice@corp.example;EXPORT;"/legal/merger;v2.docx";"{'ip': '10.1.2.3', 'session': 's-1'}"
        31.02.2024 00:00:00;bob@corp.example;OPEN;/x;{}
        02.03.2024 01:00:00;bob@corp.example;SAVE
        """

    @Test func preambleCommentsLocalTimeAndPythonContext() throws {
        let plugin = try mapping(Self.yaml, file: "/home/analyst/.config/tessera/mappings/acme.yaml")
        #expect(plugin.descriptor.name == "mapping:acme-dms")
        #expect(plugin.descriptor.version == "2")
        #expect(plugin.detect(SniffedHead(fileName: "audit.csv", bytes: Array(Self.export.utf8))) == "acme-dms-audit")

        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let sink = try run(plugin, Self.export, zone: berlin)
        #expect(sink.records.count == 2)
        #expect(sink.rejects.count == 2)
        let open = sink.events[0]
        #expect(open.timestampUs == (try µs("2024-03-01T22:15:00Z")))
        #expect(open.timestampDescription == "Audit Time")
        #expect(open.action == EventAction.read)
        #expect(open.actor == "alice@corp.example")
        #expect(open.clientIP == "10.1.2.3")
        #expect(open.sessionID == "s-1")
        #expect(open.details["workstation"] == .string("WS-7"))
        #expect(sink.records[0].locator == "line 5")
        let export = sink.events[1]
        #expect(export.action == EventAction.export)
        #expect(export.resource == "acme:///legal/merger;v2.docx")
        #expect(export.resourceName == "merger;v2.docx")
        #expect(sink.rejects[0].locator == "line 7")
        #expect(sink.rejects[0].reason.contains("'31.02.2024 00:00:00' matches none"))
        #expect(sink.rejects[1].locator == "line 8")
        #expect(sink.rejects[1].reason.contains("has 3 fields but the header has 5"))
        #expect(String(decoding: sink.rejects[1].raw, as: UTF8.self) == "02.03.2024 01:00:00;bob@corp.example;SAVE")
    }

    @Test func naiveLocalTimesWithoutSourceZoneAreRejectedWithTheFix() throws {
        let sink = try run(try mapping(Self.yaml), Self.export)
        #expect(sink.records.isEmpty)
        #expect(sink.rejects.count == 4)
        #expect(sink.rejects[0].reason.contains("--source-tz"))
    }

    @Test func explicitColumnsWithoutHeaderAndFixedZone() throws {
        let yaml = """
            mapping: gate
            input: {kind: csv, columns: [ts, user, door]}
            detect: {line: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2},'}
            fields:
              time: {from: ts, formats: ['%Y-%m-%d %H:%M'], zone: America/New_York}
              operation: {template: "door {door}"}
              actor: user
            """
        let plugin = try mapping(yaml)
        let text = "2024-07-04 09:30,carol,North\n2024-12-25 09:30,dave,South\n"
        #expect(plugin.detect(SniffedHead(fileName: "gate.txt", bytes: Array(text.utf8))) == "gate")
        let sink = try run(plugin, text, zone: TimeZone(identifier: "Asia/Tokyo"))
        #expect(sink.events.map(\.timestampUs) == [try µs("2024-07-04T13:30:00Z"), try µs("2024-12-25T14:30:00Z")])
        #expect(sink.events.map(\.operation) == ["door North", "door South"])
    }

    @Test func offsetRequiredWhenZoneIsValue() throws {
        let yaml = """
            mapping: strict
            input: {kind: json-lines}
            detect: {keys: [t]}
            fields:
              time: {from: t, zone: value}
              operation: {const: x}
            """
        let sink = try run(try mapping(yaml), "{\"t\":\"2024-01-01T10:00:00\"}\n{\"t\":\"2024-01-01T10:00:00+02:00\"}\n", zone: TimeZone(identifier: "UTC"))
        #expect(sink.rejects.count == 1)
        #expect(sink.rejects[0].reason.contains("requires one (zone: value)"))
        #expect(sink.events.map(\.timestampUs) == [try µs("2024-01-01T08:00:00Z")])
    }
}
