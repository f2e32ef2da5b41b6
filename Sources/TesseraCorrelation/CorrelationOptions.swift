/// What `tessera correlate` was asked to do.
public struct CorrelationOptions: Sendable {
    /// The policy (``Policy/default`` unless `--policy FILE` gave one: ``Policy/load(path:)``).
    public var policy: Policy
    /// `--aliases FILE`: the analyst's alias CSV (columns `identity,alias`).
    public var aliasesPath: String?
    /// `--geoip FILE.mmdb`: a MaxMind DB country database; without it the location-mismatch rule is skipped.
    public var geoIPPath: String?
    /// `--slack`: overrides the policy's `windows.slack_minutes` (see ``parseDuration(_:)``).
    public var slackSeconds: Int64?
    /// Recorded in `correlation_runs.tool_version`.
    public var toolVersion: String

    /// Options for one run; every argument defaults to what `tessera correlate` does without flags.
    public init(
        policy: Policy = .default, aliasesPath: String? = nil, geoIPPath: String? = nil,
        slackSeconds: Int64? = nil, toolVersion: String = "unknown"
    ) {
        self.policy = policy
        self.aliasesPath = aliasesPath
        self.geoIPPath = geoIPPath
        self.slackSeconds = slackSeconds
        self.toolVersion = toolVersion
    }

    /// The slack in effect, in microseconds.
    public var slackUs: Int64 { (slackSeconds ?? Int64(policy.slackMinutes) * 60) * 1_000_000 }

    /// Parses a `--slack` value: minutes (`15`), or a number with `s`, `m` or `h` (`900s`, `15m`, `1h`).
    public static func parseDuration(_ text: String) throws(CorrelationError) -> Int64 {
        let trimmed = text.trimmingCharacters(in: " ").lowercased()
        var number = Substring(trimmed)
        var unit: Int64 = 60
        if let last = trimmed.last, "smh".contains(last) {
            number = trimmed.dropLast()
            unit = last == "s" ? 1 : last == "m" ? 60 : 3600
        }
        guard let value = Int64(number), value >= 0, value <= 7 * 24 * 3600 else { throw .invalidDuration(text) }
        let (seconds, overflow) = value.multipliedReportingOverflow(by: unit)
        guard !overflow else { throw .invalidDuration(text) }
        return seconds
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
