import TesseraStore

/// One event as exported, with its source and what correlation said about it.
struct ExportEvent {
    var eventID: Int64
    var tsUs: Int64
    var fields: [String: String?]
    var interactions: [String]
    var findings: [String]
    var severity: String?
    var unattributedSupport: Bool
    /// The event's current triage verdict and tags.
    var verdict: String?
    var tags: [String] = []

    /// Columns read from `events` (by name, in this order) for every export.
    static let eventColumns = ["event_id", "ts_us", "timestamp_desc", "category", "operation", "action", "outcome", "actor",
                               "actor_raw", "actor_type", "client_ip", "user_agent", "tenant", "resource_type", "resource",
                               "resource_name", "session_id", "record_id", "message", "details", "source_id", "locator"]

    static var selectList: String {
        eventColumns.map { "e." + $0 }.joined(separator: ", ") + ", s.path, s.sha256, s.plugin, s.format"
    }

    init(row: Statement) {
        eventID = row.int64(0)
        tsUs = row.int64(1)
        var fields: [String: String?] = [:]
        for (i, name) in Self.eventColumns.enumerated() { fields[name] = row.string(i) }
        let base = Self.eventColumns.count
        fields["source_file"] = row.string(base)
        fields["source_sha256"] = row.string(base + 1)
        fields["plugin"] = row.string(base + 2)
        fields["format"] = row.string(base + 3)
        self.fields = fields
        interactions = []
        findings = []
        severity = nil
        unattributedSupport = false
    }

    func text(_ name: String) -> String? { fields[name] ?? nil }

    /// The value of an export column, nil for NULL.
    func value(_ column: String, zone: DisplayZone) -> String? {
        switch column {
        case "time_utc": return DisplayZone.utc.iso8601(tsUs)
        case "interactions": return interactions.joined(separator: ";")
        case "findings": return findings.joined(separator: ";")
        case "severity": return severity
        case "unattributed_support": return unattributedSupport ? "true" : "false"
        case "verdict": return verdict
        case "tags", "tag": return tags.joined(separator: ";")
        default: return text(column)
        }
    }

    /// Columns holding a list (a JSON array in JSON Lines).
    static let listColumns: Set<String> = ["tags", "tag"]

    /// Columns whose values are numbers (written unquoted; never formula-neutralized).
    static let numericColumns: Set<String> = ["event_id", "ts_us", "timestamp", "source_id"]
}
