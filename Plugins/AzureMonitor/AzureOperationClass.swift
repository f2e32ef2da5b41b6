import TesseraSDK

/// What an Azure operation touched, in the terms correlation and the report use: the resource
/// type (`credential`, `network-config`, `role`, `compute-access`, else `azure_resource`) and
/// Tessera's normalized action. docs/formats/azure-monitor.md lists the table.
struct AzureOperationClass: Equatable, Sendable {
    var resourceType: String
    var action: String

    /// The class of an Azure Resource Manager operation (`Microsoft.Network/networkSecurityGroups/securityRules/write`),
    /// as the Activity Log names it.
    static func arm(_ operation: String) -> AzureOperationClass {
        let op = operation.lowercased()
        let verb = op.split(separator: "/").last.map(String.init) ?? op
        let change = verb == "delete" ? EventAction.delete : EventAction.configChange
        // Compute access: run command, extensions (VMAccess resets passwords), serial console, Bastion, VM login.
        if op.hasPrefix("microsoft.compute/") {
            if op.contains("/extensions/") && op.contains("vmaccess") {
                return .init(resourceType: ResourceType.computeAccess, action: EventAction.passwordReset)
            }
            if op.contains("/runcommand") || op.contains("/extensions/") {
                return .init(resourceType: ResourceType.computeAccess, action: EventAction.configChange)
            }
            if op.hasSuffix("/login/action") || op.hasSuffix("/loginasadmin/action") {
                return .init(resourceType: ResourceType.computeAccess, action: EventAction.signIn)
            }
        }
        if op.hasPrefix("microsoft.serialconsole/") { return .init(resourceType: ResourceType.computeAccess, action: EventAction.signIn) }
        if op.hasPrefix("microsoft.network/bastionhosts/"), op.contains("session") || op.contains("shareablelink") || op.contains("connect") {
            return .init(resourceType: ResourceType.computeAccess, action: EventAction.signIn)
        }
        // Roles: Azure RBAC assignments and definitions, PIM requests, elevated access.
        if op.hasPrefix("microsoft.authorization/role") || op == "microsoft.authorization/elevateaccess/action" {
            return .init(resourceType: ResourceType.role, action: verb == "delete" ? EventAction.permissionRevoke : EventAction.roleChange)
        }
        // Credentials: secrets, keys and certificates of Key Vault, and any resource's keys.
        if op.hasPrefix("microsoft.keyvault/vaults/secrets/") || op.hasPrefix("microsoft.keyvault/vaults/keys/")
            || op.hasPrefix("microsoft.keyvault/vaults/certificates/")
        {
            return .init(resourceType: ResourceType.credential, action: verb == "read" ? EventAction.read : change)
        }
        if op.hasPrefix("microsoft.keyvault/vaults/accesspolicies/") {
            return .init(resourceType: ResourceType.credential, action: EventAction.permissionGrant)
        }
        if verb == "action", let name = op.split(separator: "/").dropLast().last,
            [
                "listkeys", "listadminkeys", "listquerykeys", "listaccountsas", "listservicesas", "listconnectionstrings",
                "listcredentials", "listsecrets", "listkeyvaluekeys", "getaccesstoken",
            ].contains(String(name))
        {
            return .init(resourceType: ResourceType.credential, action: EventAction.read)
        }
        if verb == "action", let name = op.split(separator: "/").dropLast().last,
            ["regeneratekey", "regeneratekeys", "regenerateaccesskey", "resetpassword", "rotatekey"].contains(String(name))
        {
            return .init(resourceType: ResourceType.credential, action: EventAction.credentialChange)
        }
        if op.hasPrefix("microsoft.network/") { return .init(resourceType: ResourceType.networkConfig, action: verb == "read" ? EventAction.read : change) }
        switch verb {
        case "read": return .init(resourceType: ResourceType.azureResource, action: EventAction.read)
        case "write": return .init(resourceType: ResourceType.azureResource, action: EventAction.modify)
        case "delete": return .init(resourceType: ResourceType.azureResource, action: EventAction.delete)
        default: return .init(resourceType: ResourceType.azureResource, action: EventAction.other)
        }
    }

    /// The class of a Key Vault data-plane operation (`SecretGet`, `KeyDecrypt`, `CertificateList`, `VaultGet`).
    static func keyVault(_ operation: String) -> AzureOperationClass {
        let op = operation.lowercased()
        for object in ["secret", "key", "certificate"] where op.hasPrefix(object) {
            let verb = op.dropFirst(object.count)
            let action: String
            if verb.hasPrefix("list") {
                action = EventAction.list
            } else if ["get", "decrypt", "unwrap", "unwrapkey", "sign", "verify", "backup", "encrypt", "wrap", "wrapkey", "export"].contains(String(verb)) {
                action = EventAction.read
            } else if ["delete", "purge"].contains(String(verb)) {
                action = EventAction.delete
            } else if verb.hasPrefix("policy") || verb.hasPrefix("issuer") || verb.hasPrefix("contacts") {
                action = verb.hasSuffix("get") || verb.hasSuffix("list") ? EventAction.read : EventAction.configChange
            } else {
                action = EventAction.credentialChange
            }
            return .init(resourceType: ResourceType.credential, action: action)
        }
        if op == "vaultget" { return .init(resourceType: ResourceType.azureResource, action: EventAction.read) }
        if op.hasPrefix("vault") { return .init(resourceType: ResourceType.azureResource, action: EventAction.configChange) }
        if op == "authentication" { return .init(resourceType: ResourceType.azureResource, action: EventAction.signInFailed) }
        return .init(resourceType: ResourceType.azureResource, action: EventAction.other)
    }

    /// The class of an Entra ID audit activity (`Reset user password.`, `Add member to role.`,
    /// `Update application – Certificates and secrets management `).
    static func directory(_ activity: String) -> AzureOperationClass? {
        let a = activity.lowercased()
        if a.contains("password") {
            let action = a.contains("reset") || a.contains("force change") ? EventAction.passwordReset : EventAction.credentialChange
            return .init(resourceType: ResourceType.credential, action: action)
        }
        if a.contains("certificates and secrets") || a.contains("service principal credentials") || a.contains("security info")
            || a.contains("authentication method") || a.contains("strongauthentication") || a.contains("federation settings")
            || a.contains("domain authentication")
        {
            return .init(resourceType: ResourceType.credential, action: EventAction.credentialChange)
        }
        if a.contains("member to role") || a.contains("member from role") || a.contains("role assignment") || a.contains("role definition")
            || a.contains("pim activation") || a.contains("eligible member")
        {
            let revoke = a.hasPrefix("remove") || a.hasPrefix("delete")
            return .init(resourceType: ResourceType.role, action: revoke ? EventAction.permissionRevoke : EventAction.roleChange)
        }
        if a.contains("named location") {
            return .init(resourceType: ResourceType.networkConfig, action: EventAction.configChange)
        }
        return nil
    }
}
