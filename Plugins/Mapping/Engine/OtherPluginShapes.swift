import TesseraSDK

/// Inputs that belong to Tessera's hand-written plugins. No mapping — built-in or user — claims
/// them during auto-detection, so a loose user mapping cannot silently steal the M365 unified
/// audit log, Exchange audit XML, the vendor support-interaction log or Customer Lockbox requests.
/// (An analyst can still force a mapping with `--plugin`.)
enum OtherPluginShapes {
    /// The owner of a JSON record shape, or nil.
    static func owner(ofRecordKeys keys: Set<String>, values: JSONObject) -> String? {
        let lower = Set(keys.map { $0.lowercased() })
        if lower.contains("auditdata") { return "the M365 unified audit log plugin" }
        if lower.contains("recordtype") && (lower.contains("workload") || lower.contains("creationtime") || lower.contains("creationdate")) {
            return "the M365 unified audit log plugin"
        }
        if lower.contains("interaction_id") && lower.contains("engineer") { return "the support-interaction plugin" }
        for key in ["type", "id"] {
            if let text = values.string(key), text.lowercased().contains("microsoft.customerlockbox") { return "the Customer Lockbox plugin" }
        }
        if let properties = values["properties"]?.objectValue, properties["requestId"] != nil, properties["supportCaseUrl"] != nil || properties["accessLevel"] != nil {
            return "the Customer Lockbox plugin"
        }
        return nil
    }

    /// The owner of a CSV header, or nil.
    static func owner(ofColumns columns: [String]) -> String? {
        owner(ofRecordKeys: Set(columns.map { $0.trimmingCharactersInWhitespace() }), values: JSONObject())
    }

    /// Whether the text looks like XML (Exchange audit exports).
    static func isXML(_ text: Substring) -> Bool {
        text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "<"
    }
}
