import Foundation
import TesseraSDK

/// Writes an N-row Purview audit search CSV (current header) with realistic AuditData of about
/// 1 KB a row across SharePoint/OneDrive, MailItemsAccessed, mailbox items, Exchange admin,
/// Entra sign-ins and directory changes, with ~2% rows repeated as exports do. Deterministic.
struct PurviewCSVGenerator {
    var seed: UInt64

    struct Stats { var duplicates = 0; var bytes = 0 }

    private struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    }

    static let users = (0..<400).map { "user\($0)@Contoso.onmicrosoft.com" }
    static let sites = ["Legal", "HR", "Finance", "Engineering", "Board"]
    static let fileOps = [
        "FileAccessed", "FileDownloaded", "FileModified", "FileUploaded", "FilePreviewed",
        "FileSyncDownloadedFull", "SharingSet", "AnonymousLinkCreated", "CompanyLinkCreated", "FileDeleted",
    ]

    func write(rows: Int, to path: String) throws -> Stats {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw EvidenceError(locator: path, reason: "cannot create") }
        defer { try? handle.close() }
        var random = Random(state: seed)
        var stats = Stats()
        var out = Array("RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\n".utf8)
        var recent: [[UInt8]] = []
        let base: Int64 = 1_700_000_000_000_000
        for i in 0..<rows {
            var line: [UInt8]
            if i > 10, !recent.isEmpty, random.int(100) < 2 {
                line = recent[random.int(recent.count)]
                stats.duplicates += 1
            } else {
                line = row(index: i, us: base + Int64(i) * 1_500_000, random: &random)
                if recent.count < 256 { recent.append(line) } else { recent[random.int(256)] = line }
            }
            out.append(contentsOf: line)
            if out.count > 1 << 20 {
                handle.write(Data(out))
                stats.bytes += out.count
                out.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(out))
        stats.bytes += out.count
        return stats
    }

    private func row(index: Int, us: Int64, random: inout Random) -> [UInt8] {
        let id = String(format: "%08x-%04x-4%03x-8%03x-%012x", index, random.int(0xFFFF), random.int(0xFFF), random.int(0xFFF), random.int(1 << 30))
        let iso = Timestamp.iso8601(us)
        let creationTime = String(iso.prefix(19))
        let user = random.pick(Self.users)
        let ip = random.int(10) == 0 ? "[2001:db8::\(random.int(999))]:\(random.int(60000))" : "203.0.\(random.int(255)).\(random.int(255))"
        let org = "\"OrganizationId\":\"4b4b5f5c-1111-2222-3333-444455556666\""
        let kind = random.int(100)
        var recordType = 6
        var operation: String
        var audit: String
        if kind < 40 {
            operation = random.pick(Self.fileOps)
            let site = random.pick(Self.sites)
            let file = "Report \(random.int(5000)).docx"
            recordType = operation.hasPrefix("Sharing") || operation.contains("Link") ? 14 : 6
            audit =
                "{\"CreationTime\":\"\(creationTime)\",\"Id\":\"\(id)\",\"Operation\":\"\(operation)\",\(org),\"RecordType\":\(recordType),\"UserKey\":\"i:0h.f|membership|1003200\(random.int(99999))@live.com\",\"UserType\":0,\"Version\":1,\"Workload\":\"SharePoint\",\"ClientIP\":\"\(ip)\",\"ObjectId\":\"https://contoso.sharepoint.com/sites/\(site)/Shared Documents/\(file)\",\"UserId\":\"\(user)\",\"CorrelationId\":\"\(id)\",\"CustomUniqueId\":true,\"EventSource\":\"SharePoint\",\"ItemType\":\"File\",\"ListId\":\"5e6f7a8b-0000-4000-8000-000000000002\",\"ListItemUniqueId\":\"6f7a8b9c-0000-4000-8000-\(String(format: "%012d", random.int(1_000_000)))\",\"Site\":\"7a8b9cad-0000-4000-8000-000000000004\",\"UserAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 Edg/119.0.2151.58\",\"WebId\":\"8b9cadbe-0000-4000-8000-000000000005\",\"HighPriorityMediaProcessing\":false,\"SourceFileExtension\":\"docx\",\"SiteUrl\":\"https://contoso.sharepoint.com/sites/\(site)/\",\"SourceFileName\":\"\(file)\",\"SourceRelativeUrl\":\"Shared Documents\",\"ApplicationDisplayName\":\"Microsoft Office\",\"IsManagedDevice\":false,\"Platform\":\"WinDesktop\",\"GeoLocation\":\"NAM\"}"
        } else if kind < 65 {
            operation = "MailItemsAccessed"
            recordType = 50
            let sync = random.int(5) == 0
            var folders: [String] = []
            for f in 0..<(1 + random.int(2)) {
                let items =
                    sync
                    ? ""
                    : "\"FolderItems\":["
                        + (0..<(1 + random.int(4))).map { _ in
                            "{\"InternetMessageId\":\"<\(String(format: "%010x", random.int(1 << 30)))@NAMPR01MB0001.namprd01.prod.outlook.com>\",\"SizeInBytes\":\(1000 + random.int(90000))}"
                        }.joined(separator: ",") + "],"
                folders.append(
                    "{\(items)\"Id\":\"LgAAAAAM7KyTTmWeRac2KXBEz/7aAQARGHK+grzLTpRJraC1QR6kAAAAAAEMAAA\(f)\",\"Path\":\"\\\\\(f == 0 ? "Inbox" : "Archive")\"}")
            }
            audit =
                "{\"CreationTime\":\"\(creationTime)\",\"Id\":\"\(id)\",\"Operation\":\"MailItemsAccessed\",\(org),\"RecordType\":50,\"ResultStatus\":\"Succeeded\",\"UserKey\":\"10032001A\(random.int(9999))\",\"UserType\":0,\"Version\":1,\"Workload\":\"Exchange\",\"UserId\":\"\(user)\",\"AppId\":\"00000002-0000-0ff1-ce00-000000000000\",\"ClientAppId\":\"\",\"ClientIPAddress\":\"\(ip)\",\"ClientInfoString\":\"Client=MSExchangeRPC\",\"ExternalAccess\":false,\"InternalLogonType\":0,\"LogonType\":0,\"LogonUserSid\":\"S-1-5-21-1825954961-3338807533-2873504967-\(random.int(99999))\",\"MailboxGuid\":\"d0c5f8ae-9ed7-4e46-bfdf-ea1460f5a31b\",\"MailboxOwnerSid\":\"S-1-5-21-1825954961-3338807533-2873504967-26087451\",\"MailboxOwnerUPN\":\"\(user)\",\"OperationProperties\":[{\"Name\":\"MailAccessType\",\"Value\":\"\(sync ? "Sync" : "Bind")\"},{\"Name\":\"IsThrottled\",\"Value\":\"False\"}],\"OrganizationName\":\"contoso.onmicrosoft.com\",\"OriginatingServer\":\"NAMPR01MB0001 (15.20.7000.000)\",\"SessionId\":\"\(id.prefix(8))-sess\",\"Folders\":[\(folders.joined(separator: ","))],\"OperationCount\":\(1 + random.int(5))}"
        } else if kind < 75 {
            operation = random.pick(["Send", "SoftDelete", "MoveToDeletedItems", "Update"])
            recordType = operation == "Send" || operation == "Update" ? 2 : 3
            let item =
                "{\"Id\":\"RgAAAAAM7KyTTmWeRac2KXBEz\(random.int(99999))\",\"InternetMessageId\":\"<\(random.int(1 << 30))@contoso.com>\",\"ParentFolder\":{\"Id\":\"LgAAAAAM7KyT\",\"Path\":\"\\\\Inbox\"},\"SizeInBytes\":\(random.int(90000)),\"Subject\":\"Re: quarterly review \(random.int(500))\"}"
            let items = recordType == 2 ? "\"Item\":\(item)" : "\"AffectedItems\":[\(item),\(item)],\"Folder\":{\"Id\":\"LgAAAAAM7KyT\",\"Path\":\"\\\\Inbox\"}"
            audit =
                "{\"CreationTime\":\"\(creationTime)\",\"Id\":\"\(id)\",\"Operation\":\"\(operation)\",\(org),\"RecordType\":\(recordType),\"ResultStatus\":\"Succeeded\",\"UserKey\":\"10032001A\(random.int(9999))\",\"UserType\":0,\"Version\":1,\"Workload\":\"Exchange\",\"ClientIP\":\"\(ip)\",\"UserId\":\"\(user)\",\"ClientIPAddress\":\"\(ip)\",\"ClientInfoString\":\"Client=OWA;Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0;\",\"ExternalAccess\":false,\"InternalLogonType\":0,\"LogonType\":0,\"LogonUserSid\":\"S-1-5-21-1825954961-3338807533-2873504967-26087451\",\"MailboxGuid\":\"d0c5f8ae-9ed7-4e46-bfdf-ea1460f5a31b\",\"MailboxOwnerUPN\":\"\(user)\",\"OrganizationName\":\"contoso.onmicrosoft.com\",\"OriginatingServer\":\"NAMPR01MB0001 (15.20.7000.000)\",\(items)}"
        } else if kind < 87 {
            operation = random.int(5) == 0 ? "UserLoginFailed" : "UserLoggedIn"
            recordType = 15
            audit =
                "{\"CreationTime\":\"\(creationTime)\",\"Id\":\"\(id)\",\"Operation\":\"\(operation)\",\(org),\"RecordType\":15,\"ResultStatus\":\"\(operation == "UserLoggedIn" ? "Success" : "Failed")\",\"UserKey\":\"55425677-a6b7-4df1-8068-709eb4162d42\",\"UserType\":0,\"Version\":1,\"Workload\":\"AzureActiveDirectory\",\"ClientIP\":\"\(ip)\",\"ObjectId\":\"00000003-0000-0000-c000-000000000000\",\"UserId\":\"\(user)\",\"AzureActiveDirectoryEventType\":1,\"ExtendedProperties\":[{\"Name\":\"ResultStatusDetail\",\"Value\":\"Redirect\"},{\"Name\":\"UserAgent\",\"Value\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36\"},{\"Name\":\"RequestType\",\"Value\":\"OAuth2:Authorize\"}],\"ModifiedProperties\":[],\"Actor\":[{\"ID\":\"55425677-a6b7-4df1-8068-709eb4162d42\",\"Type\":0},{\"ID\":\"\(user)\",\"Type\":5}],\"ActorContextId\":\"5a0f38c6-710b-4503-92c0-3a9f6e00f726\",\"ActorIpAddress\":\"\(ip)\",\"InterSystemsId\":\"\(id)\",\"IntraSystemId\":\"\(id)\",\"SupportTicketId\":\"\",\"Target\":[{\"ID\":\"00000003-0000-0000-c000-000000000000\",\"Type\":0}],\"TargetContextId\":\"5a0f38c6-710b-4503-92c0-3a9f6e00f726\",\"ApplicationId\":\"89bee1f7-5e6e-4d8a-9f3d-ecd601259da7\",\"DeviceProperties\":[{\"Name\":\"OS\",\"Value\":\"Windows 10\"},{\"Name\":\"BrowserType\",\"Value\":\"Edge\"}],\"ErrorNumber\":\"\(operation == "UserLoggedIn" ? "0" : "50126")\"}"
        } else if kind < 95 {
            let cmdlets: [(String, String)] = [
                (
                    "Add-MailboxPermission",
                    "{\"Name\":\"Identity\",\"Value\":\"\(random.pick(Self.users))\"},{\"Name\":\"User\",\"Value\":\"\(user)\"},{\"Name\":\"AccessRights\",\"Value\":\"FullAccess\"},{\"Name\":\"InheritanceType\",\"Value\":\"All\"}"
                ),
                (
                    "New-InboxRule",
                    "{\"Name\":\"Mailbox\",\"Value\":\"\(user)\"},{\"Name\":\"Name\",\"Value\":\".\"},{\"Name\":\"ForwardTo\",\"Value\":\"archive@example.net\"},{\"Name\":\"StopProcessingRules\",\"Value\":\"True\"}"
                ),
                ("Set-Mailbox", "{\"Name\":\"Identity\",\"Value\":\"\(user)\"},{\"Name\":\"RetainDeletedItemsFor\",\"Value\":\"30.00:00:00\"}"),
                (
                    "Set-AdminAuditLogConfig",
                    "{\"Name\":\"Identity\",\"Value\":\"Admin Audit Log Settings\"},{\"Name\":\"AdminAuditLogEnabled\",\"Value\":\"True\"}"
                ),
            ]
            let (cmdlet, params) = random.pick(cmdlets)
            operation = cmdlet
            recordType = 1
            let actor = random.int(20) == 0 ? "Microsoft Operator" : "admin@contoso.onmicrosoft.com"
            audit =
                "{\"CreationTime\":\"\(creationTime)\",\"Id\":\"\(id)\",\"Operation\":\"\(cmdlet)\",\(org),\"RecordType\":1,\"ResultStatus\":\"True\",\"UserKey\":\"\(actor)\",\"UserType\":\(actor == "Microsoft Operator" ? 3 : 2),\"Version\":1,\"Workload\":\"Exchange\",\"ClientIP\":\"\(ip):\(random.int(60000))\",\"ObjectId\":\"\(user)\",\"UserId\":\"\(actor)\",\"AppId\":\"\",\"ClientAppId\":\"\",\"ExternalAccess\":\(actor == "Microsoft Operator"),\"OrganizationName\":\"contoso.onmicrosoft.com\",\"OriginatingServer\":\"CY4PR13MB0001 (15.20.1382.008)\",\"Parameters\":[\(params)],\"SessionId\":\"\(id.prefix(13))\"}"
        } else {
            operation = random.pick(["Reset user password.", "Add member to role.", "Update user.", "Consent to application."])
            recordType = 8
            audit =
                "{\"CreationTime\":\"\(creationTime)\",\"Id\":\"\(id)\",\"Operation\":\"\(operation)\",\(org),\"RecordType\":8,\"ResultStatus\":\"Success\",\"UserKey\":\"10032001A\(random.int(9999))@contoso.onmicrosoft.com\",\"UserType\":0,\"Version\":1,\"Workload\":\"AzureActiveDirectory\",\"ObjectId\":\"\(random.pick(Self.users))\",\"UserId\":\"admin@contoso.onmicrosoft.com\",\"AzureActiveDirectoryEventType\":1,\"ExtendedProperties\":[{\"Name\":\"additionalDetails\",\"Value\":\"{}\"},{\"Name\":\"extendedAuditEventCategory\",\"Value\":\"User\"}],\"ModifiedProperties\":[{\"Name\":\"Role.DisplayName\",\"NewValue\":\"Exchange Administrator\",\"OldValue\":\"\"}],\"Actor\":[{\"ID\":\"admin@contoso.onmicrosoft.com\",\"Type\":5}],\"ActorContextId\":\"5a0f38c6-710b-4503-92c0-3a9f6e00f726\",\"InterSystemsId\":\"\(id)\",\"IntraSystemId\":\"\(id)\",\"Target\":[{\"ID\":\"User_\(id)\",\"Type\":2}],\"TargetContextId\":\"5a0f38c6-710b-4503-92c0-3a9f6e00f726\"}"
        }
        let quoted = "\"" + audit.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let creationDate = String(iso.prefix(19)) + ".0000000Z"
        let csvOperation = operation.contains(",") ? "\"\(operation)\"" : operation
        return Array("\(id),\(creationDate),\(recordType),\(csvOperation),\(user),\(quoted),,\r\n".utf8)
    }
}
