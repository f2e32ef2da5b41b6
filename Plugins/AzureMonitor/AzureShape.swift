import TesseraSDK

/// The formats the plugin recognizes from a file's head. Records are classified one by one
/// afterwards (``AzureLogKind``); the format named here is the file's dominant log and container.
enum AzureShape {
    static let formatNames = [
        "azure-activity-json", "azure-activity-csv", "entra-signin-json", "entra-signin-csv",
        "entra-audit-json", "entra-audit-csv", "keyvault-audit-json", "keyvault-audit-csv",
    ]

    /// The log a format name stands for.
    static func kind(ofFormat format: String) -> AzureLogKind? {
        if format.hasPrefix("azure-activity") { return .activity }
        if format.hasPrefix("entra-signin") { return .signIn }
        if format.hasPrefix("entra-audit") { return .directoryAudit }
        if format.hasPrefix("keyvault-audit") { return .keyVault }
        return nil
    }

    /// `<log>-json` or `<log>-csv`, or nil when the head is not an Azure log this plugin reads.
    static func recognize(_ text: String) -> String? {
        guard let first = text.utf8.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return nil }
        let head = text.lowercased()
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            return jsonLog(head).map { $0 + "-json" }
        }
        let header = head.prefix(while: { $0 != "\n" && $0 != "\r" && $0 != "\r\n" })
        return csvLog(String(header)).map { $0 + "-csv" }
    }

    private static func jsonLog(_ h: String) -> String? {
        // Network flow logs and Storage resource logs share the diagnostic-settings envelope but are not read here.
        if h.contains("\"flowrecords\"") || h.contains("\"flowlogresourceid\"") { return nil }
        if h.contains("\"auditevent\"") && h.contains("/microsoft.keyvault/") { return "keyvault-audit" }
        if h.contains("\"azkvauditlogs\"") { return "keyvault-audit" }
        if h.contains("signinlogs\"") || h.contains("auditlogs/signins") || h.contains("/$metadata#signins")
            || (h.contains("\"createddatetime\"") && h.contains("\"appdisplayname\"") && h.contains("\"conditionalaccessstatus\""))
        {
            return "entra-signin"
        }
        if (h.contains("\"auditlogs\"") && (h.contains("\"activitydisplayname\"") || h.contains("\"initiatedby\"")))
            || h.contains("auditlogs/directoryaudits") || (h.contains("\"activitydisplayname\"") && h.contains("\"loggedbyservice\""))
        {
            return "entra-audit"
        }
        if h.contains("\"azureactivity\"") { return "azure-activity" }
        let hasOperation = h.contains("\"operationname\"") || h.contains("\"operation_name\"")
        let hasActivityField = ["\"eventdataid\"", "\"event_data_id\"", "\"calleripaddress\"", "\"caller\"", "\"resultsignature\""]
            .contains(where: h.contains)
        if hasOperation && hasActivityField && h.contains("\"/subscriptions/") { return "azure-activity" }
        return nil
    }

    private static func csvLog(_ header: String) -> String? {
        let columns = Set(header.split(separator: ",").map { AzureCSV.columnName(String($0)).lowercased() })
        if columns.contains("operationnamevalue") && columns.contains("caller") { return "azure-activity" }
        if columns.contains("userprincipalname") && columns.contains("appdisplayname") && columns.contains("conditionalaccessstatus") { return "entra-signin" }
        if columns.contains("date (utc)") && columns.contains("request id") && columns.contains("application") && columns.contains("ip address") {
            return "entra-signin"
        }
        if columns.contains("activitydisplayname") && (columns.contains("initiatedby") || columns.contains("targetresources")) { return "entra-audit" }
        if columns.contains("requesturi") && columns.contains("operationname") && columns.contains("calleripaddress") && columns.contains("identity") {
            return "keyvault-audit"
        }
        return nil
    }
}
