import Foundation
import TesseraSynthetic

/// A Purview audit search CSV (the current header) with realistic AuditData of about 1.5 KB a row
/// across SharePoint/OneDrive file operations, MailItemsAccessed, mailbox items, Exchange admin
/// cmdlets, Entra sign-ins and directory changes, with about 2 % of rows repeated as exports do.
/// One row every 1.5 s from 2023-11-14T22:13:20Z. `scripts/benchmarks/bench-ual`, `bench-azure`
/// and `bench-scale` measure the UAL plugin on it.
struct PurviewCSVShape: EvidenceShape {
    private var random: SeededRandom
    /// Rows already written, some of which are written again (an export's duplicates).
    private var recent: [[UInt8]] = []
    /// How many rows were repeats.
    private(set) var duplicates = 0

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    static let header = "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\n"
    static let users = (0..<400).map { "user\($0)@Contoso.onmicrosoft.com" }
    static let sites = ["Legal", "HR", "Finance", "Engineering", "Board"]
    static let fileOps = [
        "FileAccessed", "FileDownloaded", "FileModified", "FileUploaded", "FilePreviewed",
        "FileSyncDownloadedFull", "SharingSet", "AnonymousLinkCreated", "CompanyLinkCreated", "FileDeleted",
    ]

    mutating func begin(_ file: OutputFile) throws { try file.write(Self.header) }

    mutating func record(_ index: Int, to file: OutputFile) throws {
        let line: [UInt8]
        if index > 10, !recent.isEmpty, random.below(100) < 2 {
            line = recent[random.below(recent.count)]
            duplicates += 1
        } else {
            line = row(index: index, seconds: 1_700_000_000 + Int64(index) * 3 / 2)
            if recent.count < 256 { recent.append(line) } else { recent[random.below(256)] = line }
        }
        try file.record(bytes: line)
    }

    private mutating func row(index: Int, seconds: Int64) -> [UInt8] {
        let id =
            Text.hex(UInt64(UInt32(truncatingIfNeeded: index)), 8) + "-" + Text.hex(UInt64(random.below(0xFFFF)), 4) + "-4"
            + Text.hex(UInt64(random.below(0xFFF)), 3) + "-8" + Text.hex(UInt64(random.below(0xFFF)), 3) + "-"
            + Text.hex(UInt64(random.below(1 << 30)), 12)
        let creationTime = Text.iso(seconds, zulu: false)
        let user = random.pick(Self.users)
        let ip = random.below(10) == 0 ? "[2001:db8::\(random.below(999))]:\(random.below(60000))" : "203.0.\(random.below(255)).\(random.below(255))"
        let org = "\"OrganizationId\":\"4b4b5f5c-1111-2222-3333-444455556666\""
        let kind = random.below(100)
        var recordType = 6
        var operation: String
        var audit: String
        if kind < 40 {
            operation = random.pick(Self.fileOps)
            let site = random.pick(Self.sites)
            let file = "Report \(random.below(5000)).docx"
            recordType = operation.hasPrefix("Sharing") || operation.contains("Link") ? 14 : 6
            audit =
                "{\"CreationTime\":\"\(creationTime)\",\"Id\":\"\(id)\",\"Operation\":\"\(operation)\",\(org),\"RecordType\":\(recordType),\"UserKey\":\"i:0h.f|membership|1003200\(random.below(99999))@live.com\",\"UserType\":0,\"Version\":1,\"Workload\":\"SharePoint\",\"ClientIP\":\"\(ip)\",\"ObjectId\":\"https://contoso.sharepoint.com/sites/\(site)/Shared Documents/\(file)\",\"UserId\":\"\(user)\",\"CorrelationId\":\"\(id)\",\"CustomUniqueId\":true,\"EventSource\":\"SharePoint\",\"ItemType\":\"File\",\"ListId\":\"5e6f7a8b-0000-4000-8000-000000000002\",\"ListItemUniqueId\":\"6f7a8b9c-0000-4000-8000-\(Text.padded(random.below(1_000_000), 12))\",\"Site\":\"7a8b9cad-0000-4000-8000-000000000004\",\"UserAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 Edg/119.0.2151.58\",\"WebId\":\"8b9cadbe-0000-4000-8000-000000000005\",\"HighPriorityMediaProcessing\":false,\"SourceFileExtension\":\"docx\",\"SiteUrl\":\"https://contoso.sharepoint.com/sites/\(site)/\",\"SourceFileName\":\"\(file)\",\"SourceRelativeUrl\":\"Shared Documents\",\"ApplicationDisplayName\":\"Microsoft Office\",\"IsManagedDevice\":false,\"Platform\":\"WinDesktop\",\"GeoLocation\":\"NAM\"}"
        } else if kind < 65 {
            operation = "MailItemsAccessed"
            recordType = 50
            let sync = random.below(5) == 0
            var folders: [String] = []
            for f in 0..<(1 + random.below(2)) {
                let items =
                    sync
                    ? ""
                    : "\"FolderItems\":["
                        + (0..<(1 + random.below(4))).map { _ in
                            "{\"InternetMessageId\":\"<\(Text.hex(UInt64(random.below(1 << 30)), 10))@NAMPR01MB0001.namprd01.prod.outlook.com>\",\"SizeInBytes\":\(1000 + random.below(90000))}"
                        }.joined(separator: ",") + "],"
                folders.append(
                    "{\(items)\"Id\":\"LgAAAAAM7KyTTmWeRac2KXBEz/7aAQARGHK+grzLTpRJraC1QR6kAAAAAAEMAAA\(f)\",\"Path\":\"\\\\\(f == 0 ? "Inbox" : "Archive")\"}")
            }
            audit =
                "{\"CreationTime\":\"\(creationTime)\",\"Id\":\"\(id)\",\"Operation\":\"MailItemsAccessed\",\(org),\"RecordType\":50,\"ResultStatus\":\"Succeeded\",\"UserKey\":\"10032001A\(random.below(9999))\",\"UserType\":0,\"Version\":1,\"Workload\":\"Exchange\",\"UserId\":\"\(user)\",\"AppId\":\"00000002-0000-0ff1-ce00-000000000000\",\"ClientAppId\":\"\",\"ClientIPAddress\":\"\(ip)\",\"ClientInfoString\":\"Client=MSExchangeRPC\",\"ExternalAccess\":false,\"InternalLogonType\":0,\"LogonType\":0,\"LogonUserSid\":\"S-1-5-21-1825954961-3338807533-2873504967-\(random.below(99999))\",\"MailboxGuid\":\"d0c5f8ae-9ed7-4e46-bfdf-ea1460f5a31b\",\"MailboxOwnerSid\":\"S-1-5-21-1825954961-3338807533-2873504967-26087451\",\"MailboxOwnerUPN\":\"\(user)\",\"OperationProperties\":[{\"Name\":\"MailAccessType\",\"Value\":\"\(sync ? "Sync" : "Bind")\"},{\"Name\":\"IsThrottled\",\"Value\":\"False\"}],\"OrganizationName\":\"contoso.onmicrosoft.com\",\"OriginatingServer\":\"NAMPR01MB0001 (15.20.7000.000)\",\"SessionId\":\"\(id.prefix(8))-sess\",\"Folders\":[\(folders.joined(separator: ","))],\"OperationCount\":\(1 + random.below(5))}"
        } else if kind < 75 {
            operation = random.pick(["Send", "SoftDelete", "MoveToDeletedItems", "Update"])
            recordType = operation == "Send" || operation == "Update" ? 2 : 3
            let item =
                "{\"Id\":\"RgAAAAAM7KyTTmWeRac2KXBEz\(random.below(99999))\",\"InternetMessageId\":\"<\(random.below(1 << 30))@contoso.com>\",\"ParentFolder\":{\"Id\":\"LgAAAAAM7KyT\",\"Path\":\"\\\\Inbox\"},\"SizeInBytes\":\(random.below(90000)),\"Subject\":\"Re: quarterly review \(random.below(500))\"}"
            let items = recordType == 2 ? "\"Item\":\(item)" : "\"AffectedItems\":[\(item),\(item)],\"Folder\":{\"Id\":\"LgAAAAAM7KyT\",\"Path\":\"\\\\Inbox\"}"
            audit =
                "{\"CreationTime\":\"\(creationTime)\",\"Id\":\"\(id)\",\"Operation\":\"\(operation)\",\(org),\"RecordType\":\(recordType),\"ResultStatus\":\"Succeeded\",\"UserKey\":\"10032001A\(random.below(9999))\",\"UserType\":0,\"Version\":1,\"Workload\":\"Exchange\",\"ClientIP\":\"\(ip)\",\"UserId\":\"\(user)\",\"ClientIPAddress\":\"\(ip)\",\"ClientInfoString\":\"Client=OWA;Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0;\",\"ExternalAccess\":false,\"InternalLogonType\":0,\"LogonType\":0,\"LogonUserSid\":\"S-1-5-21-1825954961-3338807533-2873504967-26087451\",\"MailboxGuid\":\"d0c5f8ae-9ed7-4e46-bfdf-ea1460f5a31b\",\"MailboxOwnerUPN\":\"\(user)\",\"OrganizationName\":\"contoso.onmicrosoft.com\",\"OriginatingServer\":\"NAMPR01MB0001 (15.20.7000.000)\",\(items)}"
        } else if kind < 87 {
            operation = random.below(5) == 0 ? "UserLoginFailed" : "UserLoggedIn"
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
            let actor = random.below(20) == 0 ? "Microsoft Operator" : "admin@contoso.onmicrosoft.com"
            audit =
                "{\"CreationTime\":\"\(creationTime)\",\"Id\":\"\(id)\",\"Operation\":\"\(cmdlet)\",\(org),\"RecordType\":1,\"ResultStatus\":\"True\",\"UserKey\":\"\(actor)\",\"UserType\":\(actor == "Microsoft Operator" ? 3 : 2),\"Version\":1,\"Workload\":\"Exchange\",\"ClientIP\":\"\(ip):\(random.below(60000))\",\"ObjectId\":\"\(user)\",\"UserId\":\"\(actor)\",\"AppId\":\"\",\"ClientAppId\":\"\",\"ExternalAccess\":\(actor == "Microsoft Operator"),\"OrganizationName\":\"contoso.onmicrosoft.com\",\"OriginatingServer\":\"CY4PR13MB0001 (15.20.1382.008)\",\"Parameters\":[\(params)],\"SessionId\":\"\(id.prefix(13))\"}"
        } else {
            operation = random.pick(["Reset user password.", "Add member to role.", "Update user.", "Consent to application."])
            recordType = 8
            audit =
                "{\"CreationTime\":\"\(creationTime)\",\"Id\":\"\(id)\",\"Operation\":\"\(operation)\",\(org),\"RecordType\":8,\"ResultStatus\":\"Success\",\"UserKey\":\"10032001A\(random.below(9999))@contoso.onmicrosoft.com\",\"UserType\":0,\"Version\":1,\"Workload\":\"AzureActiveDirectory\",\"ObjectId\":\"\(random.pick(Self.users))\",\"UserId\":\"admin@contoso.onmicrosoft.com\",\"AzureActiveDirectoryEventType\":1,\"ExtendedProperties\":[{\"Name\":\"additionalDetails\",\"Value\":\"{}\"},{\"Name\":\"extendedAuditEventCategory\",\"Value\":\"User\"}],\"ModifiedProperties\":[{\"Name\":\"Role.DisplayName\",\"NewValue\":\"Exchange Administrator\",\"OldValue\":\"\"}],\"Actor\":[{\"ID\":\"admin@contoso.onmicrosoft.com\",\"Type\":5}],\"ActorContextId\":\"5a0f38c6-710b-4503-92c0-3a9f6e00f726\",\"InterSystemsId\":\"\(id)\",\"IntraSystemId\":\"\(id)\",\"Target\":[{\"ID\":\"User_\(id)\",\"Type\":2}],\"TargetContextId\":\"5a0f38c6-710b-4503-92c0-3a9f6e00f726\"}"
        }
        var line = [UInt8]()
        line.reserveCapacity(audit.utf8.count + 200)
        let csvOperation = operation.contains(",") ? "\"\(operation)\"" : operation
        line.append(contentsOf: "\(id),\(creationTime).0000000Z,\(recordType),\(csvOperation),\(user),\"".utf8)
        for byte in audit.utf8 {
            line.append(byte)
            if byte == UInt8(ascii: "\"") { line.append(byte) }
        }
        line.append(contentsOf: "\",,\r\n".utf8)
        return line
    }
}
