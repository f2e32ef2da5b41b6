import Foundation
import TesseraSynthetic

/// A mailbox-audit `SearchResult.xml` export (Search-MailboxAuditLog / the classic Exchange admin
/// center), about 1.1 KB an `<Event>`: 21 attributes, and for most operations 1 to 4
/// `<SourceItem>`s. One event every 3 s. `scripts/benchmarks/bench-exchange-xml` and
/// `bench-scale` measure the Exchange audit plugin on it.
struct ExchangeAuditXMLShape: EvidenceShape {
    private var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    /// Operations with the most `<SourceItem>`s each may carry (0: none).
    static let operations: [(String, Int)] = [
        ("MessageBind", 1), ("HardDelete", 3), ("SoftDelete", 2), ("Move", 2), ("FolderBind", 0),
        ("SendAs", 1), ("Update", 1), ("MoveToDeletedItems", 4), ("Create", 1),
    ]
    static let logons = ["Owner", "Delegate", "Admin", "External"]

    mutating func begin(_ file: OutputFile) throws {
        try file.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SearchResults>\n")
    }

    mutating func end(_ file: OutputFile) throws { try file.write("</SearchResults>\n") }

    mutating func record(_ i: Int, to file: OutputFile) throws {
        let (operation, maxItems) = Self.operations[i % Self.operations.count]
        let logon = Self.logons[(i / 7) % Self.logons.count]
        let user = i % 5000
        let delegate = (user * 7) % 5000
        let s = i * 3
        let stamp =
            "2023-\(Text.padded(1 + (s / 2_419_200) % 12, 2))-\(Text.padded(1 + (s / 86400) % 28, 2))T"
            + "\(Text.padded((s / 3600) % 24, 2)):\(Text.padded((s / 60) % 60, 2)):\(Text.padded(s % 60, 2))."
            + "\(Text.padded(random.below(1_000_000), 6))-07:00"
        let project = "Project \(i % 97)"
        var event =
            "  <Event MailboxGuid=\"\(random.hex(32))\" Owner=\"CONTOSO\\user\(user)\" LastAccessed=\"\(stamp)\" "
            + "Operation=\"\(operation)\" OperationResult=\"Succeeded\" LogonType=\"\(logon)\" "
            + "FolderId=\"00000000\(random.hex(40, uppercase: true))0100\" FolderPathName=\"\\Inbox\\\(project)\" "
            + "ClientInfoString=\"Client=MSExchangeRPC;Action=ViaProxy\" "
            + "ClientIPAddress=\"10.\(i % 256).\((i / 256) % 256).\(random.within(1..<255)):\(random.within(1024..<65535))\" "
            + "ClientMachineName=\"WS\(Text.padded(user, 5))\" ClientProcessName=\"OUTLOOK.EXE\" ClientVersion=\"16.0.16130.20306\" "
            + "InternalLogonType=\"\(logon)\" MailboxOwnerUPN=\"user\(user)@contoso.com\" "
            + "MailboxOwnerSid=\"S-1-5-21-290112810-296651436-1966561949-\(1000 + user)\" CrossMailboxOperation=\"false\" "
            + "LogonUserDisplayName=\"User \(delegate)\" "
            + "LogonUserDN=\"/o=Contoso/ou=Exchange Administrative Group/cn=Recipients/cn=user\(delegate)\" "
            + "LogonUserSid=\"S-1-5-21-290112810-296651436-1966561949-\(1000 + delegate)\">\n"
        if maxItems > 0 {
            event += "    <SourceItems>\n"
            for k in 0..<(1 + random.below(maxItems)) {
                event +=
                    "      <SourceItem ItemId=\"RgAAAAD\(random.hex(64, uppercase: true))\" "
                    + "Subject=\"Quarterly report \(i)-\(k) &amp; follow-up\" FolderPathName=\"\\Inbox\\\(project)\" />\n"
            }
            event += "    </SourceItems>\n"
        }
        event += "  </Event>\n"
        try file.record(event)
    }
}
