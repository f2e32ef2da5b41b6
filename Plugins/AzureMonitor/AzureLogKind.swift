import TesseraSDK

/// Which Azure log a record belongs to. Files may mix them (an Event Hub carries whatever the
/// diagnostic settings route to it), so every record is classified on its own.
enum AzureLogKind: String, Sendable {
    /// Azure Activity Log: control-plane operations on subscriptions' resources.
    case activity
    /// Entra ID sign-in logs (interactive, non-interactive, service principal, managed identity).
    case signIn = "sign-in"
    /// Entra ID audit logs (Graph `directoryAudit`).
    case directoryAudit = "directory-audit"
    /// Key Vault diagnostic logs, category `AuditEvent` (data-plane access to secrets, keys, certificates).
    case keyVault = "key-vault"

    /// Activity Log categories (diagnostic settings and `AzureActivity.CategoryValue`).
    static let activityCategories: Set<String> = [
        "administrative", "security", "servicehealth", "alert", "recommendation", "policy", "autoscale",
        "resourcehealth", "action", "write", "delete",
    ]
    static let signInCategories: Set<String> = [
        "signinlogs", "noninteractiveusersigninlogs", "serviceprincipalsigninlogs", "managedidentitysigninlogs",
    ]

    /// The kind of `record`, or nil when it is none of the four (the reason is then the caller's).
    static func classify(_ record: AzureFields) -> AzureLogKind? {
        if let type = record.text("type")?.lowercased() {
            switch type {
            case "azureactivity": return .activity
            case "signinlogs", "aadnoninteractiveusersigninlogs", "aadserviceprincipalsigninlogs", "aadmanagedidentitysigninlogs":
                return .signIn
            case "auditlogs": return .directoryAudit
            case "azkvauditlogs": return .keyVault
            case "azurediagnostics":
                if record.text("resourceprovider")?.lowercased() == "microsoft.keyvault" { return .keyVault }
                return nil
            default: break
            }
        }
        if let category = record.text("category")?.lowercased() {
            if signInCategories.contains(category) { return .signIn }
            if category == "auditlogs" { return .directoryAudit }
            if category == "auditevent" {
                return record.text("resourceid")?.lowercased().containsUTF8("/microsoft.keyvault/") == true ? .keyVault : nil
            }
            if activityCategories.contains(category), record.value("operationname") != nil { return .activity }
        }
        if record.value("createddatetime") != nil,
            record.value("appdisplayname", "conditionalaccessstatus", "signineventtypes") != nil
        {
            return .signIn
        }
        if record.value("activitydisplayname") != nil, record.value("initiatedby", "loggedbyservice") != nil { return .directoryAudit }
        if record.value("operationname") != nil, record.value("eventdataid", "eventtimestamp") != nil { return .activity }
        return nil
    }
}
