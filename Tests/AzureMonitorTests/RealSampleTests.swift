import TesseraSDK
import TesseraTestSupport
import Testing

@testable import AzureMonitorPlugin

/// Every Azure sample in `../shared/samples/real` (see each folder's SOURCE.txt): detected, counted,
/// and its chosen fields mapped. Skipped with a printed reason where the folder is absent.
@Suite(.realSamples)
struct RealSampleTests {
    private func read(_ path: String) throws -> (format: String?, sink: TestSink) {
        let bytes = try RealSamples.bytes(path)
        return (detect(bytes), try ingest(bytes))
    }

    @Test func elasticActivityRecordsAreOneListKeysOperationInTwoRows() throws {
        let (format, sink) = try read("azure-elastic-beats-activity-records/activity_log.json")
        #expect(format == "azure-activity-json")
        #expect(sink.records.count == 2 && sink.rejects.isEmpty)
        let start = sink.events[0], failure = sink.events[1]
        #expect(start.operation == "MICROSOFT.EVENTHUB/NAMESPACES/AUTHORIZATIONRULES/LISTKEYS/ACTION")
        #expect(start.resourceType == "credential" && start.action == "read")
        #expect(start.outcome == nil && failure.outcome == "failure")
        #expect(start.detail("status") == "Start" && failure.detail("status") == "Failure")
        #expect(failure.detail("status_message")?.contains("NotFound") == true)
        // One logical operation: the same correlation id, two records kept (distinct dedup keys).
        #expect(start.sessionID == failure.sessionID && start.sessionID == "2a7e2503-d7e2-405a-a84c-c333b9f7cb73")
        #expect(sink.records[0].dedupKey != sink.records[1].dedupKey)
        #expect(start.clientIP == "51.191.161.11" && start.actorType == "service")
        #expect(start.actor == "2a7e2503-d7e2-405a-a84c-c333b9f7cb73")
        // The record's JSON is its raw text (stored once, `events.raw`), not copied into details.
        #expect(start.details["record"] == nil)
        #expect((try JSONParser.parse(sink.records[0].raw)).objectValue?["operationName"]?.stringValue == start.operation)
    }

    @Test func msDocsNetworkSecurityGroupWriteInTheRestShape() throws {
        let (format, sink) = try read("azure-msdocs-activitylog-nsg-write/activity-log-schema.md.administrative-sample.json")
        #expect(format == "azure-activity-json")
        let event = try #require(sink.events.first)
        #expect(sink.records.count == 1)
        #expect(event.operation == "Microsoft.Network/networkSecurityGroups/write")
        #expect(event.resourceType == "network-config" && event.action == "config_change" && event.outcome == "success")
        #expect(event.actor == "rob@contoso.com" && event.actorType == "user")
        #expect(event.clientIP == "111.111.1.111") // from claims.ipaddr: the REST shape has no callerIpAddress
        #expect(event.resourceName == "myNSG")
        #expect(Timestamp.iso8601(event.timestampUs) == "2018-01-29T20:42:31.381067Z")
    }

    @Test func otelAdministrativeRecordNamesTheUserFromTheTokenClaims() throws {
        let (format, sink) = try read("azure-otel-activity-administrative/valid_1.json")
        #expect(format == "azure-activity-json")
        let event = try #require(sink.events.first)
        #expect(event.operation == "MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/WRITE")
        #expect(event.actor == "user@example.com" && event.actorType == "user")
        #expect(event.tenant == "22222222-2222-2222-2222-222222222222")
        #expect(event.clientIP == "203.0.113.10")
        #expect(event.resourceName == "example-collect-sample-logs")
    }

    @Test func plasoSnakeCaseActivityLog() throws {
        let (format, sink) = try read("plaso-microsoft-audit-jsonl/azure_activity_log.jsonl")
        #expect(format == "azure-activity-json")
        #expect(sink.records.count == 4 && sink.rejects.isEmpty)
        #expect(
            sink.events.map(\.operation) == [
                "Microsoft.Compute/disks/delete", "Microsoft.Compute/virtualMachines/delete",
                "Microsoft.Compute/disks/write", "Microsoft.Compute/virtualMachines/write",
            ])
        #expect(sink.events.allSatisfy { $0.clientIP == "1.2.3.4" && $0.detail("status") == "Started" })
        #expect(sink.events[1].actor == "fakeemail@fakedomain.com")
        #expect(sink.records.allSatisfy { $0.dedupKey.hasPrefix("azure-activity:") && $0.locator.hasPrefix("line ") })
    }

    @Test func elasticAuditLogAddUser() throws {
        let (format, sink) = try read("azure-elastic-beats-auditlogs-records/audit_log.json")
        #expect(format == "entra-audit-json")
        let event = try #require(sink.events.first)
        #expect(event.operation == "Add user" && event.action == "create" && event.outcome == "success")
        #expect(event.actor == "admin@elastic365.onmicrosoft.com")
        #expect(event.resourceType == "user" && event.resource == "test_testd@elastic.co")
        #expect(sink.records[0].dedupKey.hasPrefix("entra-audit:"))
    }

    @Test func otrfAuditLogsRowsAddAnApplicationCredential() throws {
        let (format, sink) = try read("otrf-goldensaml-mailitemsaccessed/AADAuditEvents.json")
        #expect(format == "entra-audit-json")
        // Four rows, two of them the same audit record (the hunting query expands its key events): one duplicate id.
        #expect(sink.records.count == 4 && Set(sink.records.map(\.dedupKey)).count == 3)
        let credential = try #require(sink.events.first)
        #expect(credential.resourceType == "credential" && credential.action == "credential_change")
        #expect(credential.actor == "pgustavo@simulandlabs.com" && credential.resourceName == "SimuLandApp")
        #expect(credential.tenant == "00000000-0000-0000-0000-000000000000")
        #expect(sink.events.map(\.action).contains("permission_grant"))
    }

    @Test func sentinelLabAuditLogsCSVHasNoTimeColumnSoEveryRowIsRejectedWithTheReason() throws {
        let (format, sink) = try read("azure-sentinel-lab-auditlogs/AuditLogs_Hunting.csv")
        #expect(format == "entra-audit-csv")
        #expect(sink.records.isEmpty && sink.rejects.count == 5)
        #expect(sink.rejects.allSatisfy { $0.reason.hasPrefix("no timestamp:") && $0.locator.hasPrefix("line") })
        #expect(sink.warnings.count == 1 && sink.warnings[0].contains("no time column"))
        // The raw row is kept (multi-line quoted JSON cells included).
        #expect(String(decoding: sink.rejects[0].raw, as: UTF8.self).hasPrefix("Update application – Certificates and secrets management ,Victim@"))
    }

    @Test func elasticSignInFromEventHub() throws {
        let (format, sink) = try read("azure-elastic-beats-signinlogs-eventhub/signin_log.json")
        #expect(format == "entra-signin-json")
        let event = try #require(sink.events.first)
        #expect(event.action == "sign_in" && event.outcome == "success" && event.category == "auth")
        #expect(event.actor == "test_test@elastic.co" && event.resourceName == "Microsoft Office Web Apps Service")
        #expect(event.clientIP == "81.191.171.1" && event.detail("conditional_access_status") == "notApplied")
        #expect(event.detail("country") == "GB")
    }

    @Test func elasticNonInteractiveSignInKeepsTheSpaceInItsUPN() throws {
        let (format, sink) = try read("azure-elastic-integrations-noninteractive-signin/test-activitylogs-identity.log")
        #expect(format == "entra-signin-json")
        let event = try #require(sink.events.first)
        #expect(event.detail("sign_in_category") == "NonInteractiveUserSignInLogs")
        #expect(event.actor == "michell lan@zzzz.com" && event.actorRaw == "Michell Lan@zzzz.com")
        #expect(event.detail("is_interactive") == "false" && event.detail("conditional_access_status") == "success")
    }

    @Test func graphSignInPageWithDuplicateKeys() throws {
        let (format, sink) = try read("azure-msgraph-docs-signins-beta/signin-list.md.example-1.response.json")
        #expect(format == "entra-signin-json")
        let event = try #require(sink.events.first)
        #expect(sink.records[0].locator.hasPrefix("value element 1 (lines "))
        #expect(event.action == "sign_in_failed" && event.outcome == "failure" && event.detail("error_code") == "50126")
        #expect(event.actor == "testaccount1@contoso.com" && event.resourceName == "Azure Portal")
        #expect(event.detail("city") == "Redmond" && event.clientIP == "131.107.159.37")
        #expect(Timestamp.iso8601(event.timestampUs) == "2021-06-30T16:34:32.000000Z")
    }

    @Test func keyVaultVaultGet() throws {
        let (format, sink) = try read("azure-msdocs-keyvault-auditevent/logging.md.example-1.json")
        #expect(format == "keyvault-audit-json")
        let event = try #require(sink.events.first)
        #expect(event.operation == "VaultGet" && event.action == "read" && event.outcome == "success")
        #expect(event.actor == "live.com#username@outlook.com" && event.clientIP == "104.40.82.76")
        #expect(
            event.resource
                == "/subscriptions/361da5d4-a47a-4c79-afdd-xxxxxxxxxxxx/resourcegroups/contosogroup/providers/microsoft.keyvault/vaults/contosokeyvault")
        #expect(event.tenant == "subscription:361da5d4-a47a-4c79-afdd-xxxxxxxxxxxx")
    }

    /// A VNet flow log shares the diagnostic-settings envelope but is traffic, not configuration: not claimed.
    @Test func vnetFlowLogIsNotClaimed() throws {
        let bytes = try RealSamples.bytes("azure-otel-vnet-flowlog/valid_1.json")
        #expect(detect(bytes) == nil)
    }

    /// Other plugins' real files are not claimed.
    @Test(arguments: [
        "azure-customer-lockbox-api-examples/Requests_List.json", "azure-customer-lockbox-api-examples/Operations_List.json",
        "plaso-microsoft-audit-jsonl/microsoft_audit_log.jsonl", "plaso-microsoft-audit-jsonl/aws_cloudtrail.jsonl",
        "otrf-goldensaml-mailitemsaccessed/OfficeActivityEvents.json", "mslearn-azure-storage-analytics-v2/storage_analytics_v2_excerpt.log",
    ])
    func otherFormatsAreNotClaimed(path: String) throws {
        let bytes = try RealSamples.bytes(path)
        #expect(detect(bytes) == nil, "claimed \(path)")
    }
}
