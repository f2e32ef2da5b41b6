import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import UnifiedAuditLogPlugin

/// The real samples in ../shared/samples/real (see each folder's SOURCE.txt). Skipped, with a
/// printed reason, when that folder is absent.
@Suite(.realSamples)
struct RealSampleTests {
    @Test func plasoAuditDataJSONLines() throws {
        let bytes = try RealSamples.bytes("plaso-microsoft-audit-jsonl/microsoft_audit_log.jsonl")
        #expect(detect(bytes) == "m365-ual-auditdata-jsonl")
        let sink = try ingest(bytes, file: "microsoft_audit_log.jsonl")
        #expect(sink.records.count == 4)
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.map(\.locator) == ["line 1", "line 2", "line 3", "line 4"])

        let first = try #require(sink.records.first?.events.first)
        #expect(sink.records[0].dedupKey == "ual:c9d2d808-0efe-48cb-eaec-08da3028eb80")
        #expect(first.iso == "2022-05-07T12:55:53.000000Z") // CreationTime has no zone: UTC
        #expect(first.timestampRaw == "2022-05-07T12:55:53")
        #expect(first.operation == "Install-DefaultSharingPolicy")
        #expect(first.category == EventCategory.admin)
        #expect(first.action == EventAction.configChange)
        #expect(first.outcome == "success")
        // UserType 3 but NT AUTHORITY\SYSTEM: a system account, not a Microsoft engineer.
        #expect(first.actorType == ActorType.system)
        #expect(first.actorRaw == "NT AUTHORITY\\SYSTEM (Microsoft.Exchange.Servicehost)")
        #expect(first.tenant == "sst5f.onmicrosoft.com")
        #expect(first.details["Parameters"]?.objectValue?.string("Organization") == "sst5f.onmicrosoft.com")
        #expect(first.details["RecordTypeName"] == .string("ExchangeAdmin"))

        let setPlan = sink.records[1].events[0]
        #expect(setPlan.details["Parameters"]?.objectValue?.keys == ["DomainController", "ResetPasswordOnNextLogon", "Identity"])
        #expect(
            setPlan.resource
                == "EURP193A005.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/sst5f.onmicrosoft.com/ExchangeOnlineDeskless-96d3a052-0b63-4281-aae5-cfb3ad49523e"
        )

        let login = sink.records[3].events[0]
        #expect(login.action == EventAction.signIn)
        #expect(login.category == EventCategory.auth)
        #expect(login.actor == "piet@sst5f.onmicrosoft.com")
        #expect(login.actorType == ActorType.user)
        #expect(login.clientIP == "0.0.0.0")
        #expect(login.resourceType == ResourceType.user)
        #expect(login.details["TargetApplication"] == .string("00000003-0000-0000-c000-000000000000"))
        #expect(login.iso == "2022-05-08T15:13:41.000000Z")
        #expect(Array(String(decoding: sink.records[3].raw, as: UTF8.self).prefix(40)) == Array("{\"CreationTime\":\"2022-05-08T15:13:41\",\"Id".prefix(40)))
    }

    @Test func sentinelOfficeActivityMailItemsAccessed() throws {
        let bytes = try RealSamples.bytes("otrf-goldensaml-mailitemsaccessed/OfficeActivityEvents.json")
        #expect(detect(bytes) == "m365-ual-sentinel-officeactivity-json")
        let sink = try ingest(bytes, file: "OfficeActivityEvents.json")
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.count == 1)
        let record = try #require(sink.records.first)
        #expect(record.dedupKey == "ual:699e0b10-1c53-403e-976f-ce0847a92b44") // OfficeId = AuditData.Id
        #expect(record.raw == Array(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines).utf8))
        // Bind access: one event per item of Folders[].FolderItems[] (7 in the sample).
        #expect(record.events.count == 7)
        let event = record.events[1]
        #expect(event.action == EventAction.read)
        #expect(event.category == EventCategory.mail)
        #expect(event.resourceType == ResourceType.mailItem)
        #expect(event.resource == "pgustavo@simulandlabs.com/<AB1CD23EF4567DAC24353B8AD047DDEB0B1EB9@AB1CD23EF4567.abcdef12.prod.outlook.com>")
        #expect(event.details["FolderPath"] == .string("\\Inbox"))
        #expect(event.details["MailAccessType"] == .string("Bind"))
        #expect(event.clientIP == "1.2.3.4")
        #expect(event.actorType == ActorType.owner) // Logon_Type Owner
        #expect(event.actor == "pgustavo@simulandlabs.com")
        #expect(event.iso == "2021-08-02T13:32:07.000000Z")
        #expect(event.timestampRaw == "2021-08-02T13:32:07Z")
        #expect(event.details["TimeSource"] == .string("OfficeActivity.TimeGenerated"))
        #expect(event.userAgent == "Client=REST;;")
        #expect(event.outcome == "success")
        #expect(event.tenant == "simulandlabs.onmicrosoft.com")
    }

    /// The only public "Microsoft Operator" AuditData is a documentation snippet whose
    /// Parameters array is truncated: as AuditData in an export it must become a reject that keeps
    /// the whole row and says why, and nothing else in the file may be lost.
    @Test func truncatedMicrosoftOperatorAuditDataBecomesReject() throws {
        let snippet = String(
            decoding: try RealSamples.bytes("msdocs-microsoft-operator-ual/microsoft_operator_New-TransportRule_doc_snippet_verbatim.txt"), as: UTF8.self)
        #expect(detect(Array(snippet.utf8)) == nil) // a Markdown snippet, not an export
        let auditData = snippet.trimmingCharactersInWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "*"))
        let csv =
            [
                purviewHeader,
                purviewRow(
                    id: "a1b2c3d4-daa0-4c4f-a019-03a1234a1b0c", creationDate: "2018-11-28T23:35:01.0000000Z", recordType: "ExchangeAdmin",
                    operation: "New-TransportRule", userID: "Microsoft Operator", auditData: auditData),
                purviewRow(id: "f-1", operation: "FileDownloaded", userID: "alice@contoso.onmicrosoft.com", auditData: fileDownloaded(id: "f-1")),
            ].joined(separator: "\r\n") + "\r\n"
        let sink = try ingest(csv)
        #expect(sink.records.count == 1)
        let reject = try #require(sink.rejects.first)
        #expect(reject.locator == "line 2")
        #expect(reject.reason.hasPrefix("AuditData is not valid JSON (invalid JSON at byte "))
        let raw = String(decoding: reject.raw, as: UTF8.self)
        #expect(raw.hasPrefix("a1b2c3d4-daa0-4c4f-a019-03a1234a1b0c,2018-11-28T23:35:01.0000000Z,ExchangeAdmin,New-TransportRule,Microsoft Operator,\"{"))
        #expect(raw.contains("…etc."))
    }

    /// Other formats' JSON must not be claimed by this plugin.
    @Test func otherFormatsAreNotClaimed() throws {
        let others = [
            "plaso-microsoft-audit-jsonl/aws_cloudtrail.jsonl",
            "plaso-microsoft-audit-jsonl/azure_activity_log.jsonl",
            "otrf-goldensaml-mailitemsaccessed/AADAuditEvents.json",
            "otrf-aws-s3-ec2-proxy-exfiltration/ec2_proxy_s3_exfiltration_2020-09-14011940.json",
            "azure-customer-lockbox-api-examples/Requests_List.json",
            "azure-customer-lockbox-api-examples/Operations_List.json",
            "sentinel-gworkspace-drive-box/BoxEvents_CL.json",
            "sentinel-gworkspace-drive-box/GWorkspace_ReportsAPI_drive_CL.json",
            "mslearn-azure-storage-analytics-v2/storage_analytics_v2_excerpt.log",
        ]
        for path in others {
            #expect(detect(try RealSamples.bytes(path)) == nil, "claimed \(path)")
        }
    }
}
