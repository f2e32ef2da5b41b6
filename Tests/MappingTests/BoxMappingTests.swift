import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import MappingPlugin

@Suite struct BoxMappingTests {
    @Test(.realSamples) func realSentinelExportWithUSLocalizedTwelveHourTimes() throws {
        let bytes = try RealSamples.bytes("sentinel-gworkspace-drive-box/BoxEvents_CL.json")
        #expect(try claimants(fileName: "BoxEvents_CL.json", bytes) == ["box-events-sentinel"])
        let sink = try run(try builtIn("box-events-sentinel"), bytes)
        #expect(sink.rejects.isEmpty)
        #expect(sink.events.count == 5)
        let open = sink.events[0]
        #expect(open.timestampRaw == "2/1/2021, 5:17:03.000 PM")
        #expect(open.timestampUs == (try µs("2021-02-01T17:17:03Z")))
        #expect(open.operation == "ITEM_OPEN")
        #expect(open.action == EventAction.read)
        #expect(open.category == EventCategory.file)
        #expect(open.actor == "name.example@example.com")
        #expect(open.actorRaw == "NAME.EXAMPLE@example.com")
        #expect(open.resource == "box:file/763669133151")
        #expect(open.resourceName == "DRAFT.msg")
        #expect(open.resourceType == ResourceType.file)
        #expect(open.clientIP == "10.10.10.10")
        #expect(open.details["parent_folder"] == .string("Evidence"))
        #expect(sink.events.map(\.action) == [EventAction.read, EventAction.modify, EventAction.copy, EventAction.download, EventAction.modify])
        #expect(sink.events[3].timestampUs == (try µs("2021-02-01T17:17:04Z")))
        #expect(sink.records[0].dedupKey == "box:53a34dc9-5a78-4d46-a4ae-2f5435e1d6c2")
    }

    /// The response shape of Box's GET /events (documented example fields).
    static let apiResponse = """
        {"chunk_size": 2, "next_stream_position": "1152922976252290886", "entries": [
          {"type": "event", "event_id": "f82c3ba03e41f7e8a7608363cc6c0390183c3f83", "created_by": {"type": "user", "id": "11446498", "name": "Aaron Levie", "login": "ceo@example.com"},
           "created_at": "2012-12-12T10:53:43-08:00", "recorded_at": "2012-12-12T10:53:48-08:00", "event_type": "DOWNLOAD", "session_id": "70090280850c8d2a1933c1", "ip_address": "198.51.100.20",
           "source": {"type": "file", "id": "12345", "name": "Contract.pdf", "parent": {"type": "folder", "id": "678", "name": "Legal"}}},
          {"type": "event", "event_id": "a1", "created_by": {"type": "user", "id": "1", "name": "Admin", "login": "admin@example.com"},
           "created_at": "2012-12-12T11:00:00-08:00", "event_type": "COLLABORATION_INVITE", "ip_address": "198.51.100.21",
           "source": {"type": "folder", "id": "678", "name": "Legal"}}
        ]}
        """

    @Test func apiEventsResponse() throws {
        #expect(try claimants(fileName: "events.json", Array(Self.apiResponse.utf8)) == ["box-events"])
        let sink = try run(try builtIn("box-events"), Self.apiResponse)
        #expect(sink.rejects.isEmpty)
        #expect(sink.events.count == 2)
        let download = sink.events[0]
        #expect(download.timestampUs == (try µs("2012-12-12T18:53:43Z")))
        #expect(download.action == EventAction.download)
        #expect(download.actor == "ceo@example.com")
        #expect(download.sessionID == "70090280850c8d2a1933c1")
        #expect(download.resource == "box:file/12345")
        #expect(download.resourceName == "Contract.pdf")
        #expect(download.details["parent_folder"] == .string("Legal"))
        #expect(sink.events[1].action == EventAction.permissionGrant)
        #expect(sink.events[1].resourceType == ResourceType.folder)
        #expect(sink.records[0].dedupKey == "box:f82c3ba03e41f7e8a7608363cc6c0390183c3f83")
    }
}

@Suite struct BoxSentinelDetectionTests {
    /// Sentinel writes every column for every row, empty when the event has no value: a key that
    /// exists with an empty value still identifies the shape.
    @Test func emptyColumnsStillIdentifyTheExport() throws {
        let row =
            #"[{"TimeGenerated [UTC]": "2/1/2021, 5:20:06.681 PM", "created_at_t [UTC]": "2/1/2021, 5:17:03.000 PM", "event_type": "LOGIN", "event_id_g": "e1", "created_by_login": "", "created_by_name": "Box Admin", "ip_address": ""}]"#
        #expect(try claimants(fileName: "BoxEvents_CL.json", Array(row.utf8)) == ["box-events-sentinel"])
        let sink = try run(try builtIn("box-events-sentinel"), row)
        #expect(sink.events.first?.actorRaw == "Box Admin")
        #expect(sink.events.first?.action == EventAction.signIn)
        #expect(sink.events.first?.category == EventCategory.auth)
    }
}
