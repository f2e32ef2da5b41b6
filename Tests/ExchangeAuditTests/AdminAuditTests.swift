import Foundation
import TesseraSDK
import Testing

@testable import ExchangeAuditPlugin

@Suite struct AdminAuditTests {
    @Test(arguments: [
        ("Add-MailboxPermission", ["Identity", "User", "AccessRights"], EventAction.permissionGrant),
        ("Add-RecipientPermission", ["Identity", "Trustee"], EventAction.permissionGrant),
        ("Add-MailboxFolderPermission", ["Identity", "User"], EventAction.permissionGrant),
        ("Remove-MailboxPermission", ["Identity", "User"], EventAction.permissionRevoke),
        ("Set-Mailbox", ["Identity", "ForwardingSmtpAddress"], EventAction.forwardingRule),
        ("Set-Mailbox", ["Identity", "DeliverToMailboxAndForward"], EventAction.forwardingRule),
        ("Set-Mailbox", ["Identity", "GrantSendOnBehalfTo"], EventAction.permissionGrant),
        ("Set-Mailbox", ["Identity", "Password"], EventAction.passwordReset),
        ("Set-Mailbox", ["Identity", "ProhibitSendReceiveQuota"], EventAction.configChange),
        ("Set-User", ["Identity", "ResetPasswordOnNextLogon"], EventAction.passwordReset),
        ("Set-MsolUserPassword", ["UserPrincipalName"], EventAction.passwordReset),
        ("New-InboxRule", ["Mailbox", "MoveToFolder"], EventAction.inboxRule),
        ("New-InboxRule", ["Mailbox", "RedirectTo"], EventAction.forwardingRule),
        ("Set-InboxRule", ["Identity", "ForwardAsAttachmentTo"], EventAction.forwardingRule),
        ("Remove-InboxRule", ["Identity"], EventAction.inboxRule),
        ("New-TransportRule", ["Name", "BlindCopyTo"], EventAction.forwardingRule),
        ("Add-RoleGroupMember", ["Identity", "Member"], EventAction.roleChange),
        ("New-ManagementRoleAssignment", ["Role", "User"], EventAction.roleChange),
        ("New-AuthServer", ["Name"], EventAction.credentialChange),
        ("New-MailboxExportRequest", ["Mailbox", "FilePath"], EventAction.export),
        ("Search-Mailbox", ["Identity", "TargetMailbox"], EventAction.export),
        ("New-Mailbox", ["Name"], EventAction.create),
        ("Remove-Mailbox", ["Identity"], EventAction.delete),
        ("Set-AdminAuditLogConfig", ["AdminAuditLogEnabled"], EventAction.configChange),
        ("Get-Mailbox", ["Identity"], EventAction.other),
    ])
    func cmdletsMapToNormalizedActions(cmdlet: String, parameters: [String], expected: String) {
        #expect(AdminCmdletClassifier.classify(cmdlet: cmdlet, parameterNames: parameters).action == expected)
    }

    @Test func privilegedChangesAreMarkedAndFailuresKept() throws {
        let doc = """
            <?xml version="1.0" encoding="utf-8"?>
            <SearchResults>
              <Event Caller="contoso.com/Users/mallory" Cmdlet="Add-MailboxPermission" ObjectModified="contoso.com/Users/ceo" RunDate="2023-03-01T10:00:00+01:00" Succeeded="false" Error="Access denied" OriginatingServer="EXCH01 (15.02.1118.007)" ExternalAccess="true">
                <CmdletParameters>
                  <Parameter Name="Identity" Value="ceo" />
                  <Parameter Name="User" Value="mallory" />
                  <Parameter Name="AccessRights" Value="FullAccess" />
                </CmdletParameters>
                <ModifiedProperties />
              </Event>
              <Event Caller="NT AUTHORITY\\SYSTEM (MSExchangeHMWorker)" Cmdlet="Set-Mailbox" ObjectModified="contoso.com/Users/HealthMailbox1" RunDate="2023-03-01T10:05:00Z" Succeeded="true" Error="None" OriginatingServer="EXCH01"/>
            </SearchResults>
            """
        let sink = try ingest(doc)
        #expect(sink.rejects.isEmpty)
        let grant = sink.records[0].events[0]
        #expect(grant.action == EventAction.permissionGrant)
        #expect(EventAction.privileged.contains(grant.action))
        #expect(grant.outcome == "failure")
        #expect(grant.details.string("error") == "Access denied")
        #expect(grant.actorType == ActorType.microsoftDatacenter)
        #expect(grant.resourceType == ResourceType.mailbox)
        #expect(grant.timestampUs == (try utcMicros("2023-03-01T09:00:00Z")))
        #expect(
            grant.message
                == "Add-MailboxPermission -Identity ceo -User mallory -AccessRights FullAccess by contoso.com/Users/mallory on contoso.com/Users/ceo [failure]")
        #expect(grant.details["modified_properties"]?.arrayValue?.isEmpty == true)
        let system = sink.records[1].events[0]
        #expect(system.actorType == ActorType.system)
        #expect(system.action == EventAction.configChange)
        #expect(system.timestampDescription == "Admin Cmdlet Run Time")
    }
}

@Suite struct DetectionTests {
    private func detect(_ text: String) -> String? {
        ExchangeAuditPlugin().detect(SniffedHead(fileName: "x.xml", bytes: Array(text.utf8)))
    }

    @Test func claimsOnlyExchangeAuditShapes() {
        #expect(detect(MailboxXML.document([MailboxXML.event()])) == ExchangeAuditPlugin.Format.mailboxXML)
        #expect(
            detect("<!-- export --><SearchResults><Event Caller=\"a\" Cmdlet=\"Set-Mailbox\" RunDate=\"x\"/></SearchResults>")
                == ExchangeAuditPlugin.Format.adminXML)
        #expect(detect("<SearchResults><Result Url=\"http://x\"/></SearchResults>") == nil)
        #expect(detect("<SearchResults/>") == nil)
        #expect(detect("<html><body>Event LastAccessed=</body></html>") == nil)
        #expect(
            detect(
                "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Diagnostics.Process</T></TN></Obj></Objs>"
            ) == nil)
        #expect(detect("{\"Operation\":\"MailItemsAccessed\"}") == nil)
        #expect(detect("Event,LastAccessed\n") == nil)
    }

    @Test func descriptorListsTheFormats() {
        let d = ExchangeAuditPlugin().descriptor
        #expect(d.name == "exchange-audit")
        #expect(
            Set(d.formats) == [
                ExchangeAuditPlugin.Format.mailboxXML, ExchangeAuditPlugin.Format.adminXML,
                ExchangeAuditPlugin.Format.mailboxCLIXML, ExchangeAuditPlugin.Format.adminCLIXML,
            ])
    }
}
