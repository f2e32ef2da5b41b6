import Foundation
import TesseraSDK
import Testing

@testable import CustomerLockboxPlugin

@Suite struct CustomerLockboxPluginTests {
    private func ingest(_ text: String) throws -> CollectingSink {
        let sink = CollectingSink()
        try CustomerLockboxPlugin().ingest(
            EvidenceInput(bytes: MemoryByteSource(text)),
            context: IngestContext(displayPath: "lockbox.json"), sink: sink)
        return sink
    }

    static let approved =
        #"{"id":"/subscriptions/s1/providers/Microsoft.CustomerLockbox/requests/r1","properties":{"requestId":"r1","justification":"Investigating VM boot failure","status":"Approved","createdDateTime":"2024-02-12T02:00:00Z","expirationDateTime":"2024-02-16T02:00:00Z","duration":4,"requestedResourceIds":["SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/DC01"],"resourceType":"Virtual Machine","supportRequest":"2402120010001234","supportCaseUrl":"https://portal.azure.com/x","subscriptionId":"s1"}}"#

    @Test func apiResponseBecomesAnApprovalWindow() throws {
        let sink = try ingest(#"{"value":["# + Self.approved + #"],"nextLink":null}"#)
        #expect(sink.rejects.isEmpty)
        let record = try #require(sink.records.first)
        #expect(record.locator == "value[0]")
        let session = try #require(record.supportSession)
        #expect(session.kind == .lockbox)
        #expect(session.interactionID == "2402120010001234")
        #expect(Timestamp.iso8601(session.startUs) == "2024-02-12T02:00:00.000000Z")
        #expect(session.endUs.map(Timestamp.iso8601) == "2024-02-12T06:00:00.000000Z")
        #expect(session.details["duration_hours"] == .number("4"))
        #expect(session.details["access_granting_status"] == .bool(true))
        #expect(record.events.count == 1)
        #expect(record.events[0].resource == "subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/dc01")
        #expect(record.events[0].outcome == "approved")
    }

    @Test func jsonLinesAndBadRequests() throws {
        let sink = try ingest(Self.approved + "\n" + #"{"properties":{"requestId":"r2","status":"Pending"}}"# + "\n{oops\n")
        #expect(sink.records.count == 1)
        #expect(sink.rejects.map(\.locator) == ["line 2", "line 3"])
        #expect(sink.rejects[0].reason == "request without `createdDateTime`")
    }

    @Test func detectionIsSpecific() {
        let plugin = CustomerLockboxPlugin()
        #expect(plugin.detect(SniffedHead(fileName: "r.json", bytes: Array(Self.approved.utf8))) == "lockbox-requests-json")
        #expect(plugin.detect(SniffedHead(fileName: "r.json", bytes: Array(#"{"Records":[{"eventName":"GetObject"}]}"#.utf8))) == nil)
    }
}
