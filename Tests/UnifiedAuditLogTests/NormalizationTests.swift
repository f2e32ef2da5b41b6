import Foundation
import TesseraSDK
import Testing

@testable import UnifiedAuditLogPlugin

/// Operation → action / resource / actor mapping, on AuditData shaped like real records.
@Suite struct NormalizationTests {
    /// Ingests AuditData objects as JSON Lines and returns the records.
    private func records(_ auditData: String...) throws -> [SourceRecord] {
        let sink = try ingest(Array((auditData.joined(separator: "\n") + "\n").utf8), file: "audit.jsonl")
        #expect(sink.rejects.isEmpty, "\(sink.rejects.map(\.reason))")
        return sink.records
    }

    private func exchangeAdmin(
        _ operation: String, user: String = "admin@contoso.onmicrosoft.com", userType: Int = 2,
        external: Bool = false, ip: String = "198.51.100.4", parameters: [(String, String)]
    ) -> String {
        let params = parameters.map { "{\"Name\":\"\($0.0)\",\"Value\":\(JSONWriter.string(.string($0.1)))}" }.joined(separator: ",")
        return
            "{\"CreationTime\":\"2023-05-02T10:00:00\",\"Id\":\"\(ContentKey.make(prefix: "adm", bytes: Array((operation + user + params).utf8)))\",\"Operation\":\"\(operation)\",\"OrganizationId\":\"4b4b5f5c-1111-2222-3333-444455556666\",\"RecordType\":1,\"ResultStatus\":\"True\",\"UserKey\":\(JSONWriter.string(.string(user))),\"UserType\":\(userType),\"Version\":1,\"Workload\":\"Exchange\",\"ClientIP\":\"\(ip)\",\"ObjectId\":\"\",\"UserId\":\(JSONWriter.string(.string(user))),\"ExternalAccess\":\(external),\"OrganizationName\":\"contoso.onmicrosoft.com\",\"OriginatingServer\":\"CY4PR13MB0001 (15.20.1382.008)\",\"Parameters\":[\(params)]}"
    }

    /// A mailbox record's LogonUserSid and UserId name one logon: written under the keys correlation
    /// links identities by. A UserKey that is a SID counts; a UserId that is not a UPN does not.
    @Test func logonSIDAndUPNAreWrittenForCorrelation() throws {
        let result = try records(
            #"{"CreationTime":"2023-04-01T08:00:00","Id":"l1","Operation":"MailboxLogin","OrganizationId":"o","RecordType":2,"UserType":0,"Workload":"Exchange","UserId":"Eve@Contoso.com","LogonUserSid":"S-1-5-21-1-2-3-1104","MailboxOwnerUPN":"eve@contoso.com"}"#,
            #"{"CreationTime":"2023-04-01T08:00:01","Id":"l2","Operation":"MailboxLogin","OrganizationId":"o","RecordType":2,"UserType":0,"Workload":"Exchange","UserId":"eve@contoso.com","UserKey":"S-1-5-21-1-2-3-1104","MailboxOwnerUPN":"eve@contoso.com"}"#,
            #"{"CreationTime":"2023-04-01T08:00:02","Id":"l3","Operation":"MailboxLogin","OrganizationId":"o","RecordType":2,"UserType":2,"Workload":"Exchange","UserId":"NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)","LogonUserSid":"S-1-5-18","MailboxOwnerUPN":"eve@contoso.com"}"#
        )
        #expect(result[0].events[0].details["logon_user_sid"] == .string("S-1-5-21-1-2-3-1104"))
        #expect(result[0].events[0].details["logon_user_upn"] == .string("Eve@Contoso.com"))
        #expect(result[1].events[0].details["logon_user_sid"] == .string("S-1-5-21-1-2-3-1104"))
        #expect(result[2].events[0].details["logon_user_sid"] == nil)
    }

    @Test func mailItemsAccessedBindFansOutPerItemAndSyncPerFolder() throws {
        let bind = """
            {"CreationTime":"2023-04-01T08:00:00","Id":"mia-bind","Operation":"MailItemsAccessed","OrganizationId":"o","RecordType":50,"ResultStatus":"Succeeded","UserKey":"1003","UserType":0,"Version":1,"Workload":"Exchange","UserId":"Eve@Contoso.onmicrosoft.com","AppId":"00000003-0000-0000-c000-000000000000","ClientIPAddress":"2001:DB8:0:0:0:0:0:5","ClientInfoString":"Client=REST;;","ExternalAccess":false,"InternalLogonType":0,"LogonType":2,"LogonUserSid":"S-1-5-21-1","MailboxGuid":"g","MailboxOwnerUPN":"CEO@contoso.onmicrosoft.com","OperationProperties":[{"Name":"MailAccessType","Value":"Bind"},{"Name":"IsThrottled","Value":"False"}],"OperationCount":5,"SessionId":"sess-1","Folders":[{"FolderItems":[{"InternetMessageId":"<m1@contoso>","SizeInBytes":1200},{"InternetMessageId":"<m2@contoso>","SizeInBytes":2200},{"InternetMessageId":"<m3@contoso>","SizeInBytes":3200}],"Id":"f1","Path":"\\\\Inbox"},{"FolderItems":[{"InternetMessageId":"<m4@contoso>","SizeInBytes":4200},{"InternetMessageId":"<m5@contoso>","SizeInBytes":5200}],"Id":"f2","Path":"\\\\Inbox\\\\Board"}]}
            """
        let sync = """
            {"CreationTime":"2023-04-01T08:05:00","Id":"mia-sync","Operation":"MailItemsAccessed","OrganizationId":"o","RecordType":50,"ResultStatus":"Succeeded","UserType":0,"Workload":"Exchange","UserId":"eve@contoso.onmicrosoft.com","ClientIPAddress":"192.0.2.9","LogonType":0,"MailboxOwnerUPN":"eve@contoso.onmicrosoft.com","OperationProperties":[{"Name":"MailAccessType","Value":"Sync"}],"Folders":[{"Id":"f1","Path":"\\\\Inbox"},{"Id":"f3","Path":"\\\\Sent Items"}]}
            """
        let result = try records(bind, sync)
        #expect(result[0].events.count == 5)
        #expect(
            result[0].events.map(\.resource)
                == ["<m1@contoso>", "<m2@contoso>", "<m3@contoso>", "<m4@contoso>", "<m5@contoso>"].map { "ceo@contoso.onmicrosoft.com/" + $0 })
        #expect(Set(result[0].events.map(\.resourceType)) == [ResourceType.mailItem])
        #expect(result[0].events[4].details["FolderPath"] == .string("\\Inbox\\Board"))
        #expect(result[0].events[4].details["SizeInBytes"] == .string("5200"))
        #expect(result[0].events[0].details["OperationCount"] == .string("5"))
        #expect(result[0].events[0].sessionID == "sess-1")
        #expect(result[0].events[0].actorType == ActorType.delegate)
        #expect(result[0].events[0].clientIP == "2001:db8::5")
        #expect(result[1].events.count == 2)
        #expect(result[1].events.map(\.resourceType) == [ResourceType.mailFolder, ResourceType.mailFolder])
        #expect(result[1].events.map(\.resource) == ["eve@contoso.onmicrosoft.com/\\Inbox", "eve@contoso.onmicrosoft.com/\\Sent Items"])
        #expect(result[1].events[0].actorType == ActorType.owner)
    }

    /// On mailbox records ExternalAccess only says the logon user's domain differs from the
    /// owner's: it must not turn a delegate into a vendor technician.
    @Test func mailboxExternalAccessDoesNotMeanVendor() throws {
        let record = """
            {"CreationTime":"2023-04-01T08:00:00","Id":"ext","Operation":"MailItemsAccessed","RecordType":50,"ResultStatus":"Succeeded","UserType":0,"Workload":"Exchange","UserId":"guest@fabrikam.com","ExternalAccess":true,"LogonType":2,"MailboxOwnerUPN":"ceo@contoso.onmicrosoft.com","OperationProperties":[{"Name":"MailAccessType","Value":"Sync"}],"Folders":[{"Id":"f1","Path":"\\\\Inbox"}]}
            """
        let event = try #require(try records(record).first?.events.first)
        #expect(event.actorType == ActorType.delegate)
        #expect(event.details["ExternalAccess"] == .bool(true))
    }

    @Test func exchangeItemGroupOperationsFanOutPerAffectedItem() throws {
        let softDelete = """
            {"CreationTime":"2023-04-02T08:00:00","Id":"sd","Operation":"SoftDelete","RecordType":3,"ResultStatus":"Succeeded","UserType":0,"Workload":"Exchange","UserId":"eve@contoso.onmicrosoft.com","ClientIP":"192.0.2.9:1234","LogonType":0,"MailboxOwnerUPN":"eve@contoso.onmicrosoft.com","AffectedItems":[{"Id":"i1","InternetMessageId":"<a@x>","Subject":"Q1 numbers","ParentFolder":{"Path":"\\\\Inbox"}},{"Id":"i2","InternetMessageId":"<b@x>","Subject":"Re: Q1","ParentFolder":{"Path":"\\\\Inbox"}}]}
            """
        let send = """
            {"CreationTime":"2023-04-02T08:01:00","Id":"snd","Operation":"Send","RecordType":2,"ResultStatus":"Succeeded","UserType":0,"Workload":"Exchange","UserId":"eve@contoso.onmicrosoft.com","ClientIP":"192.0.2.9","LogonType":0,"MailboxOwnerUPN":"eve@contoso.onmicrosoft.com","Item":{"Id":"i9","InternetMessageId":"<c@x>","Subject":"Fwd: plan","ParentFolder":{"Path":"\\\\Sent Items"}}}
            """
        let result = try records(softDelete, send)
        #expect(result[0].events.map(\.action) == [EventAction.delete, EventAction.delete])
        #expect(result[0].events.map(\.resourceName) == ["Q1 numbers", "Re: Q1"])
        #expect(result[0].events[0].clientIP == "192.0.2.9")
        #expect(result[1].events.count == 1)
        #expect(result[1].events[0].action == EventAction.send)
        #expect(result[1].events[0].resource == "eve@contoso.onmicrosoft.com/<c@x>")
    }

    @Test func exchangeAdminPrivilegedCmdlets() throws {
        let result = try records(
            exchangeAdmin(
                "Add-MailboxPermission",
                parameters: [("Identity", "CEO@contoso.onmicrosoft.com"), ("User", "eve@contoso.onmicrosoft.com"), ("AccessRights", "FullAccess")]),
            exchangeAdmin("New-InboxRule", parameters: [("Mailbox", "ceo@contoso.onmicrosoft.com"), ("Name", "x"), ("ForwardTo", "drop@evil.example")]),
            exchangeAdmin("Set-InboxRule", parameters: [("Identity", "ceo@contoso.onmicrosoft.com\\x"), ("MarkAsRead", "True")]),
            exchangeAdmin("Set-Mailbox", parameters: [("Identity", "ceo"), ("ForwardingSmtpAddress", "smtp:drop@evil.example")]),
            exchangeAdmin("Set-Mailbox", parameters: [("Identity", "ceo"), ("RetainDeletedItemsFor", "30")]),
            exchangeAdmin("New-TransportRule", parameters: [("Name", "bcc all"), ("BlindCopyTo", "drop@evil.example")]),
            exchangeAdmin("Add-RoleGroupMember", parameters: [("Identity", "Organization Management"), ("Member", "eve")]),
            exchangeAdmin("Remove-MailboxPermission", parameters: [("Identity", "ceo"), ("User", "eve")]),
            exchangeAdmin("Get-Mailbox", parameters: [])
        )
        let events = result.map { $0.events[0] }
        #expect(
            events.map(\.action) == [
                EventAction.permissionGrant, EventAction.forwardingRule, EventAction.inboxRule, EventAction.forwardingRule,
                EventAction.configChange, EventAction.forwardingRule, EventAction.roleChange, EventAction.permissionRevoke,
                EventAction.list,
            ])
        #expect(events[0].resourceType == ResourceType.mailbox)
        #expect(events[0].resource == "ceo@contoso.onmicrosoft.com")
        #expect(events[0].resourceName == "eve@contoso.onmicrosoft.com")
        #expect(events[0].details["Parameters"]?.objectValue?.string("AccessRights") == "FullAccess")
        #expect(events[2].resource == "ceo@contoso.onmicrosoft.com")
        #expect(events[0].category == EventCategory.admin)
        #expect(events[0].actorType == ActorType.admin)
        #expect(Set(events.map(\.action)).intersection(EventAction.privileged).count == 4)
    }

    @Test func microsoftOperatorPartnerTechnicianAndDatacenterActors() throws {
        let result = try records(
            exchangeAdmin(
                "New-TransportRule", user: "Microsoft Operator", userType: 3, external: true, ip: "123.456.147.68:17584",
                parameters: [("Name", "Encrypt outbound sensitive emails (out of box rule)"), ("ApplyRightsProtectionTemplate", "Encrypt")]),
            exchangeAdmin("Set-Mailbox", user: "tech@partner.example", userType: 9, parameters: [("Identity", "ceo")]),
            exchangeAdmin("Set-Mailbox", user: "dcadmin-7", userType: 3, external: true, parameters: [("Identity", "ceo")]),
            exchangeAdmin("Set-Mailbox", user: "helpdesk@partner.example", userType: 2, external: true, parameters: [("Identity", "ceo")]),
            exchangeAdmin("Set-Mailbox", user: "NT AUTHORITY\\SYSTEM (w3wp)", userType: 3, external: true, parameters: [("Identity", "ceo")])
        )
        let events = result.map { $0.events[0] }
        #expect(
            events.map(\.actorType) == [
                ActorType.microsoftOperator, ActorType.partnerTechnician, ActorType.microsoftDatacenter,
                ActorType.partnerTechnician, ActorType.system,
            ])
        #expect(events[0].actor == "microsoft operator")
        #expect(events[0].actorRaw == "Microsoft Operator")
        // "123.456.147.68" is not an address: no client_ip, the text kept in details.
        #expect(events[0].clientIP == nil)
        #expect(events[0].details["ClientIPRaw"] == .string("123.456.147.68:17584"))
        #expect(events[0].action == EventAction.configChange)
        #expect(events[0].resource == "Encrypt outbound sensitive emails (out of box rule)")
    }

    @Test func customerLockboxApprovalOpensAWindowAndDenialDoesNot() throws {
        let approve = exchangeAdmin(
            "Set-AccessToCustomerDataRequest", user: "BOXServiceAccount@NAMPR01A001.prod.outlook.com", userType: 2,
            ip: "198.51.100.20:50000",
            parameters: [("ApprovalDecision", "Approve"), ("Identity", "8b6d2c4e-1111-4ae3-9d1b-2f0c7a9e5d01"), ("Comment", "ticket 1234")])
        let deny = exchangeAdmin(
            "Set-AccessToCustomerDataRequest", user: "BOXServiceAccount@NAMPR01A001.prod.outlook.com", userType: 2,
            parameters: [("ApprovalDecision", "Deny"), ("Identity", "9c7e3d5f-2222-4ae3-9d1b-2f0c7a9e5d02")])
        let result = try records(approve, deny)
        let event = result[0].events[0]
        #expect(event.action == EventAction.lockboxRequest)
        #expect(event.category == EventCategory.support)
        #expect(event.actorType == ActorType.service)
        #expect(event.resource == "8b6d2c4e-1111-4ae3-9d1b-2f0c7a9e5d01")
        #expect(event.details["ApprovalDecision"] == .string("Approve"))
        let session = try #require(result[0].supportSession)
        #expect(session.kind == .lockbox)
        #expect(session.interactionID == "8b6d2c4e-1111-4ae3-9d1b-2f0c7a9e5d01")
        #expect(session.startUs == event.timestampUs)
        #expect(session.endUs == nil)
        #expect(session.status == "Approved")
        #expect(session.accounts == ["Microsoft Operator"])
        #expect(session.details["ApproverClientIP"] == .string("198.51.100.20"))
        #expect(result[1].supportSession == nil)
        #expect(result[1].events[0].details["ApprovalDecision"] == .string("Deny"))
    }

    @Test func entraSignInsPasswordResetsAndRoleChanges() throws {
        let failed = """
            {"CreationTime":"2023-06-01T07:00:00","Id":"s1","Operation":"UserLoginFailed","OrganizationId":"o","RecordType":15,"ResultStatus":"Failed","UserKey":"k","UserType":0,"Version":1,"Workload":"AzureActiveDirectory","ClientIP":"2001:db8::1","ObjectId":"00000002-0000-0ff1-ce00-000000000000","UserId":"DebraB@Contoso.OnMicrosoft.com","AzureActiveDirectoryEventType":1,"ExtendedProperties":[{"Name":"ResultStatusDetail","Value":"Success"},{"Name":"UserAgent","Value":"python-requests/2.31"},{"Name":"RequestType","Value":"OAuth2:Token"}],"ActorIpAddress":"2001:db8::1","LogonError":"InvalidPasswordExpiredPassword","ErrorNumber":"50126"}
            """
        let ok = failed.replacingOccurrences(of: "UserLoginFailed", with: "UserLoggedIn").replacingOccurrences(of: "\"Failed\"", with: "\"Success\"")
            .replacingOccurrences(of: "\"s1\"", with: "\"s2\"").replacingOccurrences(
                of: "DebraB@Contoso.OnMicrosoft.com", with: "debrab@contoso.onmicrosoft.com")
        let reset = """
            {"CreationTime":"2023-06-01T07:10:00","Id":"r1","Operation":"Reset user password.","RecordType":8,"ResultStatus":"Success","UserType":0,"Workload":"AzureActiveDirectory","ObjectId":"CEO@contoso.onmicrosoft.com","UserId":"helpdesk@contoso.onmicrosoft.com","Target":[{"Type":2,"ID":"User_1"},{"Type":5,"ID":"CEO@contoso.onmicrosoft.com"}]}
            """
        let role = """
            {"CreationTime":"2023-06-01T07:20:00","Id":"r2","Operation":"Add member to role.","RecordType":8,"ResultStatus":"Success","UserType":0,"Workload":"AzureActiveDirectory","ObjectId":"eve@contoso.onmicrosoft.com","UserId":"admin@contoso.onmicrosoft.com","ModifiedProperties":[{"Name":"Role.ObjectID","NewValue":"62e90394","OldValue":""},{"Name":"Role.DisplayName","NewValue":"Global Administrator","OldValue":""}]}
            """
        let spn = """
            {"CreationTime":"2023-06-01T07:30:00","Id":"r3","Operation":"Add service principal credentials.","RecordType":8,"ResultStatus":"Success","UserType":5,"Workload":"AzureActiveDirectory","ObjectId":"ServicePrincipal_abc","UserId":"ServicePrincipal_abc"}
            """
        let result = try records(failed, ok, reset, role, spn).map { $0.events[0] }
        #expect(result[0].action == EventAction.signInFailed)
        #expect(result[0].outcome == "failure")
        #expect(result[0].userAgent == "python-requests/2.31")
        #expect(result[0].details["ExtendedProperties"]?.objectValue?.string("RequestType") == "OAuth2:Token")
        #expect(result[0].details["LogonError"] == .string("InvalidPasswordExpiredPassword"))
        #expect(result[1].action == EventAction.signIn)
        #expect(result[1].outcome == "success")
        // Mixed-case UPNs compare equal; the raw spelling is kept.
        #expect(result[0].actor == result[1].actor)
        #expect(result[0].actorRaw == "DebraB@Contoso.OnMicrosoft.com")
        #expect(result[2].action == EventAction.passwordReset)
        #expect(result[2].resourceType == ResourceType.user)
        #expect(result[2].resource == "ceo@contoso.onmicrosoft.com")
        #expect(result[3].action == EventAction.roleChange)
        #expect(result[3].resourceName == "Global Administrator")
        #expect(result[4].action == EventAction.credentialChange)
        #expect(result[4].actorType == ActorType.service)
    }

    @Test func sharingAndFileOperations() throws {
        let base = fileDownloaded(id: "f0")
        func variant(_ op: String, id: String) -> String {
            base.replacingOccurrences(of: "FileDownloaded", with: op).replacingOccurrences(of: "\"Id\":\"f0\"", with: "\"Id\":\"\(id)\"")
        }
        let ops = [
            "FileAccessed", "FilePreviewed", "FileModified", "FileUploaded", "FileDeleted", "FileSyncDownloadedFull",
            "SharingSet", "AnonymousLinkCreated", "AnonymousLinkUsed", "CompanyLinkCreated",
        ]
        let result = try records(ops.enumerated().map { variant($1, id: "f\($0 + 1)") }.joined(separator: "\n"))
        #expect(
            result.map { $0.events[0].action } == [
                EventAction.read, EventAction.preview, EventAction.modify, EventAction.upload,
                EventAction.delete, EventAction.download, EventAction.share, EventAction.share,
                EventAction.read, EventAction.share,
            ])
        #expect(Set(result.map { $0.events[0].resource }).count == 1)
    }

    @Test func unknownRecordTypesAreKeptWithAGenericMapping() throws {
        let future = """
            {"CreationTime":"2024-02-02T02:02:02","Id":"u1","Operation":"CopilotInteraction","OrganizationId":"o","RecordType":261,"UserKey":"k","UserType":0,"Version":1,"Workload":"Copilot","ObjectId":"copilot-thread-77","UserId":"alice@contoso.onmicrosoft.com","ClientIP":"[2001:db8::9]:443","CopilotEventData":{"AppHost":"Word"}}
            """
        let event = try #require(try records(future).first?.events.first)
        #expect(event.operation == "CopilotInteraction")
        #expect(event.action == EventAction.other)
        #expect(event.category == EventCategory.other)
        #expect(event.resource == "copilot-thread-77")
        #expect(event.clientIP == "2001:db8::9")
        #expect(event.details["Workload"] == .string("Copilot"))
        #expect(event.details["RecordType"] == .number("261"))
        #expect(event.actor == "alice@contoso.onmicrosoft.com")
    }
}
