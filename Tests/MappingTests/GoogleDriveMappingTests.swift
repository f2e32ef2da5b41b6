import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import MappingPlugin

@Suite struct GoogleDriveMappingTests {
    @Test(.realSamples) func realReportsAPISampleYieldsOneEventPerActivityEvent() throws {
        let bytes = try RealSamples.bytes("sentinel-gworkspace-drive-box/GWorkspace_ReportsAPI_drive_CL.json")
        #expect(try claimants(fileName: "GWorkspace_ReportsAPI_drive_CL.json", bytes) == ["google-drive"])
        let sink = try run(try builtIn("google-drive"), bytes)
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.count == 2)
        #expect(sink.events.count == 10)
        let first = sink.events[0]
        #expect(first.timestampUs == (try µs("2020-11-10T07:52:59.677Z")))
        #expect(first.timestampRaw == "2020-11-10T07:52:59.677Z")
        #expect(first.operation == "upload")
        #expect(first.action == EventAction.upload)
        #expect(first.category == EventCategory.file)
        #expect(first.actor == "user2@company.com")
        #expect(first.clientIP == "51.51.51.51")
        #expect(first.tenant == "C015t6bdl")
        #expect(first.resource == "https://drive.google.com/open?id=11fXyLycI_mOzOV0oVlbLfI_KkHy96lN5")
        #expect(first.resourceName == "fdaf7afe-7e4d-4359-82bd-f01a9867f535-chunk-161618")
        #expect(first.resourceType == ResourceType.file)
        #expect(first.details["owner"] == .string("user2@company.com"))
        let operations = sink.events.prefix(5).map(\.operation)
        #expect(operations == ["upload", "edit", "change_user_access", "change_acl_editors", "add_to_folder"])
        #expect(sink.events.prefix(5).map(\.action) == ["upload", "modify", "permission_grant", "permission_grant", "move"])
        #expect(sink.events[3].details["new_value"] == .array([.string("owner"), .string("writers")]))
        #expect(sink.records[0].locator == "element 1 (line 2)")
        #expect(sink.records[0].dedupKey == "google-drive:2020-11-10T07:52:59.677Z/-7089930217897997074")
        #expect(sink.records[0].raw.first == UInt8(ascii: "{"))
    }

    @Test func apiResponsePageWithItemsIsReadToo() throws {
        let page = """
            {"kind":"admin#reports#activities","items":[{"kind":"admin#reports#activity","id":{"time":"2024-01-02T03:04:05.000Z","uniqueQualifier":"1","applicationName":"drive","customerId":"C1"},"actor":{"email":"A@Example.com"},"ipAddress":"2001:DB8::1","events":[{"type":"access","name":"download","parameters":[{"name":"doc_id","value":"d1"},{"name":"doc_title","value":"Budget.xlsx"},{"name":"doc_type","value":"spreadsheet"}]}]}]}
            """
        #expect(try claimants(fileName: "page.json", Array(page.utf8)) == ["google-drive"])
        let sink = try run(try builtIn("google-drive"), page)
        #expect(sink.events.count == 1)
        #expect(sink.events[0].action == EventAction.download)
        #expect(sink.events[0].actor == "a@example.com")
        #expect(sink.events[0].actorRaw == "A@Example.com")
        #expect(sink.events[0].clientIP == "2001:db8::1")
    }
}
