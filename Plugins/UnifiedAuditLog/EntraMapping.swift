import TesseraSDK

/// Entra ID (Azure AD): sign-ins and directory changes. Sign-ins read `ExtendedProperties`
/// (`UserAgent`, `RequestType`, `ResultStatusDetail`); directory changes name their target in
/// `ObjectId` and keep `ModifiedProperties` in details.
enum EntraMapping {
    static let actions: [String: String] = [
        "UserLoggedIn": EventAction.signIn, "UserLoginFailed": EventAction.signInFailed,
        "Reset user password.": EventAction.passwordReset, "Set force change user password.": EventAction.passwordReset,
        "Reset password (self-service)": EventAction.passwordReset, "Reset password (by admin)": EventAction.passwordReset,
        "Change user password.": EventAction.credentialChange, "Change password (self-service)": EventAction.credentialChange,
        "Add service principal credentials.": EventAction.credentialChange,
        "Remove service principal credentials.": EventAction.credentialChange,
        "Update application – Certificates and secrets management ": EventAction.credentialChange,
        "Update application - Certificates and secrets management ": EventAction.credentialChange,
        "Set domain authentication.": EventAction.credentialChange, "Set federation settings on domain.": EventAction.credentialChange,
        "Update StsRefreshTokenValidFrom Timestamp.": EventAction.credentialChange,
        "User registered security info": EventAction.credentialChange, "User deleted security info": EventAction.credentialChange,
        "Admin registered security info": EventAction.credentialChange, "Admin deleted security info": EventAction.credentialChange,
        "Add member to role.": EventAction.roleChange, "Remove member from role.": EventAction.roleChange,
        "Add eligible member to role.": EventAction.roleChange, "Remove eligible member from role.": EventAction.roleChange,
        "Add scoped member to role.": EventAction.roleChange, "Add owner to application.": EventAction.roleChange,
        "Add owner to service principal.": EventAction.roleChange,
        "Consent to application.": EventAction.permissionGrant, "Add delegated permission grant.": EventAction.permissionGrant,
        "Add app role assignment to service principal.": EventAction.permissionGrant,
        "Add app role assignment grant to user.": EventAction.permissionGrant,
        "Remove delegated permission grant.": EventAction.permissionRevoke,
        "Add user.": EventAction.create, "Delete user.": EventAction.delete, "Update user.": EventAction.modify,
        "Add service principal.": EventAction.create, "Remove service principal.": EventAction.delete,
        "Update service principal.": EventAction.modify, "Add application.": EventAction.create,
        "Add member to group.": EventAction.modify, "Remove member from group.": EventAction.modify,
    ]

    static func map(_ c: Common) -> [NormalizedEvent] {
        let a = c.audit
        let action = actions[c.operation] ?? EventAction.other
        let extended = a.nameValueList("ExtendedProperties")
        var extra = JSONObject(minimumCapacity: 10)
        if !extended.isEmpty { extra.append("ExtendedProperties", .object(extended)) }
        if let modified = a.array("ModifiedProperties"), !modified.isEmpty { extra.append("ModifiedProperties", .array(modified)) }
        if let target = a.array("Target"), !target.isEmpty { extra.append("Target", .array(target)) }
        extra.add("AzureActiveDirectoryEventType", a.text("AzureActiveDirectoryEventType"))
        extra.add("LogonError", a.text("LogonError"))
        extra.add("ErrorNumber", a.text("ErrorNumber"))
        extra.add("ActorContextId", a.text("ActorContextId"))
        extra.add("InterSystemsId", a.text("InterSystemsId"))
        extra.add("IntraSystemId", a.text("IntraSystemId"))
        var event: NormalizedEvent
        if action == EventAction.signIn || action == EventAction.signInFailed {
            extra.add("TargetApplication", a.text("ApplicationId") ?? a.text("ObjectId"))
            event = c.event(
                category: EventCategory.auth, action: action, resourceType: ResourceType.user, resource: c.actor,
                outcome: action == EventAction.signInFailed ? "failure" : nil, details: extra)
            if let agent = extended.text("UserAgent") { event.userAgent = agent }
        } else {
            let target = a.text("ObjectId")
            var resourceName: String?
            if action == EventAction.roleChange {
                resourceName = roleName(a.array("ModifiedProperties") ?? [])
            }
            let isUser = target.map(IdentityCanonicalizer.isUPN) ?? false
            event = c.event(
                category: EventCategory.admin, action: action,
                resourceType: target == nil ? nil : (isUser ? ResourceType.user : ResourceType.adminObject),
                resource: isUser ? target.flatMap(IdentityCanonicalizer.canonical) : target, resourceName: resourceName,
                details: extra)
        }
        return [event]
    }

    /// The role's display name from `ModifiedProperties` (`Role.DisplayName` new value).
    static func roleName(_ modified: [JSONValue]) -> String? {
        for value in modified {
            guard let property = value.objectValue, property.text("Name") == "Role.DisplayName" else { continue }
            return property.text("NewValue")
        }
        return nil
    }
}
