import TesseraSDK

/// Exchange mailbox auditing: MailItemsAccessed (fanned out per item or per folder) and the
/// other ExchangeItem / ExchangeItemGroup operations.
///
/// resource for a mail item = `<mailbox owner UPN>/<InternetMessageId>` (the same message sits
/// in many mailboxes, so the id alone is not a resource); for a folder `<mailbox>/<folder path>`.
enum MailboxMapping {
    static func mailbox(_ a: AuditObject) -> String? {
        (a.text("MailboxOwnerUPN") ?? a.text("MailboxOwnerMasterAccountSid") ?? a.text("MailboxGuid"))
            .flatMap(IdentityCanonicalizer.canonical)
    }

    /// One event per item in `Folders[].FolderItems[]` for Bind access, one per folder for Sync
    /// access (or for a folder listed without items), one for the mailbox when no folder is listed.
    static func mailItemsAccessed(_ c: Common) -> [NormalizedEvent] {
        let a = c.audit
        let properties = a.nameValueList("OperationProperties")
        let accessType = properties.text("MailAccessType") ?? a.text("MailAccessType")
        let mailbox = mailbox(a)
        let session = a.text("SessionId") ?? a.object("AppAccessContext")?.text("AADSessionId")
        var base = JSONObject(minimumCapacity: 14)
        base.add("MailAccessType", accessType)
        base.add("IsThrottled", properties.text("IsThrottled"))
        base.add("OperationCount", a.text("OperationCount"))
        base.add("MailboxOwnerUPN", a.text("MailboxOwnerUPN"))
        base.add("MailboxGuid", a.text("MailboxGuid"))
        base.add("ClientInfoString", a.text("ClientInfoString"))
        base.add("InternalLogonType", a.text("InternalLogonType"))
        base.add("LogonUserSid", a.text("LogonUserSid"))
        base.add("SessionId", a.text("SessionId"))

        let isSync = accessType?.lowercased() == "sync"
        var events: [NormalizedEvent] = []
        for folderValue in a.objects("Folders") ?? [] {
            if events.count > UALMapper.maxEventsPerRecord { break }
            guard let folder = folderValue else { continue }
            let path = folder.text("Path")
            var folderDetails = base
            folderDetails.add("FolderPath", path)
            folderDetails.add("FolderId", folder.text("Id"))
            let items = folder.objects("FolderItems") ?? []
            if isSync || items.isEmpty {
                events.append(
                    c.event(
                        category: EventCategory.mail, action: EventAction.read, resourceType: ResourceType.mailFolder,
                        resource: join(mailbox, path ?? folder.text("Id")), resourceName: path,
                        sessionID: session, details: folderDetails))
                continue
            }
            // Each item event's details: the common ones, the folder's, then the item's own three,
            // built in one allocation per item.
            var folderAll = JSONObject(minimumCapacity: c.details.members.count + folderDetails.members.count)
            folderAll.append(contentsOf: c.details)
            folderAll.append(contentsOf: folderDetails)
            for itemValue in items {
                guard let item = itemValue else { continue }
                let messageID = item.text("InternetMessageId"), itemID = item.text("Id")
                var itemDetails = JSONObject(minimumCapacity: folderAll.members.count + 3)
                itemDetails.append(contentsOf: folderAll)
                itemDetails.add("InternetMessageId", messageID)
                itemDetails.add("SizeInBytes", item.text("SizeInBytes"))
                itemDetails.add("ItemId", itemID)
                events.append(
                    c.event(
                        category: EventCategory.mail, action: EventAction.read, resourceType: ResourceType.mailItem,
                        resource: join(mailbox, messageID ?? itemID), resourceName: item.text("Subject"),
                        sessionID: session, allDetails: itemDetails))
                if events.count > UALMapper.maxEventsPerRecord { return events }
            }
        }
        if events.isEmpty {
            events.append(
                c.event(
                    category: EventCategory.mail, action: EventAction.read, resourceType: ResourceType.mailbox,
                    resource: mailbox, sessionID: session, details: base))
        }
        return events
    }

    static let actions: [String: String] = [
        "Send": EventAction.send, "SendAs": EventAction.send, "SendOnBehalf": EventAction.send,
        "SoftDelete": EventAction.delete, "HardDelete": EventAction.delete, "MoveToDeletedItems": EventAction.delete,
        "Move": EventAction.move, "Copy": EventAction.copy, "Create": EventAction.create, "Update": EventAction.modify,
        "FolderBind": EventAction.read, "MessageBind": EventAction.read, "MailboxLogin": EventAction.signIn,
        "UpdateInboxRules": EventAction.inboxRule, "UpdateCalendarDelegation": EventAction.permissionGrant,
        "AddFolderPermissions": EventAction.permissionGrant, "ModifyFolderPermissions": EventAction.permissionGrant,
        "UpdateFolderPermissions": EventAction.permissionGrant, "RemoveFolderPermissions": EventAction.permissionRevoke,
        "SearchQueryInitiatedExchange": EventAction.search, "Search": EventAction.search,
        "ApplyRecordLabel": EventAction.modify, "UpdateComplianceTag": EventAction.modify,
    ]

    /// Single-item operations name `Item`; group operations (`SoftDelete`, `Move`...) list
    /// `AffectedItems[]` and yield one event per item.
    static func itemOperation(_ c: Common) -> [NormalizedEvent] {
        let a = c.audit
        let action = actions[c.operation] ?? EventAction.other
        let mailbox = mailbox(a)
        let session = a.text("SessionId") ?? a.object("AppAccessContext")?.text("AADSessionId")
        var base = JSONObject(minimumCapacity: 12)
        base.add("MailboxOwnerUPN", a.text("MailboxOwnerUPN"))
        base.add("MailboxGuid", a.text("MailboxGuid"))
        base.add("ClientInfoString", a.text("ClientInfoString"))
        base.add("LogonUserSid", a.text("LogonUserSid"))
        base.add("InternalLogonType", a.text("InternalLogonType"))
        base.add("DestFolder", a.object("DestFolder")?.text("Path"))
        base.add("CrossMailboxOperation", a.text("CrossMailboxOperation"))

        if c.operation == "MailboxLogin" || c.operation == "UpdateInboxRules" {
            return [
                c.event(
                    category: c.operation == "MailboxLogin" ? EventCategory.auth : EventCategory.mail, action: action,
                    resourceType: ResourceType.mailbox, resource: mailbox, sessionID: session, details: base)
            ]
        }
        if c.operation == "FolderBind" || c.operation.hasSuffix("FolderPermissions") {
            var events: [NormalizedEvent] = []
            let folders =
                (a.array("Folders") ?? []).compactMap(\.objectValue) + [a.object("Item")?.object("ParentFolder"), a.object("Folder")].compactMap { $0 }
            for folder in folders {
                var details = base
                details.add("FolderPath", folder.text("Path"))
                events.append(
                    c.event(
                        category: EventCategory.mail, action: action, resourceType: ResourceType.mailFolder,
                        resource: join(mailbox, folder.text("Path") ?? folder.text("Id")), resourceName: folder.text("Path"),
                        sessionID: session, details: details))
            }
            if !events.isEmpty { return events }
        }
        var items = (a.array("AffectedItems") ?? []).compactMap(\.objectValue)
        if let item = a.object("Item") { items.insert(item, at: 0) }
        if items.isEmpty {
            return [
                c.event(
                    category: EventCategory.mail, action: action, resourceType: ResourceType.mailbox,
                    resource: mailbox, sessionID: session, details: base)
            ]
        }
        var events: [NormalizedEvent] = []
        for item in items.prefix(UALMapper.maxEventsPerRecord + 1) {
            var details = base
            details.add("InternetMessageId", item.text("InternetMessageId"))
            details.add("ItemId", item.text("Id"))
            details.add("SizeInBytes", item.text("SizeInBytes"))
            details.add("FolderPath", item.object("ParentFolder")?.text("Path"))
            details.add("Attachments", item.text("Attachments"))
            events.append(
                c.event(
                    category: EventCategory.mail, action: action, resourceType: ResourceType.mailItem,
                    resource: join(mailbox, item.text("InternetMessageId") ?? item.text("Id")),
                    resourceName: item.text("Subject"), sessionID: session, details: details))
        }
        return events
    }

    static func join(_ mailbox: String?, _ part: String?) -> String? {
        switch (mailbox, part) {
        case (let m?, let p?): return m + "/" + p
        case (let m?, nil): return m
        case (nil, let p?): return p
        default: return nil
        }
    }
}
