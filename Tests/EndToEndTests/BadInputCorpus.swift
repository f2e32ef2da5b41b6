import Foundation
import Testing

/// The bad-input corpus: damaged, oddly encoded and hostile evidence for every format Tessera
/// reads. Each case writes its file (or directory, or link) into a case directory, so the large
/// ones (10 MB field, 100 MB line) are generated at run time and nothing large is committed.
/// `BadInputCorpusTests` runs the built `tessera ingest` on every case.
struct BadInput: CustomTestStringConvertible, Sendable {
    /// What the analyst must see.
    enum Outcome: Sendable {
        /// Non-zero exit; standard error names the file (and contains `because`, when given).
        case refused(because: String? = nil)
        /// Exit 0; the file is a source with at least this many rejects and stored records.
        case ingested(minRejects: Int = 0, minStored: Int = 0)
        /// Exit 0 with the file listed as skipped (inside a directory, nothing claims it).
        case skipped
    }

    var name: String
    var plugin: String?
    var outcome: Outcome
    /// Writes the case at the given path.
    var make: @Sendable (String) throws -> Void
    /// Text that must never reach the store (the payload of an XXE, say).
    var mustNotStore: String? = nil

    var testDescription: String { name }

    init(_ name: String, plugin: String? = nil, _ outcome: Outcome, mustNotStore: String? = nil, bytes: @escaping @Sendable () -> [UInt8]) {
        self.name = name; self.plugin = plugin; self.outcome = outcome; self.mustNotStore = mustNotStore
        self.make = { path in try Data(bytes()).write(to: URL(fileURLWithPath: path)) }
    }

    init(_ name: String, plugin: String? = nil, _ outcome: Outcome, mustNotStore: String? = nil, text: String) {
        self.init(name, plugin: plugin, outcome, mustNotStore: mustNotStore, bytes: { Array(text.utf8) })
    }

    init(_ name: String, plugin: String? = nil, _ outcome: Outcome, make: @escaping @Sendable (String) throws -> Void) {
        self.name = name; self.plugin = plugin; self.outcome = outcome; self.make = make
    }
}

/// Streams `count` copies of `chunk` after `prefix` and before `suffix` to a file, in bounded memory.
func writeLarge(_ path: String, prefix: String, chunk: String, count: Int, suffix: String) throws {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.write(contentsOf: Data(prefix.utf8))
    let block = Data(String(repeating: chunk, count: 4096).utf8)
    var left = count
    while left >= 4096 { try handle.write(contentsOf: block); left -= 4096 }
    if left > 0 { try handle.write(contentsOf: Data(String(repeating: chunk, count: left).utf8)) }
    try handle.write(contentsOf: Data(suffix.utf8))
}

func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-n"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input; process.standardOutput = output
    try process.run()
    try input.fileHandleForWriting.write(contentsOf: Data(bytes))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(data)
}

func utf16LE(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }

enum BadInputCorpus {
    static let slHeader =
        "interaction_id,engineer,engineer_name,engineer_country,engineer_site,employer,clearance,tenant,customer_class,start,end,accounts,source_ips,scope,channel,ticket_url,approval,summary\n"
    static func slRow(_ id: String, start: String = "2023-03-14T14:02:00Z", end: String = "2023-03-14T15:10:00Z", summary: String = "broken site") -> String {
        "\(id),j.miller@cloudvendor.example,Jordan Miller,US,Reston,CloudVendor Inc.,Secret,fedagency.example,government,\(start),\(end),jmiller-adm@fedagency.example,198.51.100.10,https://fedagency.sharepoint.example/sites/Finance,remote-session,https://support.example/\(id),approved,\(summary)\n"
    }
    static func slJSON(_ id: String, start: String = "2024-01-09T15:00:00Z") -> String {
        #"{"interaction_id":"\#(id)","engineer":"j.miller@cloudvendor.example","engineer_country":"US","tenant":"fedagency.example","customer_class":"government","start":"\#(start)","end":"2024-01-09T16:20:00Z","accounts":["jmiller-adm@fedagency.example"],"source_ips":["198.51.100.10"],"scope":["https://fedagency.sharepoint.example/sites/HR"],"channel":"remote-session"}"#
            + "\n"
    }
    static func lockbox(_ id: String, created: String = "2024-02-12T02:05:41.12Z") -> String {
        #"{"id":"/subscriptions/3f2b7c1e-5d4a-4e8b-9c61-2a7d0e9b4f13/providers/Microsoft.CustomerLockbox/requests/\#(id)","name":"LockboxRequest_\#(id)","type":"requests","properties":{"requestId":"\#(id)","justification":"troubleshooting","status":"Approved","createdDateTime":"\#(created)","expirationDateTime":"2024-02-16T02:05:41.12Z","duration":4,"requestedResourceIds":["SUBSCRIPTIONS/3F2B7C1E/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM1"],"resourceType":"Virtual Machine","supportRequest":"2402120010001234","supportCaseUrl":"https://portal.example/case"}}"#
    }
    static func mailboxEvent(_ op: String = "HardDelete", accessed: String = "2010-04-30T11:01:55.140625-07:00") -> String {
        #"<Event MailboxGuid="6d4fbdae-e3ae-4530-8d0b-f62a14687939" Owner="dom\david" LastAccessed="\#(accessed)" Operation="\#(op)" OperationResult="Succeeded" LogonType="Admin" FolderPathName="\Deletions" ClientInfoString="Client=OWA" ClientIPAddress="10.196.241.168" InternalLogonType="Owner" MailboxOwnerUPN="david@contoso.com" MailboxOwnerSid="S-1-5-21-1" CrossMailboxOperation="false" LogonUserDN="Administrator" LogonUserSid="S-1-5-21-2"><SourceItems><SourceItem ItemId="AAA=" InternetMessageId="&lt;a@b&gt;" Subject="Budget" /></SourceItems></Event>"#
    }
    static let ualHeader = "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\n"
    static func ualRow(_ id: String, date: String = "2023-01-01T00:00:01.0000000Z") -> String {
        let audit =
            #"{"Id":"\#(id)","CreationTime":"\#(date.prefix(19))","Operation":"FileAccessed","RecordType":6,"UserId":"a@contoso.com","Workload":"SharePoint","ClientIP":"203.0.113.9","ObjectId":"https://contoso.sharepoint.com/sites/x/a.docx"}"#
        return "\(id),\(date),SharePointFileOperation,FileAccessed,a@contoso.com,\"\(audit.replacingOccurrences(of: "\"", with: "\"\""))\",,\n"
    }
    static func cloudTrail(_ id: String, time: String = "2023-05-01T10:00:00Z") -> String {
        #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/Alice","accountId":"111122223333","userName":"Alice"},"eventTime":"\#(time)","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","requestParameters":{"bucketName":"evidence","key":"q1.pdf"},"eventID":"\#(id)","eventType":"AwsApiCall","recipientAccountId":"111122223333"}"#
    }
    static func boxEvent(_ id: String, at: String = "2012-12-12T10:53:43-08:00") -> String {
        #"{"type":"event","event_id":"\#(id)","created_by":{"type":"user","id":"11446498","name":"Aaron Levie","login":"ceo@example.com"},"created_at":"\#(at)","recorded_at":"2012-12-12T10:53:48-08:00","event_type":"DOWNLOAD","session_id":"70090280850c8d2a1933c1","ip_address":"198.51.100.20","source":{"item_type":"file","item_id":"1","item_name":"Budget.xlsx"}}"#
    }
    static func driveActivity(_ id: String, time: String = "2024-01-02T03:04:05.000Z") -> String {
        #"{"kind":"admin#reports#activity","id":{"time":"\#(time)","uniqueQualifier":"\#(id)","applicationName":"drive","customerId":"C1"},"actor":{"email":"A@Example.com"},"ipAddress":"2001:DB8::1","events":[{"type":"access","name":"download","parameters":[{"name":"doc_id","value":"d1"},{"name":"doc_title","value":"Budget.xlsx"}]}]}"#
    }
    static let s3Owner = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    static func s3Line(_ req: String, time: String = "06/Feb/2019:00:00:38 +0000") -> String {
        #"\#(s3Owner) evidence-bucket [\#(time)] 192.0.2.3 arn:aws:iam::123456789012:user/alice \#(req) REST.GET.OBJECT reports/q1.pdf "GET /evidence-bucket/reports/q1.pdf HTTP/1.1" 200 - 2662992 3462992 70 10 "-" "aws-cli/2.9" - hostid= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader evidence-bucket.s3.us-west-1.amazonaws.com TLSV1.2 - Yes us-east-1"#
            + "\n"
    }
    static func azureLine(_ req: String, time: String = "2019-06-25T14:56:54.0079155Z") -> String {
        #"2.0;\#(time);GetBlob;Success;200;10;5;authenticated;acct;acct;blob;"https://acct.blob.core.windows.net/c/secret.docx";"/acct/c/secret.docx";\#(req);0;203.0.113.50:51000;2022-11-02;500;0;300;1000;0;;;"&quot;0x1&quot;";Fri, 01 Mar 2024 07:00:00 GMT;;"curl/8";;"cid";"user@contoso.com";;;;;;;;"#
            + "\n"
    }

    static let all: [BadInput] = supportLog + lockboxCases + exchange + ual + azure + mappings + filesystem + compressed

    // MARK: support log (CSV, JSON Lines)
    static let supportLog: [BadInput] = [
        BadInput("sl-empty.csv", plugin: "support-log", .ingested(), text: ""),
        BadInput("sl-header-only.csv", .ingested(), text: slHeader),
        BadInput(
            "sl-truncated-mid-record.csv", .ingested(minRejects: 1, minStored: 1), text: slHeader + slRow("T-1") + "T-2,j.miller@cloudvendor.example,\"Jordan"),
        BadInput(
            "sl-unbalanced-quotes.csv", .ingested(minStored: 3),
            text: slHeader + slRow("T-1") + slRow("T-2", summary: "\"said \"urgent\" twice") + slRow("T-3")),
        BadInput(
            "sl-missing-required-columns.csv", plugin: "support-log", .refused(),
            text: "interaction_id,engineer,tenant\nT-1,j@v.example,t.example\n"),
        BadInput(
            "sl-duplicated-columns.csv", plugin: "support-log", .refused(),
            text: slHeader.replacingOccurrences(of: "summary\n", with: "start\n") + slRow("T-1")),
        BadInput(
            "sl-nul-bytes.csv", .ingested(minStored: 1),
            bytes: { Array((slHeader + slRow("T-1")).utf8) + Array(slRow("T-\0-2", summary: "a\0b").utf8) }),
        BadInput(
            "sl-invalid-utf8.csv", .ingested(minStored: 1),
            bytes: { Array((slHeader + slRow("T-1")).utf8) + Array(slRow("T-2", summary: "X").utf8.dropLast(2)) + [0xC3, 0x28, 0xFF, 0xFE, 0x0A] }),
        BadInput(
            "sl-utf16le-no-bom.csv", plugin: "support-log", .ingested(minStored: 2),
            bytes: { utf16LE(slHeader + slRow("T-1") + slRow("T-2")) }),
        BadInput(
            "sl-impossible-timestamps.csv", .ingested(minRejects: 2, minStored: 3),
            text: slHeader + slRow("T-1") + slRow("T-2", start: "2023-02-30T10:00:00Z")
                + slRow("T-3", start: "0001-01-01T00:00:00Z", end: "0001-01-01T01:00:00Z")
                + slRow("T-4", start: "9999-12-31T23:59:59Z", end: "9999-12-31T23:59:60Z") + slRow("T-5", start: "2023-07-04 09:00:00")),
        BadInput(
            "sl-10mb-field.csv", .ingested(minStored: 1),
            make: { path in
                try writeLarge(
                    path,
                    prefix: slHeader + slRow("T-1")
                        + "T-2,j@v.example,J,US,R,V,S,t.example,government,2023-03-14T14:02:00Z,2023-03-14T15:10:00Z,a@t.example,198.51.100.10,s,remote,u,ok,\"",
                    chunk: "0123456789abcdef", count: 10 * 1024 * 1024 / 16, suffix: "\"\n" + slRow("T-3"))
            }),
        BadInput(
            "sl-100mb-single-line.csv", plugin: "support-log", .ingested(minRejects: 1),
            make: { path in
                try writeLarge(path, prefix: slHeader, chunk: "T-9,0123456789,", count: 100 * 1024 * 1024 / 15, suffix: "")
            }),
        BadInput("sl-truncated.jsonl", .ingested(minRejects: 1, minStored: 1), text: slJSON("J-1") + String(slJSON("J-2").prefix(60))),
        BadInput(
            "sl-deeply-nested.jsonl", plugin: "support-log", .ingested(minRejects: 1, minStored: 1),
            text: slJSON("J-1") + "{\"interaction_id\":" + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "}\n"),
        BadInput("sl-naive-timestamp.jsonl", .ingested(minRejects: 1, minStored: 1), text: slJSON("J-1") + slJSON("J-2", start: "2024-01-09 15:00:00")),
        BadInput(
            "sl-nul-bytes.jsonl", .ingested(minRejects: 1, minStored: 1), bytes: { Array(slJSON("J-1").utf8) + [0, 0, 0, 0x0A] + Array(slJSON("J-2").utf8) }),
    ]

    // MARK: Customer Lockbox JSON
    static let lockboxCases: [BadInput] = [
        BadInput("lb-empty.json", plugin: "customer-lockbox", .ingested(), text: ""),
        BadInput(
            "lb-truncated.json", plugin: "customer-lockbox", .ingested(minRejects: 1),
            text: "{\"value\":[" + lockbox("11111111-0000-0000-0000-000000000001") + "," + String(lockbox("11111111-0000-0000-0000-000000000002").prefix(150))),
        BadInput(
            "lb-deeply-nested.json", plugin: "customer-lockbox", .ingested(minRejects: 1),
            text: "{\"value\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"),
        BadInput(
            "lb-impossible-dates.json", .ingested(minRejects: 2, minStored: 1),
            text: "{\"value\":["
                + [
                    lockbox("11111111-0000-0000-0000-000000000001"), lockbox("11111111-0000-0000-0000-000000000002", created: "2024-02-30T02:05:41Z"),
                    lockbox("11111111-0000-0000-0000-000000000003", created: "0000-01-01T00:00:00Z"),
                ].joined(separator: ",") + "]}"),
        BadInput(
            "lb-invalid-utf8.json", plugin: "customer-lockbox", .ingested(minStored: 1),
            bytes: {
                Array(("{\"value\":[" + lockbox("11111111-0000-0000-0000-000000000001")).utf8).map { $0 == UInt8(ascii: "~") ? 0xFF : $0 }
                    + Array(",".utf8)
                    + Array(lockbox("11111111-0000-0000-0000-000000000002").replacingOccurrences(of: "troubleshooting", with: "trouble\u{FFFF}").utf8).map {
                        $0 == 0xBF ? 0xC0 : $0
                    } + Array("]}".utf8)
            }),
        BadInput("lb-wrong-shape.json", plugin: "customer-lockbox", .refused(), text: "{\"value\": \"not a list\"}"),
    ]

    // MARK: Exchange mailbox / admin audit XML and CLIXML
    static let exchange: [BadInput] = [
        BadInput(
            "ex-not-well-formed.xml", plugin: "exchange-audit", .ingested(minRejects: 1, minStored: 1),
            text: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SearchResults>" + mailboxEvent() + "<Event Operation=\"Move\" <<>></Event>"
                + mailboxEvent("SoftDelete") + "</SearchResults>"),
        BadInput(
            "ex-truncated.xml", plugin: "exchange-audit", .ingested(minStored: 1),
            text: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SearchResults>" + mailboxEvent() + String(mailboxEvent("SoftDelete").prefix(200))),
        BadInput(
            "ex-entity-bomb.xml", plugin: "exchange-audit", .refused(),
            text: """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
                <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
                <SearchResults><Event MailboxGuid="g" Operation="&lol9;" LastAccessed="2010-04-30T11:01:55Z" MailboxOwnerUPN="a@b.c" LogonUserDN="x"/></SearchResults>
                """),
        BadInput(
            "ex-xxe.xml", plugin: "exchange-audit", .refused(because: "DTD"), mustNotStore: "root:x:0:0",
            bytes: {
                Array(
                    """
                    <?xml version="1.0"?>
                    <!DOCTYPE SearchResults [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                    <SearchResults>\(mailboxEvent("&xxe;"))</SearchResults>
                    """.utf8)
            }),
        BadInput(
            "ex-deeply-nested.xml", plugin: "exchange-audit", .ingested(minRejects: 1),
            text: "<?xml version=\"1.0\"?><SearchResults>" + String(repeating: "<Event>", count: 50_000) + String(repeating: "</Event>", count: 50_000)
                + "</SearchResults>"),
        BadInput(
            "ex-wrong-declared-encoding.xml", plugin: "exchange-audit", .ingested(minStored: 1),
            text: "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<SearchResults>" + mailboxEvent() + "</SearchResults>"),
        BadInput(
            "ex-utf16le-no-bom.xml", plugin: "exchange-audit", .ingested(minStored: 1),
            bytes: { utf16LE("<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<SearchResults>" + mailboxEvent() + "</SearchResults>") }),
        BadInput(
            "ex-impossible-dates.xml", plugin: "exchange-audit", .ingested(minRejects: 2, minStored: 1),
            text: "<?xml version=\"1.0\"?><SearchResults>" + mailboxEvent() + mailboxEvent(accessed: "2010-02-30T11:01:55Z")
                + mailboxEvent(accessed: "9999-99-99T99:99:99Z") + "</SearchResults>"),
        BadInput(
            "ex-clixml-truncated.xml", plugin: "exchange-audit", .ingested(minStored: 0),
            text: """
                <Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0"><TN RefId="0"><T>Microsoft.Exchange.Management.SystemConfigurationTasks.MailboxAuditLogEvent</T><T>System.Object</T></TN><Props><S N="Operation">HardDelete</S><DT N="LastAccessed">2020-01-01T10:00:00Z</DT><S N="MailboxOwnerUPN">a@contoso.com</S></Props></Obj><Obj RefId="1"><TN RefId="0"><T>Microsoft.Exchange.Management.SystemConfigurationTasks.MailboxAuditLogEvent</T></TN><Props><S N="Operation">Move
                """),
        BadInput(
            "ex-nul-bytes.xml", plugin: "exchange-audit", .ingested(minStored: 1),
            bytes: {
                Array(("<?xml version=\"1.0\"?><SearchResults>" + mailboxEvent()).utf8) + [0, 0, 0]
                    + Array((mailboxEvent("SoftDelete") + "</SearchResults>").utf8)
            }),
    ]

    // MARK: Microsoft 365 unified audit log (CSV, JSON)
    static let ual: [BadInput] = [
        BadInput("ual-header-only.csv", plugin: "m365-ual", .ingested(), text: ualHeader),
        BadInput("ual-truncated-mid-record.csv", .ingested(minRejects: 1, minStored: 1), text: ualHeader + ualRow("u-1") + String(ualRow("u-2").prefix(120))),
        BadInput(
            "ual-auditdata-not-json.csv", .ingested(minRejects: 1, minStored: 1),
            text: ualHeader + ualRow("u-1") + "u-2,2023-01-01T00:00:02Z,SharePointFileOperation,FileAccessed,a@contoso.com,\"{not json\",,\n"),
        BadInput(
            "ual-impossible-dates.csv", .ingested(minRejects: 2, minStored: 1),
            text: ualHeader + ualRow("u-1") + ualRow("u-2", date: "2023-02-30T00:00:01Z") + ualRow("u-3", date: "0001-13-01T00:00:01Z")),
        BadInput(
            "ual-duplicated-columns.csv", plugin: "m365-ual", .refused(because: "appears twice in the header"),
            text: "RecordId,CreationDate,RecordType,Operation,Operation,UserId,AuditData\n1,2023-01-01T00:00:01Z,6,FileAccessed,FileAccessed,a@b.c,\"{}\"\n"),
        BadInput(
            "ual-truncated-array.json", plugin: "m365-ual", .ingested(minStored: 1),
            text: "["
                + #"{"Id":"u-1","CreationTime":"2023-01-01T00:00:01","Operation":"FileAccessed","RecordType":6,"UserId":"a@contoso.com","Workload":"SharePoint"}"#
                + ",{\"Id\":\"u-2\",\"Creation"),
        BadInput(
            "ual-deeply-nested.json", plugin: "m365-ual", .ingested(minRejects: 1, minStored: 1),
            text:
                #"{"Id":"u-1","CreationTime":"2023-01-01T00:00:01","Operation":"FileAccessed","RecordType":6,"UserId":"a@contoso.com","Workload":"SharePoint"}"#
                + "\n"
                + #"{"Id":"u-2","CreationTime":"2023-01-01T00:00:01","Operation":"FileAccessed","RecordType":6,"UserId":"a@contoso.com","Workload":"SharePoint","X":"#
                + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}\n"),
        BadInput(
            "ual-invalid-utf8.csv", .ingested(minStored: 1),
            bytes: {
                Array((ualHeader + ualRow("u-1")).utf8) + Array(ualRow("u-2").utf8).map { $0 == UInt8(ascii: "~") ? 0xFF : $0 } + [0xED, 0xA0, 0x80, 0x0A]
            }),
    ]

    // MARK: Azure Activity Log, Entra ID sign-in / audit, Key Vault (azure-monitor)
    static func keyVault(_ correlation: String, operation: String = "SecretGet", time: String = "2024-05-01T10:00:00Z") -> String {
        #"{"time":"\#(time)","resourceId":"/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV","operationName":"\#(operation)","category":"AuditEvent","resultSignature":"OK","callerIpAddress":"203.0.113.5","correlationId":"\#(correlation)","identity":{"claim":{"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":"eng@contoso.example"}},"properties":{"id":"https://kv.vault.azure.net/secrets/db/1","requestUri":"https://kv.vault.azure.net/secrets/db/?api-version=7.4","httpStatusCode":200}}"#
    }
    static let signInCSVHeader = "TimeGenerated [UTC],UserPrincipalName,AppDisplayName,IPAddress,ResultType,ConditionalAccessStatus,Id,Type\n"

    static let azure: [BadInput] = [
        BadInput(
            "az-truncated-records.json", plugin: "azure-monitor", .ingested(minRejects: 1, minStored: 1),
            text: "{\"records\": [\n" + keyVault("c-1") + ",\n" + String(keyVault("c-2").prefix(150))),
        BadInput(
            "az-impossible-dates.json", .ingested(minRejects: 2, minStored: 1),
            text: "{\"records\": ["
                + [keyVault("c-1"), keyVault("c-2", time: "2024-02-30T00:00:00Z"), keyVault("c-3", time: "4/31/2024, 1:00:00.000 PM")].joined(separator: ",")
                + "]}"),
        BadInput(
            "az-deeply-nested.jsonl", .ingested(minRejects: 1, minStored: 1),
            text: keyVault("c-1") + "\n"
                + keyVault("c-2").replacingOccurrences(
                    of: "\"properties\":", with: "\"x\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + ",\"properties\":"
                ) + "\n"),
        BadInput(
            "az-signins-missing-column.csv", plugin: "azure-monitor", .ingested(minRejects: 1, minStored: 1),
            text: signInCSVHeader + "\"5/1/2024, 10:00:00.000 AM\",eng@contoso.example,Azure Portal,203.0.113.5,0,success,s-1,SigninLogs\n"
                + "\"5/1/2024, 10:01:00.000 AM\",Azure Portal,203.0.113.5,0,success,s-2,SigninLogs\n"),
        BadInput(
            "az-signin-without-user.jsonl", .ingested(minRejects: 1, minStored: 1),
            text:
                #"{"id":"s-1","createdDateTime":"2024-05-01T10:00:00Z","userPrincipalName":"eng@contoso.example","appDisplayName":"Azure Portal","conditionalAccessStatus":"success","status":{"errorCode":0}}"#
                + "\n"
                + #"{"id":"s-2","createdDateTime":"2024-05-01T10:00:00Z","appDisplayName":"Azure Portal","conditionalAccessStatus":"success","status":{"errorCode":0}}"#
                + "\n"),
        BadInput(
            "az-invalid-utf8.json", .ingested(minStored: 2),
            bytes: {
                Array(("[" + keyVault("c-1") + ",").utf8)
                    + Array(keyVault("c-2").utf8).map { $0 == UInt8(ascii: "q") ? 0xFF : ($0 == UInt8(ascii: "k") ? 0xC0 : $0) } + Array("]".utf8)
            }),
    ]

    // MARK: declarative mappings (CloudTrail, Box, Drive, S3 access log, Azure Storage Analytics)
    static let mappings: [BadInput] = [
        BadInput(
            "ct-truncated.json", plugin: "mapping:aws-cloudtrail", .ingested(minStored: 1),
            text: "{\"Records\":[" + cloudTrail("e-1") + "," + String(cloudTrail("e-2").prefix(100))),
        BadInput(
            "ct-impossible-dates.json", plugin: "mapping:aws-cloudtrail", .ingested(minRejects: 2, minStored: 1),
            text: "{\"Records\":["
                + [cloudTrail("e-1"), cloudTrail("e-2", time: "2023-02-30T10:00:00Z"), cloudTrail("e-3", time: "2023-05-01T10:00:00")].joined(separator: ",")
                + "]}"),
        BadInput(
            "ct-deeply-nested.json", plugin: "mapping:aws-cloudtrail", .ingested(minRejects: 1, minStored: 1),
            text: "{\"Records\":[" + cloudTrail("e-1") + "," + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "]}"),
        BadInput(
            "box-invalid-utf8.json", plugin: "mapping:box-events", .ingested(minStored: 1),
            bytes: {
                Array(("{\"entries\":[" + boxEvent("b1") + ",").utf8) + Array(boxEvent("b2").utf8).map { $0 == UInt8(ascii: "B") ? 0xFF : $0 }
                    + Array("]}".utf8)
            }),
        BadInput(
            "box-nul-bytes.json", plugin: "mapping:box-events", .ingested(minStored: 1),
            bytes: { Array(("{\"entries\":[" + boxEvent("b1") + ",").utf8) + [0, 0] + Array((boxEvent("b2") + "]}").utf8) }),
        BadInput(
            "drive-impossible-dates.json", plugin: "mapping:google-drive", .ingested(minRejects: 1, minStored: 1),
            text: "{\"kind\":\"admin#reports#activities\",\"items\":[" + driveActivity("1") + "," + driveActivity("2", time: "2024-02-30T03:04:05.000Z") + "]}"),
        BadInput(
            "s3-unbalanced-quotes.log", plugin: "mapping:aws-s3-access-log", .ingested(minRejects: 1, minStored: 1),
            text: s3Line("REQ1") + s3Line("REQ2").replacingOccurrences(of: "\"aws-cli/2.9\"", with: "\"aws-cli/2.9") + s3Line("REQ3")),
        BadInput(
            "s3-nul-and-impossible-time.log", plugin: "mapping:aws-s3-access-log", .ingested(minRejects: 1, minStored: 1),
            bytes: { Array((s3Line("REQ1") + s3Line("REQ2", time: "31/Feb/2019:00:00:38 +0000")).utf8) + [0, 0, 0x0A] + Array(s3Line("REQ3").utf8) }),
        BadInput(
            "azure-truncated.log", plugin: "mapping:azure-storage-analytics", .ingested(minRejects: 1, minStored: 1),
            text: azureLine("11111111-0000-0000-0000-000000000001") + String(azureLine("11111111-0000-0000-0000-000000000002").prefix(90))),
        BadInput(
            "azure-year-9999-and-0001.log", plugin: "mapping:azure-storage-analytics", .ingested(minStored: 1),
            text: azureLine("11111111-0000-0000-0000-000000000001") + azureLine("11111111-0000-0000-0000-000000000002", time: "9999-12-31T23:59:59.9999999Z")
                + azureLine("11111111-0000-0000-0000-000000000003", time: "0001-01-01T00:00:00.0000000Z")),
    ]

    // MARK: the file system
    static let filesystem: [BadInput] = [
        // A directory is expanded, not opened as a file: the log inside it is found and stored.
        BadInput(
            "dir-named-like-a-file.csv", .ingested(minStored: 1),
            make: { path in
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                try Data((slHeader + slRow("T-1")).utf8).write(to: URL(fileURLWithPath: path + "/inside.csv"))
            }),
        BadInput(
            "symlink-loop.csv", .refused(),
            make: { path in
                let other = path + ".other"
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: other)
                try FileManager.default.createSymbolicLink(atPath: other, withDestinationPath: path)
            }),
        // Root can read any mode-000 file, so unreadability is made honestly in two other ways:
        // open() fails (a path component that is a regular file: ENOTDIR), and read() fails after
        // a successful open (/proc/self/mem at offset 0 is unmapped memory: EIO).
        BadInput(
            "open-fails-enotdir.csv", .refused(),
            make: { path in
                try Data("plain file".utf8).write(to: URL(fileURLWithPath: path + ".parent"))
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path + ".parent/evidence.csv")
            }),
        BadInput(
            "read-fails-eio.csv", plugin: "support-log", .refused(),
            make: { path in
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/proc/self/mem")
            }),
    ]

    // MARK: compressed
    static let compressed: [BadInput] = [
        BadInput("not-gzip.csv.gz", .refused(), text: slHeader + slRow("T-1")),
        BadInput(
            "truncated-gzip.csv.gz", plugin: "support-log", .refused(),
            bytes: {
                let whole = (try? gzip(Array((slHeader + (1...400).map { slRow("T-\($0)") }.joined()).utf8))) ?? []
                return Array(whole.prefix(whole.count / 2))
            }),
    ]
}
