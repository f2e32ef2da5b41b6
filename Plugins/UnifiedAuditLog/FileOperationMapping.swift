import TesseraSDK

/// SharePoint and OneDrive: file, folder, sharing and site operations.
/// resource = `ObjectId` (the item's URL), resource_name = `SourceFileName`, site in details.
enum FileOperationMapping {
    static let actions: [String: String] = [
        "FileAccessed": EventAction.read, "FileAccessedExtended": EventAction.read,
        "FilePreviewed": EventAction.preview, "PageViewed": EventAction.read, "PageViewedExtended": EventAction.read,
        "FileDownloaded": EventAction.download, "FileSyncDownloadedFull": EventAction.download,
        "FileSyncDownloadedPartial": EventAction.download,
        "FileUploaded": EventAction.upload, "FileSyncUploadedFull": EventAction.upload,
        "FileSyncUploadedPartial": EventAction.upload,
        "FileModified": EventAction.modify, "FileModifiedExtended": EventAction.modify,
        "FileCheckedIn": EventAction.modify, "FileCheckedOut": EventAction.modify, "FileRestored": EventAction.modify,
        "FileDeleted": EventAction.delete, "FileRecycled": EventAction.delete,
        "FileDeletedFirstStageRecycleBin": EventAction.delete, "FileDeletedSecondStageRecycleBin": EventAction.delete,
        "FileVersionsAllDeleted": EventAction.delete, "FileVersionRecycled": EventAction.delete,
        "FileRenamed": EventAction.rename, "FileMoved": EventAction.move, "FileCopied": EventAction.copy,
        "FolderCreated": EventAction.create, "FolderModified": EventAction.modify, "FolderRenamed": EventAction.rename,
        "FolderMoved": EventAction.move, "FolderCopied": EventAction.copy, "FolderDeleted": EventAction.delete,
        "FolderRecycled": EventAction.delete, "FolderDeletedFirstStageRecycleBin": EventAction.delete,
        "FolderDeletedSecondStageRecycleBin": EventAction.delete,
        "SearchQueryPerformed": EventAction.search, "ListViewed": EventAction.list,
        // Sharing: creating a link or invitation shares; using one reads; removing one revokes.
        "SharingSet": EventAction.share, "SharingInvitationCreated": EventAction.share,
        "SharingInheritanceBroken": EventAction.share, "AddedToSecureLink": EventAction.share,
        "AnonymousLinkCreated": EventAction.share, "AnonymousLinkUpdated": EventAction.share,
        "CompanyLinkCreated": EventAction.share, "SecureLinkCreated": EventAction.share,
        "SecureLinkUpdated": EventAction.share, "SharingLinkCreated": EventAction.share,
        "AnonymousLinkUsed": EventAction.read, "CompanyLinkUsed": EventAction.read, "SecureLinkUsed": EventAction.read,
        "SharingInvitationAccepted": EventAction.read, "SharingLinkUsed": EventAction.read,
        "SharingRevoked": EventAction.permissionRevoke, "AnonymousLinkRemoved": EventAction.permissionRevoke,
        "CompanyLinkRemoved": EventAction.permissionRevoke, "SecureLinkDeleted": EventAction.permissionRevoke,
        "RemovedFromSecureLink": EventAction.permissionRevoke, "SharingInvitationRevoked": EventAction.permissionRevoke,
        "AddedToGroup": EventAction.permissionGrant, "RemovedFromGroup": EventAction.permissionRevoke,
        "SiteCollectionAdminAdded": EventAction.roleChange, "SiteCollectionAdminRemoved": EventAction.roleChange,
    ]

    static func map(_ c: Common) -> [NormalizedEvent] {
        let a = c.audit
        let action = actions[c.operation] ?? EventAction.other
        let isContent = actions[c.operation] != nil
        // Read once each: every read makes a new String.
        let siteURL = a.text("SiteUrl"), relativeURL = a.text("SourceRelativeUrl")
        let itemType = a.text("ItemType"), fileName = a.text("SourceFileName")
        var extra = JSONObject(minimumCapacity: 15)
        extra.add("SiteUrl", siteURL)
        extra.add("SourceRelativeUrl", relativeURL)
        extra.add("SourceFileExtension", a.text("SourceFileExtension"))
        extra.add("DestinationRelativeUrl", a.text("DestinationRelativeUrl"))
        extra.add("DestinationFileName", a.text("DestinationFileName"))
        extra.add("ItemType", itemType)
        extra.add("ListItemUniqueId", a.text("ListItemUniqueId"))
        extra.add("EventSource", a.text("EventSource"))
        extra.add("ApplicationDisplayName", a.text("ApplicationDisplayName"))
        extra.add("TargetUserOrGroupName", a.text("TargetUserOrGroupName"))
        extra.add("TargetUserOrGroupType", a.text("TargetUserOrGroupType"))
        extra.add("EventData", a.text("EventData"))
        extra.add("SearchQueryText", a.text("SearchQueryText"))
        extra.add("Platform", a.text("Platform"))
        extra.add("IsManagedDevice", a.text("IsManagedDevice"))
        let objectID = a.text("ObjectId")
        let resource = objectID ?? joinURL(siteURL, relativeURL, fileName)
        let resourceType: String?
        switch itemType?.lowercased() {
        case "file"?, "page"?, "listitem"?: resourceType = ResourceType.file
        case "folder"?: resourceType = ResourceType.folder
        case "web"?, "site"?, "list"?: resourceType = ResourceType.site
        default:
            if fileName != nil {
                resourceType = ResourceType.file
            } else if c.operation.hasPrefix("Folder") {
                resourceType = ResourceType.folder
            } else if resource != nil {
                resourceType = ResourceType.site
            } else {
                resourceType = nil
            }
        }
        return [
            c.event(
                category: isContent ? EventCategory.file : EventCategory.other, action: action,
                resourceType: resourceType, resource: resource, resourceName: fileName,
                sessionID: a.object("AppAccessContext")?.text("AADSessionId"), details: extra)
        ]
    }

    /// `SiteUrl` + `SourceRelativeUrl` + `SourceFileName` when a record has no `ObjectId`.
    static func joinURL(_ site: String?, _ folder: String?, _ file: String?) -> String? {
        guard let site else { return nil }
        var url = site.hasSuffix("/") ? String(site.dropLast()) : site
        if let folder { url += "/" + folder }
        if let file { url += "/" + file }
        return url
    }
}
