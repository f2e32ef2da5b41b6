import TesseraSDK
import Testing

@testable import AzureMonitorPlugin

/// Bad input becomes rejects (raw kept, reason given) and warnings; records read always equal
/// records stored plus rejects.
@Suite struct BadInputTests {
    @Test func truncatedRecordsBlobKeepsTheCompleteRecordsAndRejectsTheCutOne() throws {
        let text = "{\"records\": [\n" + ShapeTests.secretGet + ",\n" + String(ShapeTests.secretGet.prefix(120))
        let sink = try ingest(text)
        #expect(sink.records.count == 1 && sink.rejects.count == 1)
        #expect(sink.rejects[0].reason.contains("file ends inside this element"))
        #expect(sink.rejects[0].locator == "records element 2 (line 3)")
        #expect(sink.warnings.contains { $0.contains("not closed") })
    }

    @Test func truncatedSingleDocumentIsRejectedWithTheParseError() throws {
        let sink = try ingest(String(ShapeTests.secretGet.dropLast(40)))
        #expect(sink.records.isEmpty && sink.rejects.count == 1)
        #expect(sink.rejects[0].reason.hasPrefix("invalid JSON at byte") && sink.rejects[0].locator == "document")
    }

    @Test func csvRowMissingAColumnIsRejected() throws {
        let csv =
            "TimeGenerated [UTC],OperationNameValue,Caller,CallerIpAddress,CorrelationId,Type\n"
            + "2024-05-01T10:00:00Z,MICROSOFT.NETWORK/ROUTETABLES/WRITE,eng@contoso.example,203.0.113.5,k,AzureActivity\n"
            + "2024-05-01T10:01:00Z,MICROSOFT.NETWORK/ROUTETABLES/WRITE,eng@contoso.example,k,AzureActivity\n"
        let sink = try ingest(csv)
        #expect(sink.records.count == 1 && sink.rejects.count == 1)
        #expect(sink.rejects[0].locator == "line 3" && sink.rejects[0].reason.hasPrefix("row has 5 fields but the header has 6 columns"))
        #expect(String(decoding: sink.rejects[0].raw, as: UTF8.self).hasPrefix("2024-05-01T10:01:00Z,"))
    }

    /// A portal time cut after its minutes' colon crashed the ingest (the US-localized reader split
    /// an empty seconds field); it is a reject naming the field and the text.
    @Test func aPortalTimeCutShortIsRejected() throws {
        let csv =
            "TimeGenerated [UTC],OperationNameValue,Caller,CallerIpAddress,CorrelationId,Type\n"
            + "\"5/1/2024, 10:00:00.000 AM\",MICROSOFT.NETWORK/ROUTETABLES/WRITE,eng@contoso.example,203.0.113.5,k,AzureActivity\n"
            + "\"5/1/2024, 10:01: AM\",MICROSOFT.NETWORK/ROUTETABLES/WRITE,eng@contoso.example,203.0.113.5,l,AzureActivity\n"
        let sink = try ingest(csv)
        #expect(sink.records.count == 1 && sink.rejects.count == 1)
        #expect(sink.rejects.first?.locator == "line 3")
        #expect(sink.rejects.first?.reason.contains("unrecognized timestamp '5/1/2024, 10:01: AM'") == true, "\(sink.rejects)")
    }

    @Test func signInWithoutUPNIsKeptUnderItsObjectIdWithAWarningOrRejectedWhenNoOneIsNamed() throws {
        let base =
            #"{"id":"ID","createdDateTime":"2024-05-01T10:00:00Z","appDisplayName":"Azure Portal","conditionalAccessStatus":"success","status":{"errorCode":0},"ipAddress":"203.0.113.5"USER}"#
        let withID = base.replacingOccurrences(of: "ID", with: "s-1").replacingOccurrences(
            of: "USER", with: #","userId":"0f1e2d3c-aaaa-bbbb-cccc-000000000001""#)
        let nobody = base.replacingOccurrences(of: "ID", with: "s-2").replacingOccurrences(of: "USER", with: "")
        let sink = try ingest(withID + "\n" + nobody + "\n")
        #expect(sink.records.count == 1 && sink.rejects.count == 1)
        #expect(sink.events[0].actor == "0f1e2d3c-aaaa-bbbb-cccc-000000000001" && sink.events[0].actorType == "user")
        #expect(sink.rejects[0].locator == "line 2" && sink.rejects[0].reason.contains("without `userPrincipalName`"))
        #expect(sink.warnings.count == 1 && sink.warnings[0].contains("1 sign-in(s) have no userPrincipalName"))
    }

    @Test func otherResourceLogsAndBadTimesAreRejectedWithReasons() throws {
        let storage = #"{"time":"2024-05-01T10:00:00Z","resourceId":"/subscriptions/s/x","operationName":"GetBlob","category":"StorageRead"}"#
        let badTime = ShapeTests.secretGet.replacingOccurrences(of: "2023-04-02T02:05:19.0176520Z", with: "yesterday")
        let sink = try ingest("[" + ShapeTests.secretGet + "," + storage + "," + badTime + ",42]")
        #expect(sink.records.count == 1 && sink.rejects.count == 3)
        #expect(sink.rejects[0].reason.contains("category `StorageRead`"))
        #expect(sink.rejects[1].reason == "field `time`: unrecognized timestamp 'yesterday'")
        #expect(sink.rejects[2].reason == "not a JSON object")
    }

    @Test func aFileThatIsNoAzureLogIsRefused() throws {
        #expect(throws: EvidenceError.self) { try ingest(#"{"Operation":"FileAccessed","Workload":"SharePoint"}"#) }
    }
}
