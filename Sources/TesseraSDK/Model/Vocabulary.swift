/// Tessera's normalized action vocabulary (`events.action`). Plugins map their source's
/// operation names onto these so the correlation policy can speak of classes of actions.
/// A source operation with no good match keeps its own name lower-cased in `operation` and
/// uses ``other`` here.
public enum EventAction {
    // Content access
    public static let read = "read"
    public static let preview = "preview"
    public static let download = "download"
    public static let upload = "upload"
    public static let create = "create"
    public static let modify = "modify"
    public static let rename = "rename"
    public static let move = "move"
    public static let copy = "copy"
    public static let delete = "delete"
    public static let list = "list"
    public static let search = "search"
    public static let send = "send"
    public static let share = "share"
    public static let export = "export"
    // Privileged changes (the policy's privileged action classes)
    public static let permissionGrant = "permission_grant"
    public static let permissionRevoke = "permission_revoke"
    public static let forwardingRule = "forwarding_rule"
    public static let inboxRule = "inbox_rule"
    public static let passwordReset = "password_reset"
    public static let credentialChange = "credential_change"
    public static let roleChange = "role_change"
    public static let configChange = "config_change"
    // Authentication
    public static let signIn = "sign_in"
    public static let signInFailed = "sign_in_failed"
    // Support interactions
    public static let sessionStart = "session_start"
    public static let sessionEnd = "session_end"
    public static let lockboxRequest = "lockbox_request"
    public static let other = "other"

    /// The actions the default policy treats as privileged.
    public static let privileged: Set<String> = [
        permissionGrant, forwardingRule, inboxRule, passwordReset, credentialChange, roleChange,
    ]
}

/// Shared `events.resource_type` values.
public enum ResourceType {
    public static let mailbox = "mailbox"
    public static let mailItem = "mail_item"
    public static let mailFolder = "mail_folder"
    public static let file = "file"
    public static let folder = "folder"
    public static let site = "site"
    public static let user = "user"
    public static let group = "group"
    public static let role = "role"
    public static let adminObject = "admin_object"
    public static let azureResource = "azure_resource"
    /// A secret, key, certificate or account credential (Key Vault reads, password resets,
    /// application credentials, MFA methods, resource access keys).
    public static let credential = "credential"
    /// Network configuration: security groups and rules, route tables, virtual networks and
    /// peerings, firewalls, public IPs, private endpoints, DNS, named locations.
    public static let networkConfig = "network-config"
    /// Interactive access into a machine: VM run command, extensions, serial console, Bastion.
    public static let computeAccess = "compute-access"
    public static let tenant = "tenant"
}

/// Shared `events.actor_type` values.
public enum ActorType {
    public static let user = "user"
    public static let owner = "owner"
    public static let delegate = "delegate"
    public static let admin = "admin"
    /// Exchange `LogonType` External: Microsoft datacenter administrators.
    public static let microsoftDatacenter = "microsoft_datacenter"
    /// The UAL's "Microsoft Operator" pseudo-identity.
    public static let microsoftOperator = "microsoft_operator"
    public static let partnerTechnician = "partner_technician"
    public static let supportEngineer = "support_engineer"
    public static let service = "service"
    public static let system = "system"
}
