/// Export formats (`tessera export --format`).
public enum ExportFormat: String, CaseIterable, Sendable {
    /// Timesketch JSON Lines: `message`, `datetime`, `timestamp_desc`, `timestamp` plus Tessera's fields.
    case timesketchJSONL = "timesketch-jsonl"
    /// Timesketch CSV with the same fields.
    case timesketchCSV = "timesketch-csv"
    /// plaso's l2t_csv (17 columns) for Timeline Explorer and SOF-ELK.
    case l2tCSV = "l2t-csv"
    /// Plain CSV of events or of `interaction_access`.
    case csv
    /// Plain JSON Lines of events or of `interaction_access`.
    case jsonl

    /// Whether the format can hold `interaction_access` rows (only the plain ones).
    public var supportsAccessRows: Bool { self == .csv || self == .jsonl }
}

/// What an export lists (`--rows`).
public enum ExportRows: String, CaseIterable, Sendable {
    /// One row per event.
    case events
    /// One row per `interaction_access` row (correlated stores only).
    case access
}

/// Column sets of each export, in order. Public so documentation and tests name them once.
public enum ExportColumns {
    /// The 17 l2t_csv columns.
    public static let l2t = [
        "date", "time", "timezone", "MACB", "source", "sourcetype", "type", "user", "host", "short",
        "desc", "version", "filename", "inode", "notes", "format", "extra",
    ]

    /// Tessera's own event fields (plain CSV / JSONL), after `event_id`. `verdict` and `tags` are
    /// the event's current triage verdict and tags (`tessera triage event`).
    public static let events = [
        "event_id", "time_utc", "ts_us", "timestamp_desc", "category", "operation", "action", "outcome",
        "actor", "actor_raw", "actor_type", "client_ip", "user_agent", "tenant", "resource_type",
        "resource", "resource_name", "session_id", "record_id", "message", "details", "source_id",
        "source_file", "source_sha256", "locator", "interactions", "findings", "severity",
        "unattributed_support", "verdict", "tags",
    ]

    /// Timesketch: its four required fields first, then Tessera's; `tag` is Timesketch's own
    /// tag field (a list in JSON Lines), holding the event's triage tags.
    public static let timesketch = [
        "message", "datetime", "timestamp_desc", "timestamp", "event_id", "category", "operation",
        "action", "outcome", "actor", "actor_type", "client_ip", "user_agent", "tenant",
        "resource_type", "resource", "resource_name", "session_id", "record_id", "source_file",
        "source_sha256", "locator", "interactions", "findings", "severity", "unattributed_support",
        "verdict", "tag",
    ]

    /// `interaction_access` as published by the correlation engine.
    public static let access = [
        "interaction_id", "engineer", "actor", "resource_type", "resource", "resource_name", "action",
        "first_utc", "last_utc", "event_count", "client_ips",
    ]
}
