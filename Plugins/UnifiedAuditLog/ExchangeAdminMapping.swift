import TesseraSDK

/// Exchange admin cmdlets (`Parameters[{Name,Value}]`, all kept in details as `Parameters`),
/// including the Customer Lockbox approval `Set-AccessToCustomerDataRequest`.
enum ExchangeAdminMapping {
    static let permissionGrants: Set<String> = [
        "Add-MailboxPermission", "Add-RecipientPermission", "Add-MailboxFolderPermission",
        "Set-MailboxFolderPermission", "Add-ADPermission",
    ]
    static let permissionRevokes: Set<String> = [
        "Remove-MailboxPermission", "Remove-RecipientPermission", "Remove-MailboxFolderPermission", "Remove-ADPermission",
    ]
    static let inboxRules: Set<String> = [
        "New-InboxRule", "Set-InboxRule", "Enable-InboxRule", "Disable-InboxRule", "Remove-InboxRule",
    ]
    static let transportRules: Set<String> = [
        "New-TransportRule", "Set-TransportRule", "Enable-TransportRule", "Disable-TransportRule", "Remove-TransportRule",
    ]
    static let roleChanges: Set<String> = [
        "Add-RoleGroupMember", "Remove-RoleGroupMember", "Update-RoleGroupMember", "New-ManagementRoleAssignment",
        "Remove-ManagementRoleAssignment", "Set-ManagementRoleAssignment", "New-RoleGroup", "Add-ManagementRoleEntry",
    ]
    static let searches: Set<String> = ["New-ComplianceSearch", "Start-ComplianceSearch", "New-MailboxSearch", "Search-Mailbox"]
    static let exports: Set<String> = ["New-MailboxExportRequest", "New-ComplianceSearchAction"]
    /// Inbox-rule parameters that send mail elsewhere.
    static let inboxForwarding = ["ForwardTo", "ForwardAsAttachmentTo", "RedirectTo"]
    /// Set-Mailbox parameters that forward a mailbox's mail.
    static let mailboxForwarding = ["ForwardingSmtpAddress", "ForwardingAddress", "DeliverToMailboxAndForward"]
    /// Transport-rule parameters that copy or redirect messages to other recipients.
    static let transportForwarding = ["RedirectMessageTo", "BlindCopyTo", "CopyTo", "AddToRecipients", "AddManagerAsRecipientType"]

    static func map(_ c: Common) -> (events: [NormalizedEvent], session: SupportSession?) {
        let a = c.audit
        let parameters = a.nameValueList("Parameters")
        var extra = JSONObject(minimumCapacity: 4)
        if !parameters.isEmpty { extra.append("Parameters", .object(parameters)) }
        extra.add("OriginatingServer", a.text("OriginatingServer"))
        extra.add("OrganizationName", a.text("OrganizationName"))
        let op = c.operation
        let identity = parameters.text("Identity") ?? a.text("ObjectId")
        func has(_ names: [String]) -> Bool { names.contains { parameters.text($0) != nil && parameters.text($0) != "$null" } }

        if op == "Set-AccessToCustomerDataRequest" { return lockbox(c, parameters: parameters, extra: extra) }

        let action: String
        var resourceType = ResourceType.adminObject
        var resource = identity
        var resourceName: String? = nil
        if permissionGrants.contains(op) || permissionRevokes.contains(op) {
            action = permissionGrants.contains(op) ? EventAction.permissionGrant : EventAction.permissionRevoke
            resourceType = op.contains("Folder") ? ResourceType.mailFolder : ResourceType.mailbox
            resource = identity.flatMap(IdentityCanonicalizer.canonical)
            resourceName = parameters.text("User") ?? parameters.text("Trustee")
        } else if inboxRules.contains(op) {
            action = has(inboxForwarding) ? EventAction.forwardingRule : EventAction.inboxRule
            resourceType = ResourceType.mailbox
            let mailbox = parameters.text("Mailbox") ?? identity.map { id in id.split(separator: "\\").first.map(String.init) ?? id }
            resource = mailbox.flatMap(IdentityCanonicalizer.canonical)
            resourceName = parameters.text("Name") ?? identity
        } else if op == "Set-Mailbox" {
            action = has(mailboxForwarding) ? EventAction.forwardingRule : EventAction.configChange
            resourceType = ResourceType.mailbox
            resource = identity.flatMap(IdentityCanonicalizer.canonical)
        } else if transportRules.contains(op) {
            action = has(transportForwarding) ? EventAction.forwardingRule : EventAction.configChange
            resource = parameters.text("Name") ?? identity
            resourceName = parameters.text("Name")
        } else if roleChanges.contains(op) {
            action = EventAction.roleChange
            resourceType = ResourceType.role
            resource = identity ?? parameters.text("Role")
            resourceName = parameters.text("Member") ?? parameters.text("User")
        } else if searches.contains(op) {
            action = EventAction.search
        } else if exports.contains(op) {
            action = EventAction.export
        } else if op.hasPrefix("Get-") || op.hasPrefix("Test-") {
            action = EventAction.list
        } else {
            action = EventAction.configChange
        }
        return (
            [
                c.event(
                    category: EventCategory.admin, action: action, resourceType: resource == nil ? nil : resourceType,
                    resource: resource, resourceName: resourceName, details: extra)
            ], nil
        )
    }

    /// The Customer Lockbox decision record: the actor is the `BOXServiceAccount@...` service
    /// account, the request id is `ObjectId` (else the `Identity` parameter), `ApprovalDecision`
    /// is Approve or Deny.
    /// An approval opens a Lockbox window (a ``SupportSession`` of kind `.lockbox`, end left to
    /// the correlation engine) during which Microsoft engineers act as "Microsoft Operator".
    static func lockbox(_ c: Common, parameters: JSONObject, extra: JSONObject) -> (events: [NormalizedEvent], session: SupportSession?) {
        // The Lockbox documentation names the request GUID as the record's item (ObjectId).
        let requestID = c.audit.text("ObjectId") ?? parameters.text("Identity") ?? c.recordID ?? "unknown"
        let decision = parameters.text("ApprovalDecision")
        var details = extra
        details.add("ApprovalDecision", decision)
        let event = c.event(
            category: EventCategory.support, action: EventAction.lockboxRequest, resourceType: ResourceType.adminObject,
            resource: requestID, resourceName: decision.map { "Customer Lockbox request (\($0))" }, details: details)
        guard let decision, decision.lowercased().hasPrefix("approve") else { return ([event], nil) }
        var session = SupportSession(interactionID: requestID, kind: .lockbox, startUs: c.timestampUs, startRaw: c.timestampRaw)
        session.approval = decision
        session.status = "Approved"
        session.tenant = c.tenant
        session.accounts = ["Microsoft Operator"]
        session.summary = "Customer Lockbox request \(requestID) approved via \(c.actorRaw ?? "unknown account")"
        session.details.set("ApprovedBy", c.actorRaw)
        session.details.set("ApproverClientIP", c.clientIP)
        session.details.set("Comment", parameters.text("Comment"))
        return ([event], session)
    }
}
