import Foundation
import TesseraSDK
import Testing

@testable import ExchangeAuditPlugin

@Suite struct MailboxMappingTests {
    static let document = MailboxXML.document([
        MailboxXML.event(operation: "HardDelete", items: [("AAA1", "Notification of litigation hold"), ("AAA2", "Re: budget"), ("AAA3", "Board minutes")]),
        MailboxXML.event(operation: "FolderBind", lastAccessed: "2010-05-01T23:30:00+05:30", logonType: "External", ip: "203.0.113.9:51234"),
        MailboxXML.event(operation: "MoveToDeletedItems", logonType: "Delegate", folders: [("F1", "\\Inbox\\Legal"), ("F2", "\\Inbox\\HR")]),
    ])

    @Test func oneEventPerItemAndFolder() throws {
        let sink = try ingest(Self.document)
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.map(\.events.count) == [3, 1, 2])
        #expect(sink.records.map(\.locator) == ["element 1, lines 3-9", "element 2, lines 10-11", "element 3, lines 12-17"])

        let items = sink.records[0].events
        #expect(items.map(\.resourceType) == [ResourceType.mailItem, ResourceType.mailItem, ResourceType.mailItem])
        #expect(items.map(\.resource) == ["david@contoso.com/AAA1", "david@contoso.com/AAA2", "david@contoso.com/AAA3"])
        #expect(items.map(\.resourceName) == ["Notification of litigation hold", "Re: budget", "Board minutes"])
        #expect(items[0].details.string("item_folder_path") == "\\Inbox")
        #expect(items.allSatisfy { $0.action == EventAction.delete && $0.category == EventCategory.mail && $0.outcome == "success" })
        #expect(
            items[0].message
                == "HardDelete by S-1-5-21-290112810-296651436-1966561949-1149 (Admin logon) on david@contoso.com: 'Notification of litigation hold' in \\Inbox [Succeeded]"
        )

        let folders = sink.records[2].events
        #expect(folders.map(\.resourceType) == [ResourceType.mailFolder, ResourceType.mailFolder])
        #expect(folders.map(\.resource) == ["david@contoso.com/F1", "david@contoso.com/F2"])
        #expect(folders.map(\.resourceName) == ["\\Inbox\\Legal", "\\Inbox\\HR"])
        #expect(folders[0].actorType == ActorType.delegate)
    }

    @Test func folderOperationWithoutListsIsOnTheFolder() throws {
        let e = try #require(try ingest(Self.document).records[1].events.first)
        #expect(e.operation == "FolderBind")
        #expect(e.resourceType == ResourceType.mailFolder)
        #expect(e.resourceName == "\\Recoverable Items\\Deletions")
        #expect(e.resource == "david@contoso.com/0000000073098C3277988F4CB882F5B82EBF64610100A7C317F68C24304BBD18ABE1F185E79B00000026BD4F0000")
    }

    @Test func externalLogonIsMarkedAsMicrosoftDatacenter() throws {
        let sink = try ingest(Self.document)
        #expect(sink.records[1].events[0].actorType == ActorType.microsoftDatacenter)
        #expect(sink.records[1].events[0].details.string("logon_type") == "External")
        #expect(sink.records[0].events[0].actorType == ActorType.admin)
    }

    @Test func offsetsAreConvertedToUTCMicroseconds() throws {
        let sink = try ingest(Self.document)
        let first = sink.records[0].events[0], second = sink.records[1].events[0]
        #expect(first.timestampRaw == "2010-04-30T11:01:55.140625-07:00")
        #expect(first.timestampUs == (try utcMicros("2010-04-30T18:01:55.140625Z")))
        #expect(Timestamp.iso8601(second.timestampUs) == "2010-05-01T18:00:00.000000Z")
        #expect(first.timestampDescription == "Mailbox Operation Time")
    }

    @Test func actorOwnerAndClientAreKept() throws {
        let sink = try ingest(Self.document)
        let e = sink.records[0].events[0]
        #expect(e.actorRaw == "S-1-5-21-290112810-296651436-1966561949-1149")
        #expect(e.actor == "S-1-5-21-290112810-296651436-1966561949-1149")
        #expect(e.details.string("logon_user_display_name") == "Administrator")
        #expect(e.details.string("logon_user_dn") == "/o=Contoso/ou=Exchange Administrative Group/cn=Recipients/cn=Administrator")
        #expect(e.details.string("mailbox_owner_upn") == "david@contoso.com")
        #expect(e.details.string("mailbox_owner_sid") == "S-1-5-21-290112810-296651436-1966561949-1151")
        #expect(e.userAgent == "Client=OWA;Action=ViaProxy")
        #expect(e.clientIP == "10.196.241.168")
        let withPort = sink.records[1].events[0]
        #expect(withPort.clientIP == "203.0.113.9")
        #expect(withPort.details.string("client_ip_raw") == "203.0.113.9:51234")
    }

    @Test func ownerLogonResolvesToTheOwnersUPN() throws {
        let event = MailboxXML.event(operation: "MessageBind", logonType: "Owner", items: [("X1", "Hello")])
            .replacingOccurrences(
                of: "LogonUserSid=\"S-1-5-21-290112810-296651436-1966561949-1149\"",
                with: "LogonUserSid=\"S-1-5-21-290112810-296651436-1966561949-1151\"")
        let e = try #require(try ingest(MailboxXML.document([event])).records.first?.events.first)
        #expect(e.actor == "david@contoso.com")
        #expect(e.actorType == ActorType.owner)
        #expect(e.action == EventAction.read)
        #expect(e.details.string("logon_user_sid") == "S-1-5-21-290112810-296651436-1966561949-1151")
    }

    @Test func unmappableRecordsAreRejectedWithTheirRawText() throws {
        let doc = MailboxXML.document([
            MailboxXML.event(operation: "Create", lastAccessed: "yesterday"),
            "  <Event Operation=\"Update\" MailboxGuid=\"x\" LastAccessed=\"2010-04-30T11:01:55\"/>\n",
            "  <Unexpected Foo=\"1\"/>\n",
            MailboxXML.event(operation: "Create"),
        ])
        let sink = try ingest(doc)
        #expect(sink.records.count == 1)
        #expect(sink.records[0].locator == "element 4, lines 7-8")
        #expect(sink.rejects.map(\.locator) == ["element 1, lines 3-4", "element 2, line 5", "element 3, line 6"])
        #expect(sink.rejects[0].reason == "field LastAccessed: unrecognized timestamp 'yesterday'")
        #expect(sink.rejects[1].reason.contains("has no zone or offset; re-run with --source-tz"))
        #expect(sink.rejects[2].reason.contains("neither a mailbox-audit event"))
        #expect(String(decoding: sink.rejects[2].raw, as: UTF8.self) == "<Unexpected Foo=\"1\"/>")
        // With --source-tz the naive time is read in that zone.
        let zoned = try ingest(Array(doc.utf8), zone: TimeZone(identifier: "America/Los_Angeles"))
        #expect(zoned.records.count == 2)
    }

    @Test func dedupKeysIgnoreLayoutButNotContent() throws {
        let a = try ingest(MailboxXML.document([MailboxXML.event(items: [("I1", "s")])])).records[0].dedupKey
        // Same content, attributes spread over lines and reordered.
        let reordered = try ingest(
            """
            <SearchResults><Event Operation="HardDelete"
              LastAccessed="2010-04-30T11:01:55.140625-07:00" MailboxGuid="6d4fbdae-e3ae-4530-8d0b-f62a14687939" Owner="CONTOSO\\david" OperationResult="Succeeded" LogonType="Admin" FolderId="0000000073098C3277988F4CB882F5B82EBF64610100A7C317F68C24304BBD18ABE1F185E79B00000026BD4F0000" FolderPathName="\\Recoverable Items\\Deletions" ClientInfoString="Client=OWA;Action=ViaProxy" ClientIPAddress="10.196.241.168" InternalLogonType="Owner" MailboxOwnerUPN="david@contoso.com" MailboxOwnerSid="S-1-5-21-290112810-296651436-1966561949-1151" CrossMailboxOperation="false" LogonUserDisplayName="Administrator" LogonUserDN="/o=Contoso/ou=Exchange Administrative Group/cn=Recipients/cn=Administrator" LogonUserSid="S-1-5-21-290112810-296651436-1966561949-1149"><SourceItems><SourceItem FolderPathName="\\Inbox" ItemId="I1" Subject="s"/></SourceItems></Event></SearchResults>
            """
        ).records[0].dedupKey
        let other = try ingest(MailboxXML.document([MailboxXML.event(items: [("I2", "s")])])).records[0].dedupKey
        #expect(a.hasPrefix("exchange-mailbox:"))
        #expect(a == reordered)
        #expect(a != other)
    }
}
