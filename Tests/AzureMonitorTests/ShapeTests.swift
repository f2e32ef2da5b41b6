import TesseraSDK
import Testing

@testable import AzureMonitorPlugin

/// The export shapes of the four logs, written as the services write them.
@Suite struct ShapeTests {
    static let secretGet =
        #"{"time":"2023-04-02T02:05:19.0176520Z","resourceId":"/SUBSCRIPTIONS/5C1D/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1","operationName":"SecretGet","category":"AuditEvent","resultSignature":"OK","callerIpAddress":"203.0.113.5","correlationId":"c-1","identity":{"claim":{"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":"Eng@Contoso.example","appid":"a-1"}},"properties":{"id":"https://kv1.vault.azure.net/secrets/Db-Password/0123abcd","requestUri":"https://kv1.vault.azure.net/secrets/Db-Password/?api-version=7.4","httpStatusCode":200}}"#

    @Test func eventHubJSONLinesWithRecordsWrappersExpandEachRecord() throws {
        let line = #"{"records":[\#(Self.secretGet),\#(Self.secretGet.replacingOccurrences(of: "SecretGet", with: "SecretList"))]}"#
        let sink = try ingest(line + "\n" + line.replacingOccurrences(of: "c-1", with: "c-2") + "\n")
        #expect(detect(Array((line + "\n").utf8)) == "keyvault-audit-json")
        #expect(sink.records.map(\.locator) == ["line 1, record 1", "line 1, record 2", "line 2, record 1", "line 2, record 2"])
        let get = sink.events[0]
        #expect(get.resourceType == "credential" && get.action == "read" && get.outcome == "success")
        #expect(get.resource == "/subscriptions/5c1d/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv1/secrets/db-password")
        #expect(get.resourceName == "secrets/Db-Password" && get.actor == "eng@contoso.example" && get.tenant == "subscription:5c1d")
        #expect(sink.events[1].action == "list")
        // A record re-framed from its Event Hub wrapper keeps its JSON as raw text.
        #expect((try JSONParser.parse(sink.records[0].raw)).objectValue?["operationName"] == .string("SecretGet"))
    }

    @Test func bareArrayOfActivityRecords() throws {
        let record =
            #"{"time":"2024-05-01T10:00:00Z","resourceId":"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments/r1","operationName":"Microsoft.Authorization/roleAssignments/write","category":"Administrative","resultType":"Success","callerIpAddress":"198.51.100.4","correlationId":"k","identity":{"claims":{"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":"eng@contoso.example"}}}"#
        let compute = record.replacingOccurrences(
            of: "Microsoft.Authorization/roleAssignments/write", with: "Microsoft.Compute/virtualMachines/runCommand/action")
        let sink = try ingest("[\n" + record + ",\n" + compute + "\n]\n")
        #expect(sink.records.map(\.locator) == ["element 1 (line 2)", "element 2 (line 3)"])
        #expect(sink.events[0].resourceType == "role" && sink.events[0].action == "role_change" && sink.events[0].outcome == "success")
        #expect(sink.events[1].resourceType == "compute-access")
    }

    @Test func graphDirectoryAuditsPageAndPIMActivation() throws {
        let page = #"""
            {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits","value":[
              {"id":"Directory_1","category":"RoleManagement","correlationId":"c","result":"success","activityDisplayName":"Add member to role completed (PIM activation)",
               "activityDateTime":"2024-05-01T10:00:00Z","loggedByService":"PIM","operationType":"Add",
               "initiatedBy":{"user":{"id":"u-1","userPrincipalName":"eng@contoso.example","ipAddress":"198.51.100.4"}},
               "targetResources":[{"id":"r-1","displayName":"Global Administrator","type":"Role"},{"id":"u-1","userPrincipalName":"eng@contoso.example","type":"User"}]}
            ],"@odata.nextLink":"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=x"}
            """#
        #expect(detect(Array(page.utf8)) == "entra-audit-json")
        let sink = try ingest(page)
        let event = try #require(sink.events.first)
        #expect(event.resourceType == "role" && event.action == "role_change" && event.resourceName == "Global Administrator")
        #expect(event.actor == "eng@contoso.example" && event.clientIP == "198.51.100.4")
        #expect(sink.records[0].dedupKey == "entra-audit:Directory_1")
    }

    /// Log Analytics "Export to CSV": zone in the header, localized times, dynamic columns as JSON text.
    @Test func logAnalyticsSigninLogsCSV() throws {
        let csv =
            "\u{FEFF}TimeGenerated [UTC],UserPrincipalName,AppDisplayName,IPAddress,ResultType,ConditionalAccessStatus,LocationDetails,Status,Id,TenantId\r\n"
            + "\"4/28/2021, 2:31:30.021 PM\",Eng@Contoso.example,Azure Portal,203.0.113.5,50126,notApplied,\"{\"\"city\"\":\"\"Shenzhen\"\",\"\"countryOrRegion\"\":\"\"CN\"\"}\",\"{\"\"errorCode\"\":50126,\"\"failureReason\"\":\"\"Invalid username or password\"\"}\",id-1,T1\r\n"
        #expect(detect(Array(csv.utf8), name: "x.csv") == "entra-signin-csv")
        let sink = try ingest(csv)
        let event = try #require(sink.events.first)
        #expect(Timestamp.iso8601(event.timestampUs) == "2021-04-28T14:31:30.021000Z" && event.timestampRaw == "4/28/2021, 2:31:30.021 PM")
        #expect(event.action == "sign_in_failed" && event.detail("failure_reason") == "Invalid username or password")
        #expect(event.detail("city") == "Shenzhen" && event.tenant == "t1" && event.actor == "eng@contoso.example")
        #expect(event.details["record"]?.objectValue?["LocationDetails"]?.objectValue?["countryOrRegion"] == .string("CN"))
    }

    @Test func entraPortalSignInDownloadCSV() throws {
        let csv =
            "Date (UTC),Request ID,User agent,Correlation ID,User ID,User,Username,Application,Application ID,Resource,IP address,Location,Status,Sign-in error code,Failure reason,Client app,Conditional Access\n"
            + "2024-05-01T10:00:00Z,req-1,Mozilla/5.0,corr-1,u-1,Eng,eng@contoso.example,Azure Portal,c44b4083,Windows Azure Service Management API,203.0.113.5,\"Shenzhen, Guangdong, CN\",Success,0,Other.,Browser,Not Applied\n"
        #expect(detect(Array(csv.utf8), name: "InteractiveSignIns.csv") == "entra-signin-csv")
        let sink = try ingest(csv)
        let event = try #require(sink.events.first)
        #expect(event.action == "sign_in" && event.outcome == "success" && event.resourceName == "Azure Portal")
        #expect(event.clientIP == "203.0.113.5" && event.recordID == "req-1" && event.sessionID == "corr-1")
    }

    @Test func sentinelAzureActivityCSVUsesOperationNameValue() throws {
        let csv =
            "TenantId,TimeGenerated [UTC],OperationName,OperationNameValue,Caller,CallerIpAddress,ActivityStatusValue,CorrelationId,_ResourceId,CategoryValue,Type\n"
            + "T1,\"5/1/2024, 10:00:00.000 AM\",Create or Update Security Rule,MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE,eng@contoso.example,203.0.113.5,Success,k,/subscriptions/s1/resourcegroups/rg/providers/microsoft.network/networksecuritygroups/n/securityrules/r,Administrative,AzureActivity\n"
        #expect(detect(Array(csv.utf8), name: "AzureActivity.csv") == "azure-activity-csv")
        let event = try #require(try ingest(csv).events.first)
        #expect(event.operation == "MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE")
        #expect(event.resourceType == "network-config" && event.outcome == "success" && event.tenant == "t1")
    }
}
