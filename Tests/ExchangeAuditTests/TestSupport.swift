import Foundation
import TesseraSDK
import TesseraTestSupport

@testable import ExchangeAuditPlugin

/// Runs the plugin over bytes and keeps everything it emitted.
func ingest(_ bytes: [UInt8], plugin: ExchangeAuditPlugin = ExchangeAuditPlugin(), zone: TimeZone? = nil) throws -> CollectingSink {
    let sink = CollectingSink()
    try plugin.ingest(EvidenceInput(bytes: MemoryByteSource(bytes)), context: IngestContext(displayPath: "test.xml", sourceTimeZone: zone), sink: sink)
    return sink
}

func ingest(_ text: String, plugin: ExchangeAuditPlugin = ExchangeAuditPlugin()) throws -> CollectingSink {
    try ingest(Array(text.utf8), plugin: plugin)
}

func utf16LE(_ text: String, bom: Bool = true) -> [UInt8] {
    var out: [UInt8] = bom ? [0xFF, 0xFE] : []
    for unit in text.utf16 { out.append(UInt8(unit & 0xFF)); out.append(UInt8(unit >> 8)) }
    return out
}

func utf16BE(_ text: String) -> [UInt8] {
    var out: [UInt8] = [0xFE, 0xFF]
    for unit in text.utf16 { out.append(UInt8(unit >> 8)); out.append(UInt8(unit & 0xFF)) }
    return out
}

func utcMicros(_ iso: String) throws -> Int64 {
    try Timestamp.parseISO8601UTC(iso, zone: nil)
}

/// Mailbox-audit `<Event>`s shaped as Exchange writes them in SearchResult.xml.
enum MailboxXML {
    static func event(
        operation: String = "HardDelete", lastAccessed: String = "2010-04-30T11:01:55.140625-07:00",
        logonType: String = "Admin", ip: String = "10.196.241.168", items: [(String, String)] = [],
        folders: [(String, String)] = [], extra: String = ""
    ) -> String {
        var s = """
              <Event MailboxGuid="6d4fbdae-e3ae-4530-8d0b-f62a14687939" Owner="CONTOSO\\david" LastAccessed="\(lastAccessed)" Operation="\(operation)" OperationResult="Succeeded" LogonType="\(logonType)" FolderId="0000000073098C3277988F4CB882F5B82EBF64610100A7C317F68C24304BBD18ABE1F185E79B00000026BD4F0000" FolderPathName="\\Recoverable Items\\Deletions" ClientInfoString="Client=OWA;Action=ViaProxy" ClientIPAddress="\(ip)" InternalLogonType="Owner" MailboxOwnerUPN="david@contoso.com" MailboxOwnerSid="S-1-5-21-290112810-296651436-1966561949-1151" CrossMailboxOperation="false" LogonUserDisplayName="Administrator" LogonUserDN="/o=Contoso/ou=Exchange Administrative Group/cn=Recipients/cn=Administrator" LogonUserSid="S-1-5-21-290112810-296651436-1966561949-1149"\(extra)>
            """
        if !items.isEmpty {
            s += "\n    <SourceItems>\n"
            for (id, subject) in items {
                s += "      <SourceItem ItemId=\"\(id)\" Subject=\"\(subject)\" FolderPathName=\"\\Inbox\" />\n"
            }
            s += "    </SourceItems>"
        }
        if !folders.isEmpty {
            s += "\n    <SourceFolders>\n"
            for (id, path) in folders {
                s += "      <SourceFolder FolderId=\"\(id)\" FolderPathName=\"\(path)\" />\n"
            }
            s += "    </SourceFolders>"
        }
        s += "\n  </Event>\n"
        return s
    }

    static func document(_ events: [String], declaration: String = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n") -> String {
        declaration + "<SearchResults>\n" + events.joined() + "</SearchResults>\n"
    }
}
