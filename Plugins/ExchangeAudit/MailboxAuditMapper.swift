import Foundation
import TesseraSDK

/// Why a record could not be mapped, phrased for an analyst.
struct MappingFailure: Error {
    var reason: String
}

/// Maps one mailbox-audit record (SearchResult.xml `<Event>` or CLIXML `MailboxAuditLogEvent`)
/// to events: one per mail item touched, one per folder for folder operations, else one on
/// the folder or mailbox.
enum MailboxAuditMapper {
    static let timestampDescription = "Mailbox Operation Time"

    /// Mailbox audit operation → normalized action.
    static let actions: [String: String] = [
        "copy": EventAction.copy, "create": EventAction.create, "folderbind": EventAction.list,
        "harddelete": EventAction.delete, "softdelete": EventAction.delete, "movetodeleteditems": EventAction.delete,
        "move": EventAction.move, "messagebind": EventAction.read, "mailitemsaccessed": EventAction.read,
        "sendas": EventAction.send, "sendonbehalf": EventAction.send, "send": EventAction.send,
        "update": EventAction.modify, "applyrecord": EventAction.modify, "recorddelete": EventAction.delete,
        "searchqueryinitiated": EventAction.search,
        "addfolderpermissions": EventAction.permissionGrant, "modifyfolderpermissions": EventAction.permissionGrant,
        "updatefolderpermissions": EventAction.permissionGrant, "updatecalendardelegation": EventAction.permissionGrant,
        "removefolderpermissions": EventAction.permissionRevoke,
        "updateinboxrules": EventAction.inboxRule,
    ]

    /// `LogonType` → actor type. External means Microsoft datacenter administrators.
    static func actorType(logonType: String?) -> String? {
        switch logonType?.lowercased() {
        case "owner", "0": return ActorType.owner
        case "admin", "1": return ActorType.admin
        case "delegate", "2": return ActorType.delegate
        case "external": return ActorType.microsoftDatacenter
        default: return nil
        }
    }

    static func map(_ r: AuditRecord, zone: TimeZone?) throws(MappingFailure) -> [NormalizedEvent] {
        guard let operation = r.field(.operation) else {
            throw MappingFailure(reason: "mailbox audit event without Operation")
        }
        guard let tsRaw = r.field(.lastAccessed) else {
            throw MappingFailure(reason: "mailbox audit event without LastAccessed")
        }
        let ts: Int64
        do { ts = try Timestamp.parseISO8601UTC(tsRaw, zone: zone) } catch {
            throw MappingFailure(reason: "field LastAccessed: \(error)")
        }

        let logonType = r.field(.logonType)
        let sid = r.field(.logonUserSid), dn = r.field(.logonUserDN), display = r.field(.logonUserDisplayName)
        let ownerUPN = r.field(.mailboxOwnerUPN), ownerSid = r.field(.mailboxOwnerSid)
        var actorRaw = sid ?? dn ?? display
        var resolvedFrom: String?
        if let sid, let ownerSid, let ownerUPN, sid.caseInsensitiveEquals(ownerSid) {
            actorRaw = ownerUPN
            resolvedFrom = "LogonUserSid equals MailboxOwnerSid; actor is MailboxOwnerUPN"
        }
        let mailbox = ownerUPN ?? r.field(.mailboxGuid) ?? r.field(.owner) ?? r.field(.mailboxResolvedOwnerName) ?? "unknown-mailbox"
        let ipRaw = r.field(.clientIPAddress) ?? r.field(.clientIP)
        let ip = ipRaw.flatMap(IPAddress.normalize)
        let result = r.field(.operationResult)

        var base = DetailsBuilder(capacity: 32) // room for every member and the per-event ones
        base.set("mailbox_guid", r.field(.mailboxGuid))
        base.set("mailbox_owner", r.field(.owner) ?? r.field(.mailboxResolvedOwnerName))
        base.set("mailbox_owner_upn", ownerUPN)
        base.set("mailbox_owner_sid", ownerSid)
        base.set("logon_type", logonType)
        base.set("internal_logon_type", r.field(.internalLogonType))
        base.set("logon_user_sid", sid)
        base.set("logon_user_dn", dn)
        base.set("logon_user_display_name", display)
        if let resolvedFrom { base.set("actor_resolved", resolvedFrom) }
        base.set("operation_result", result)
        base.set("folder_id", r.field(.folderId))
        base.set("folder_path", r.field(.folderPathName))
        base.set("dest_folder_id", r.field(.destFolderId))
        base.set("dest_folder_path", r.field(.destFolderPathName))
        base.set("client_info_string", r.field(.clientInfoString))
        if let ipRaw, ip != ipRaw { base.set("client_ip_raw", ipRaw) }
        base.set("client_machine_name", r.field(.clientMachineName))
        base.set("client_process_name", r.field(.clientProcessName))
        base.set("client_version", r.field(.clientVersion))
        base.set("cross_mailbox_operation", r.field(.crossMailboxOperation))
        base.set("dest_mailbox_guid", r.field(.destMailboxGuid))
        base.set("dest_mailbox_owner_upn", r.field(.destMailboxOwnerUPN))
        base.set("dest_mailbox_owner_sid", r.field(.destMailboxOwnerSid))
        base.set("external_access", r.field(.externalAccess))
        base.set("originating_server", r.field(.originatingServer))

        var template = NormalizedEvent(
            timestampUs: ts, timestampRaw: tsRaw, timestampDescription: timestampDescription,
            category: EventCategory.mail, operation: operation,
            action: actions[operation.lowercased()] ?? EventAction.other,
            outcome: outcome(result),
            actor: actorRaw.flatMap(IdentityCanonicalizer.canonical), actorRaw: actorRaw,
            actorType: actorType(logonType: logonType),
            clientIP: ip, userAgent: r.field(.clientInfoString),
            tenant: ownerUPN.flatMap(IdentityCanonicalizer.upnDomain), // the mailbox's organization
            message: "")
        let who = actorRaw ?? "unknown user"
        let how = logonType.map { " (\($0) logon)" } ?? ""
        let outcomeText = result.map { " [\($0)]" } ?? ""
        let head = Text.concat(operation, " by ", who, how, " on ", mailbox, ": ") // every item message starts so

        var events: [NormalizedEvent] = []
        for item in items(r) {
            var e = template
            e.resourceType = ResourceType.mailItem
            e.resource = Text.concat(mailbox, "/", item.id)
            e.resourceName = item.subject
            var details = base
            details.set("mailbox", mailbox)
            details.set("item_id", item.id)
            details.set("item_subject", item.subject)
            details.set("item_folder_path", item.folder)
            e.details = details.object
            let inFolder = item.folder == nil ? "" : " in ", folder = item.folder ?? ""
            if let subject = item.subject {
                e.message = Text.concat(head, "'", subject, "'", inFolder, folder, outcomeText)
            } else {
                e.message = Text.concat(head, "item ", item.id, inFolder, folder, outcomeText)
            }
            events.append(e)
        }
        for folder in folders(r) {
            var e = template
            e.resourceType = ResourceType.mailFolder
            e.resource = "\(mailbox)/\(folder.id ?? folder.path ?? "")"
            e.resourceName = folder.path
            var details = base
            details.set("mailbox", mailbox)
            details.set("source_folder_id", folder.id)
            details.set("source_folder_path", folder.path)
            e.details = details.object
            e.message = "\(operation) by \(who)\(how) on \(mailbox): folder \(folder.path ?? folder.id ?? "")\(outcomeText)"
            events.append(e)
        }
        if events.isEmpty {
            let folderID = r.field(.folderId), folderPath = r.field(.folderPathName)
            if folderID != nil || folderPath != nil {
                template.resourceType = ResourceType.mailFolder
                template.resource = "\(mailbox)/\(folderID ?? folderPath!)"
                template.resourceName = folderPath
                template.message = "\(operation) by \(who)\(how) on \(mailbox): folder \(folderPath ?? folderID!)\(outcomeText)"
            } else {
                template.resourceType = ResourceType.mailbox
                template.resource = mailbox
                template.message = "\(operation) by \(who)\(how) on \(mailbox)\(outcomeText)"
            }
            var details = base
            details.set("mailbox", mailbox)
            template.details = details.object
            events.append(template)
        }
        return events
    }

    /// Collects `details` members in order without searching (keys are distinct by construction).
    struct DetailsBuilder {
        private var pairs: [(String, JSONValue)] = []

        /// An empty builder with room for `capacity` members.
        init(capacity: Int) { pairs.reserveCapacity(capacity) }

        mutating func set(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { pairs.append((key, .string(value))) }
        }
        var object: JSONObject { JSONObject(pairs) }
    }

    static func outcome(_ result: String?) -> String? {
        switch result?.lowercased() {
        case "succeeded", "success", "true": return "success"
        case "failed", "failure", "false": return "failure"
        default: return nil // PartiallySucceeded and unknown values: see details.operation_result
        }
    }

    struct Item { var id: String; var subject: String?; var folder: String? }
    struct Folder { var id: String?; var path: String? }

    /// The mail items a record lists: `<SourceItems>` entries, or the single `ItemId` field.
    static func items(_ r: AuditRecord) -> [Item] {
        var result: [Item] = []
        for entry in r.list("SourceItems") {
            guard let id = entry.value("ItemId", "SourceItemId", "Id") else { continue }
            result.append(
                Item(
                    id: id, subject: entry.value("Subject", "SourceItemSubject", "ItemSubject"),
                    folder: entry.value("FolderPathName", "SourceItemFolderPathName", "ParentFolderPathName")))
        }
        if result.isEmpty {
            // CLIXML from Search-MailboxAuditLog -ShowDetails also carries parallel string lists.
            let ids = r.list("SourceItemIdsList").compactMap { $0.value("Value") }
            let subjects = r.list("SourceItemSubjectsList").map { $0.value("Value") }
            let paths = r.list("SourceItemFolderPathNamesList").map { $0.value("Value") }
            for (i, id) in ids.enumerated() {
                result.append(Item(id: id, subject: i < subjects.count ? subjects[i] : nil, folder: i < paths.count ? paths[i] : nil))
            }
        }
        if result.isEmpty, let id = r.field(.itemId) {
            result.append(Item(id: id, subject: r.field(.itemSubject), folder: r.field(.folderPathName)))
        }
        return result
    }

    /// The folders a folder operation lists in `<SourceFolders>`.
    static func folders(_ r: AuditRecord) -> [Folder] {
        r.list("SourceFolders").compactMap { entry in
            let id = entry.value("FolderId", "SourceFolderId", "Id")
            let path = entry.value("FolderPathName", "SourceFolderPathName", "PathName")
            return id == nil && path == nil ? nil : Folder(id: id, path: path)
        }
    }
}
