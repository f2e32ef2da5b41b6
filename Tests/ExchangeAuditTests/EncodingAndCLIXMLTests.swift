import Foundation
import TesseraSDK
import Testing

@testable import ExchangeAuditPlugin

@Suite struct EncodingTests {
    static let utf8Document = MailboxXML.document([
        MailboxXML.event(operation: "SoftDelete", items: [("ID-1", "Überprüfung – ½ “quoted”"), ("ID-2", "日本語の件名")]),
        MailboxXML.event(operation: "Update", extra: " ItemId=\"ID-9\" ItemSubject=\"Draft\""),
    ])

    private func summary(_ sink: CollectingSink) -> [String] {
        sink.records.flatMap { r in r.events.map { "\(r.locator)|\(r.dedupKey)|\($0.resource ?? "")|\($0.resourceName ?? "")|\($0.timestampUs)" } }
    }

    @Test func everyEncodingReadsTheSame() throws {
        let reference = try ingest(Self.utf8Document)
        #expect(reference.records.count == 2 && reference.rejects.isEmpty)
        #expect(reference.records[0].events.map(\.resourceName) == ["Überprüfung – ½ “quoted”", "日本語の件名"])
        #expect(reference.records[1].events.map(\.resource) == ["david@contoso.com/ID-9"])
        let utf16Text = Self.utf8Document.replacingOccurrences(of: "encoding=\"utf-8\"", with: "encoding=\"utf-16\"")
        let variants: [(String, [UInt8])] = [
            ("UTF-8 with BOM", [0xEF, 0xBB, 0xBF] + Array(Self.utf8Document.utf8)),
            ("UTF-16LE with BOM", utf16LE(utf16Text)),
            ("UTF-16BE with BOM", utf16BE(utf16Text)),
        ]
        for (name, bytes) in variants {
            let sink = try ingest(bytes)
            #expect(sink.rejects.isEmpty, "\(name)")
            #expect(summary(sink) == summary(reference), "\(name)")
            // Raw text is stored as UTF-8, the element exactly as written.
            #expect(sink.records.map(\.raw) == reference.records.map(\.raw), "\(name)")
            let detected = ExchangeAuditPlugin().detect(SniffedHead(fileName: "SearchResult.xml", bytes: Array(bytes.prefix(65_536))))
            #expect(detected == ExchangeAuditPlugin.Format.mailboxXML, "\(name)")
        }
    }
}

/// `Search-MailboxAuditLog -ShowDetails | Export-Clixml` and `Search-AdminAuditLog | Export-Clixml`
/// as PowerShell writes them: UTF-16LE with a BOM, CRLF, no XML declaration, typed properties.
@Suite struct CLIXMLTests {
    static let mailbox = """
        <Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
          <Obj RefId="0">
            <TN RefId="0">
              <T>Deserialized.Microsoft.Exchange.Management.SystemConfigurationTasks.MailboxAuditLogEvent</T>
              <T>Deserialized.Microsoft.Exchange.Data.Mapi.MailboxAuditLogRecord</T>
              <T>Deserialized.System.Object</T>
            </TN>
            <ToString>RgAAAADJ4HzeOJ3PTKU2</ToString>
            <Props>
              <S N="Operation">HardDelete</S>
              <S N="OperationResult">Succeeded</S>
              <S N="LogonType">External</S>
              <B N="ExternalAccess">true</B>
              <DT N="LastAccessed">2023-09-20T04:05:03.1234567-07:00</DT>
              <G N="MailboxGuid">6d4fbdae-e3ae-4530-8d0b-f62a14687939</G>
              <S N="MailboxOwnerUPN">david@contoso.com</S>
              <S N="MailboxOwnerSid">S-1-5-21-290112810-296651436-1966561949-1151</S>
              <S N="LogonUserSid">S-1-5-21-3-4-5-2001</S>
              <S N="LogonUserDisplayName">Microsoft Operator</S>
              <S N="ClientIPAddress">[2001:DB8::7]:443</S>
              <S N="ClientInfoString">Client=WebServices;Action=ViaProxy</S>
              <Nil N="DestFolderId" />
              <S N="FolderPathName">\\Inbox</S>
              <Obj N="SourceItems" RefId="1">
                <TN RefId="1">
                  <T>Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[[Microsoft.Exchange.Management.SystemConfigurationTasks.MailboxAuditLogSourceItem]]</T>
                  <T>Deserialized.System.Object</T>
                </TN>
                <LST>
                  <Obj RefId="2">
                    <TN RefId="2">
                      <T>Deserialized.Microsoft.Exchange.Management.SystemConfigurationTasks.MailboxAuditLogSourceItem</T>
                      <T>Deserialized.System.Object</T>
                    </TN>
                    <ToString>RgAAAAA1</ToString>
                    <Props>
                      <S N="SourceItemId">RgAAAAA1</S>
                      <S N="SourceItemSubject">Q3 plan_x000D__x000A_draft_x005F_x</S>
                      <S N="SourceItemFolderPathName">\\Inbox</S>
                    </Props>
                  </Obj>
                  <Obj RefId="3">
                    <TNRef RefId="2" />
                    <ToString>RgAAAAA2</ToString>
                    <Props>
                      <S N="SourceItemId">RgAAAAA2</S>
                      <S N="SourceItemSubject">Payroll</S>
                      <S N="SourceItemFolderPathName">\\Inbox\\HR</S>
                    </Props>
                  </Obj>
                </LST>
              </Obj>
            </Props>
          </Obj>
          <Obj RefId="4">
            <TNRef RefId="0" />
            <ToString>RgAAAADJ4HzeOJ3PTKU3</ToString>
            <Props>
              <S N="Operation">FolderBind</S>
              <S N="OperationResult">Succeeded</S>
              <S N="LogonType">Owner</S>
              <DT N="LastAccessed">2023-09-20T04:06:00-07:00</DT>
              <G N="MailboxGuid">6d4fbdae-e3ae-4530-8d0b-f62a14687939</G>
              <S N="MailboxOwnerUPN">david@contoso.com</S>
              <S N="FolderPathName">\\Inbox\\Legal</S>
              <S N="FolderId">LgAAAAA9</S>
            </Props>
          </Obj>
        </Objs>
        """.replacingOccurrences(of: "\n", with: "\r\n")

    static let admin = """
        <Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">
          <Obj RefId="0">
            <TN RefId="0">
              <T>Deserialized.Microsoft.Exchange.Management.SystemConfigurationTasks.AdminAuditLogEvent</T>
              <T>Deserialized.System.Object</T>
            </TN>
            <Props>
              <S N="CmdletName">New-InboxRule</S>
              <S N="ObjectModified">contoso.com/Users/david\\fwd</S>
              <S N="Caller">contoso.com/Users/mallory</S>
              <B N="Succeeded">true</B>
              <S N="Error"></S>
              <DT N="RunDate">2023-09-20T04:10:00Z</DT>
              <B N="ExternalAccess">false</B>
              <Obj N="CmdletParameters" RefId="1">
                <TN RefId="1"><T>Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[[AdminAuditLogCmdletParameter]]</T></TN>
                <LST>
                  <Obj RefId="2"><Props><S N="Name">Mailbox</S><S N="Value">david</S></Props></Obj>
                  <Obj RefId="3"><Props><S N="Name">ForwardTo</S><S N="Value">mallory@evil.example</S></Props></Obj>
                </LST>
              </Obj>
              <Obj N="ModifiedProperties" RefId="4"><TN RefId="4"><T>x</T></TN><LST /></Obj>
            </Props>
          </Obj>
        </Objs>
        """.replacingOccurrences(of: "\n", with: "\r\n")

    @Test func mailboxCLIXMLInUTF16LE() throws {
        let bytes = utf16LE(Self.mailbox)
        #expect(ExchangeAuditPlugin().detect(SniffedHead(fileName: "audit.xml", bytes: bytes)) == ExchangeAuditPlugin.Format.mailboxCLIXML)
        let sink = try ingest(bytes)
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.map(\.events.count) == [2, 1])
        #expect(sink.records.map(\.locator) == ["element 1, lines 2-54", "element 2, lines 55-68"])
        let items = sink.records[0].events
        #expect(items.map(\.resource) == ["david@contoso.com/RgAAAAA1", "david@contoso.com/RgAAAAA2"])
        #expect(items[0].resourceName == "Q3 plan\r\ndraft_x")
        #expect(items[1].details.string("item_folder_path") == "\\Inbox\\HR")
        #expect(items[0].actorType == ActorType.microsoftDatacenter)
        #expect(items[0].actorRaw == "S-1-5-21-3-4-5-2001")
        #expect(items[0].clientIP == "2001:db8::7")
        #expect(items[0].timestampUs == (try utcMicros("2023-09-20T11:05:03.123456Z")))
        #expect(items[0].timestampRaw == "2023-09-20T04:05:03.1234567-07:00")
        // The second object names its type by reference (<TNRef>) and is still a mailbox event.
        let folder = sink.records[1].events[0]
        #expect(folder.resourceType == ResourceType.mailFolder)
        #expect(folder.resource == "david@contoso.com/LgAAAAA9")
        #expect(folder.actorType == ActorType.owner)
        let raw = String(decoding: sink.records[1].raw, as: UTF8.self)
        #expect(raw.hasPrefix("<Obj RefId=\"4\">\r\n    <TNRef RefId=\"0\" />"))
        #expect(raw.hasSuffix("</Props>\r\n  </Obj>"))
    }

    @Test func adminCLIXMLWithForwardingInboxRule() throws {
        let bytes = utf16LE(Self.admin)
        #expect(ExchangeAuditPlugin().detect(SniffedHead(fileName: "admin.xml", bytes: bytes)) == ExchangeAuditPlugin.Format.adminCLIXML)
        let sink = try ingest(bytes)
        #expect(sink.rejects.isEmpty)
        let e = try #require(sink.records.first?.events.first)
        #expect(e.operation == "New-InboxRule")
        #expect(e.action == EventAction.forwardingRule)
        #expect(EventAction.privileged.contains(e.action))
        #expect(e.details.string("action_reason") == "parameter forwardto")
        #expect(e.actor == "contoso.com/users/mallory")
        #expect(e.timestampUs == (try utcMicros("2023-09-20T04:10:00Z")))
        #expect(e.details["cmdlet_parameters"]?.arrayValue?.count == 2)
        #expect(sink.records.first?.dedupKey.hasPrefix("exchange-admin:") == true)
    }

    @Test func clixmlEscapesAreDecoded() {
        #expect(CLIXMLString.decode("a_x000A_b") == "a\nb")
        #expect(CLIXMLString.decode("_x005F_x0041_") == "_x0041_")
        #expect(CLIXMLString.decode("_xD83D__xDE00_") == "😀")
        #expect(CLIXMLString.decode("plain_x00") == "plain_x00")
        #expect(CLIXMLString.decode("_x+041_") == "_x+041_")
    }
}
