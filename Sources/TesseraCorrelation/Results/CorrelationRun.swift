import TesseraStore

/// One row of `correlation_runs`: what `tessera correlate` recorded of a run (docs/schema.md).
/// JSON columns (`parameters`, `summary`, `warnings`) are kept as the text the run wrote.
public struct CorrelationRun: Sendable, Equatable {
    public var runID: Int64
    public var startedUTC: String
    public var finishedUTC: String
    public var toolVersion: String
    /// The run's options and the fingerprint of the sources it saw (JSON object).
    public var parameters: String
    public var policySource: String
    public var policySHA256: String
    public var aliasesPath: String?
    public var aliasesSHA256: String?
    public var geoIPPath: String?
    public var geoIPSHA256: String?
    /// Counts of what the run wrote (JSON object).
    public var summary: String
    /// The run's warnings (JSON array).
    public var warnings: String

    /// The table the runs are recorded in.
    public static let table = "correlation_runs"

    /// The table's columns, in schema order.
    public static let columnNames = [
        "run_id", "started_utc", "finished_utc", "tool_version", "parameters", "policy_source",
        "policy_sha256", "aliases_path", "aliases_sha256", "geoip_path", "geoip_sha256",
        "summary", "warnings",
    ]

    /// The run as (column, value) pairs in the table's column order, NULL shown as `NULL`:
    /// how reports list "the policy and parameters" of the results they show.
    public var recordedValues: [(column: String, value: String)] {
        let values = [
            String(runID), startedUTC, finishedUTC, toolVersion, parameters, policySource, policySHA256,
            aliasesPath ?? "NULL", aliasesSHA256 ?? "NULL", geoIPPath ?? "NULL", geoIPSHA256 ?? "NULL",
            summary, warnings,
        ]
        return Array(zip(Self.columnNames, values)).map { (column: $0.0, value: $0.1) }
    }

    /// The latest run (highest `run_id`), or nil when none is recorded.
    static func latest(_ db: Database) throws(SQLiteError) -> CorrelationRun? {
        let statement = try db.prepare(
            """
            SELECT \(columnNames.joined(separator: ", ")) FROM \(table) ORDER BY run_id DESC LIMIT 1
            """)
        guard try statement.step() else { return nil }
        func text(_ i: Int) -> String { statement.text(i) ?? "NULL" }
        return CorrelationRun(
            runID: statement.int64(0), startedUTC: text(1), finishedUTC: text(2), toolVersion: text(3),
            parameters: text(4), policySource: text(5), policySHA256: text(6),
            aliasesPath: statement.text(7), aliasesSHA256: statement.text(8),
            geoIPPath: statement.text(9), geoIPSHA256: statement.text(10), summary: text(11),
            warnings: text(12))
    }
}
