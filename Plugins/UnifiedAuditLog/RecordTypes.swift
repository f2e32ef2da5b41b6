/// The unified audit log's `RecordType` numbers and names (Office 365 Management Activity API
/// schema, `AuditLogRecordType`). Exports write either form; Tessera stores both in `details`.
/// Only well-established values are listed; others are kept as their number.
enum RecordTypes {
    static let names: [Int: String] = [
        1: "ExchangeAdmin", 2: "ExchangeItem", 3: "ExchangeItemGroup", 4: "SharePoint",
        6: "SharePointFileOperation", 7: "OneDrive", 8: "AzureActiveDirectory",
        9: "AzureActiveDirectoryAccountLogon", 10: "DataCenterSecurityCmdlet", 11: "ComplianceDLPSharePoint",
        12: "Sway", 13: "ComplianceDLPExchange", 14: "SharePointSharingOperation",
        15: "AzureActiveDirectoryStsLogon", 18: "SecurityComplianceCenterEOPCmdlet",
        19: "ExchangeAggregatedOperation", 20: "PowerBIAudit", 21: "CRM", 22: "Yammer",
        23: "SkypeForBusinessCmdlets", 24: "Discovery", 25: "MicrosoftTeams", 28: "ThreatIntelligence",
        29: "MailSubmission", 30: "MicrosoftFlow", 32: "MicrosoftStream", 35: "Project",
        36: "SharePointListOperation", 40: "SecurityComplianceAlerts", 41: "ThreatIntelligenceUrl",
        43: "MIPLabel", 50: "ExchangeItemAggregated", 52: "DataInsightsRestApiAudit",
    ]

    static let numbers: [String: Int] = {
        var result: [String: Int] = [:]
        for (number, name) in names { result[name.lowercased()] = number }
        return result
    }()

    /// The number for a `RecordType` value written as a number or a name.
    static func number(_ text: String?) -> Int? {
        guard let text else { return nil }
        if let n = Int(text) { return n }
        return numbers[text.lowercased()]
    }

    static func name(_ number: Int?) -> String? {
        number.flatMap { names[$0] }
    }
}

/// The `UserType` values of the audit schema.
enum UserTypes {
    static let names: [Int: String] = [
        0: "Regular", 1: "Reserved", 2: "Admin", 3: "DcAdmin", 4: "System", 5: "Application",
        6: "ServicePrincipal", 7: "CustomPolicy", 8: "SystemPolicy", 9: "PartnerTechnician", 10: "Guest",
    ]

    static let numbers: [String: Int] = {
        var result: [String: Int] = [:]
        for (number, name) in names { result[name.lowercased()] = number }
        return result
    }()

    /// The number for a `UserType` written as a number (raw AuditData) or a name (Sentinel).
    static func number(_ text: String?) -> Int? {
        guard let text else { return nil }
        if let n = Int(text) { return n }
        return numbers[text.lowercased()]
    }
}
