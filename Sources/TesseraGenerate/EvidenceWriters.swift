import Foundation

/// Writes records in the agency's evidence formats: the Purview UAL CSV, the Exchange mailbox- and
/// admin-audit SearchResult.xml exports, Google Drive activities (JSON Lines) and CloudTrail log
/// files. Each call writes one record that the matching plugin turns into exactly one event.
final class EvidenceWriters {
    private let ual: OutputFile
    private let mailboxFile: OutputFile
    private let adminFile: OutputFile
    private let drive: OutputFile
    private let directory: String
    private var cloudTrail: OutputFile?
    private var cloudTrailFiles = 0
    private var recordNumber = 0
    static let cloudTrailRecordsPerFile = 10_000

    init(directory: String) throws {
        self.directory = directory
        ual = try OutputFile(path: directory + "/m365/purview_audit.csv")
        try ual.write("RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\n")
        mailboxFile = try OutputFile(path: directory + "/exchange/mailbox_audit_SearchResult.xml")
        try mailboxFile.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SearchResults>\n")
        adminFile = try OutputFile(path: directory + "/exchange/admin_audit_SearchResult.xml")
        try adminFile.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SearchResults>\n")
        drive = try OutputFile(path: directory + "/gdrive/drive_activities.jsonl")
    }

    /// Record counts per file, for the ground truth and the benchmark.
    var counts: [String: Int] {
        [
            "m365/purview_audit.csv": ual.records, "exchange/mailbox_audit_SearchResult.xml": mailboxFile.records,
            "exchange/admin_audit_SearchResult.xml": adminFile.records, "gdrive/drive_activities.jsonl": drive.records,
            "aws/cloudtrail": cloudTrailRecords,
        ]
    }
    private var cloudTrailRecords = 0

    func close() throws {
        try ual.close()
        try mailboxFile.write("</SearchResults>\n")
        try mailboxFile.close()
        try adminFile.write("</SearchResults>\n")
        try adminFile.close()
        try drive.close()
        try closeCloudTrail()
    }

    private func nextID(_ salt: UInt32) -> String {
        recordNumber += 1
        return Text.guid(recordNumber, salt: salt)
    }

    // MARK: Purview unified audit log (CSV)

    private func ualRow(_ time: Int64, recordType: Int, operation: String, user: String, auditData: String) throws {
        let id = nextID(0x5c1f_0000)
        let data =
            "{\"CreationTime\":\"\(Text.iso(time, zulu: false))\",\"Id\":\"\(id)\",\"Operation\":\"\(operation)\","
            + "\"OrganizationId\":\"9e4a1c2b-7f3d-4b8e-a6c5-1d2e3f4a5b6c\",\"RecordType\":\(recordType),"
            + "\"ResultStatus\":\"Succeeded\",\"UserType\":0,\"Version\":1,\"UserId\":\(Text.json(user)),\(auditData)}"
        try ual.record(
            [
                id, Text.iso(time, zulu: false, fraction: 7) + "Z", String(recordType), operation, Text.csv(user),
                Text.csv(data), "", "",
            ].joined(separator: ",") + "\r\n")
    }

    /// A SharePoint `FileAccessed` / `FileDownloaded` of `url`.
    func sharePointFile(_ time: Int64, operation: String, user: String, ip: String, url: String) throws {
        let name = (url as NSString).lastPathComponent
        try ualRow(
            time, recordType: 6, operation: operation, user: user,
            auditData:
                "\"Workload\":\"SharePoint\",\"ClientIP\":\"\(ip)\",\"ObjectId\":\(Text.json(url)),\"ItemType\":\"File\","
                + "\"EventSource\":\"SharePoint\",\"SourceFileName\":\(Text.json(name)),\"UserAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/120.0\"")
    }

    /// A `MailItemsAccessed` (Bind) of one message in `mailbox`.
    func mailItemAccessed(_ time: Int64, user: String, ip: String, mailbox: String, messageID: String) throws {
        try ualRow(
            time, recordType: 50, operation: "MailItemsAccessed", user: user,
            auditData:
                "\"Workload\":\"Exchange\",\"ClientIPAddress\":\"\(ip)\",\"LogonType\":1,\"InternalLogonType\":0,"
                + "\"MailboxOwnerUPN\":\(Text.json(mailbox)),\"OrganizationName\":\"\(CaseConstants.tenant)\","
                + "\"OperationProperties\":[{\"Name\":\"MailAccessType\",\"Value\":\"Bind\"},{\"Name\":\"IsThrottled\",\"Value\":\"False\"}],"
                + "\"Folders\":[{\"FolderItems\":[{\"InternetMessageId\":\(Text.json(messageID)),\"SizeInBytes\":40211}],\"Path\":\"\\\\Inbox\"}]")
    }

    /// An `Add-MailboxPermission -AccessRights FullAccess` on `mailbox` (action `permission_grant`).
    func mailboxPermissionGrant(_ time: Int64, user: String, ip: String, mailbox: String) throws {
        try ualRow(
            time, recordType: 1, operation: "Add-MailboxPermission", user: user,
            auditData:
                "\"Workload\":\"Exchange\",\"ClientIP\":\"\(ip)\",\"ObjectId\":\(Text.json(mailbox)),\"ExternalAccess\":false,"
                + "\"OrganizationName\":\"\(CaseConstants.tenant)\",\"Parameters\":[{\"Name\":\"Identity\",\"Value\":\(Text.json(mailbox))},"
                + "{\"Name\":\"User\",\"Value\":\(Text.json(user))},{\"Name\":\"AccessRights\",\"Value\":\"FullAccess\"}]")
    }

    // MARK: Exchange SearchResult.xml

    /// A mailbox-audit `MessageBind` of one item; an `External` logon names a datacenter DN, others a SID.
    func mailboxBind(
        _ time: Int64, logonSID: String?, logonDN: String?, logonType: String, ip: String,
        mailbox: String, ownerSID: String, itemID: String
    ) throws {
        var logon = ""
        if let logonSID { logon += " LogonUserSid=\"\(logonSID)\"" }
        if let logonDN { logon += " LogonUserDN=\"\(Text.xml(logonDN))\"" }
        try mailboxFile.record(
            """
              <Event MailboxGuid="\(nextID(0x0c6a_0000))" Owner="agency.example/Users/\(Text.xml(mailboxUser(mailbox)))" \
            LastAccessed="\(Text.iso(time))" Operation="MessageBind" OperationResult="Succeeded" LogonType="\(logonType)" \
            FolderPathName="\\Inbox" ClientInfoString="Client=OWA;Action=ViaProxy" ClientIPAddress="\(ip)" \
            InternalLogonType="\(logonType)" MailboxOwnerUPN="\(Text.xml(mailbox))" MailboxOwnerSid="\(ownerSID)" \
            CrossMailboxOperation="false"\(logon) ExternalAccess="\(logonType == "External")">
                <SourceItems>
                  <SourceItem ItemId="\(itemID)" Subject="Message \(itemID.suffix(6))" FolderPathName="\\Inbox" />
                </SourceItems>
              </Event>

            """)
    }

    /// An admin-audit `Set-Mailbox -RetainDeletedItemsFor` (action `config_change`) on `mailbox`.
    func setMailbox(_ time: Int64, caller: String, mailbox target: String) throws {
        try adminFile.record(
            """
              <Event Caller="\(Text.xml(caller))" Cmdlet="Set-Mailbox" ObjectModified="\(Text.xml(target))" \
            RunDate="\(Text.iso(time))" Succeeded="true" Error="None" OriginatingServer="BN8PR09MB3412 (15.20.7452.028)">
                <CmdletParameters>
                  <Parameter Name="Identity" Value="\(Text.xml(target))" />
                  <Parameter Name="RetainDeletedItemsFor" Value="30.00:00:00" />
                </CmdletParameters>
                <ModifiedProperties>
                  <Property Name="RetainDeletedItemsFor" OldValue="14.00:00:00" NewValue="30.00:00:00" />
                </ModifiedProperties>
              </Event>

            """)
    }

    private func mailboxUser(_ upn: String) -> String { String(upn.prefix { $0 != "@" }) }

    // MARK: Google Drive (Admin SDK Reports API, one activity a line)

    /// A Drive activity with one event (`view`, `download`, `edit`) on document `docID`.
    func driveActivity(_ time: Int64, email: String, ip: String, event: String, docID: String) throws {
        recordNumber += 1
        try drive.record(
            "{\"kind\":\"admin#reports#activity\",\"id\":{\"time\":\"\(Text.iso(time, zulu: false, fraction: 3))Z\","
                + "\"uniqueQualifier\":\"-\(4_190_326_752_817_400_000 + recordNumber)\",\"applicationName\":\"drive\",\"customerId\":\"C03gen01\"},"
                + "\"actor\":{\"email\":\(Text.json(email))},\"ipAddress\":\"\(ip)\",\"events\":[{\"type\":\"access\",\"name\":\"\(event)\","
                + "\"parameters\":[{\"name\":\"doc_id\",\"value\":\"\(docID)\"},{\"name\":\"doc_title\",\"value\":\"Document \(docID)\"},"
                + "{\"name\":\"doc_type\",\"value\":\"document\"},{\"name\":\"owner\",\"value\":\"records@\(CaseConstants.tenant)\"},"
                + "{\"name\":\"primary_event\",\"boolValue\":true}]}]}\n")
    }

    // MARK: AWS CloudTrail log files ({"Records": [...]}, 10,000 records a file)

    /// An S3 `GetObject` data event on `s3://bucket/key`.
    func s3GetObject(_ time: Int64, arn: String, ip: String, bucket: String, key: String) throws {
        if cloudTrail == nil || cloudTrail!.records == Self.cloudTrailRecordsPerFile {
            try closeCloudTrail()
            cloudTrailFiles += 1
            let file = try OutputFile(
                path: directory
                    + String(
                        format: "/aws/%@_CloudTrail_us-gov-west-1_%05ld.json",
                        CaseConstants.awsAccount, cloudTrailFiles))
            try file.write("{\"Records\":[\n")
            cloudTrail = file
        }
        let file = cloudTrail!
        let user = (arn as NSString).lastPathComponent
        try file.record(
            (file.records == 0 ? "" : ",\n") + "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\","
                + "\"principalId\":\"AIDA\(String(format: "%016ld", recordNumber))\",\"arn\":\(Text.json(arn)),"
                + "\"accountId\":\"\(CaseConstants.awsAccount)\",\"userName\":\(Text.json(user))},\"eventTime\":\"\(Text.iso(time))\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"us-gov-west-1\","
                + "\"sourceIPAddress\":\"\(ip)\",\"userAgent\":\"[aws-cli/2.15.0]\",\"requestParameters\":{\"bucketName\":\(Text.json(bucket)),"
                + "\"key\":\(Text.json(key))},\"responseElements\":null,\"eventID\":\"\(nextID(0xc7a1_0000))\",\"readOnly\":true,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":false,\"recipientAccountId\":\"\(CaseConstants.awsAccount)\","
                + "\"eventCategory\":\"Data\"}")
        cloudTrailRecords += 1
    }

    private func closeCloudTrail() throws {
        guard let file = cloudTrail else { return }
        try file.write("\n]}\n")
        try file.close()
        cloudTrail = nil
    }
}
