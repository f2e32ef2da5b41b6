/// What `tessera detect` evaluates.
public struct DetectOptions: Sendable {
    /// Rule files or folders (`--rules`).
    public var rulePaths: [String]
    /// User logsource-mapping files extending the built-in one (`--mapping`).
    public var mappingFiles: [String] = []
    /// Only rules at this level or above (`--level`): informational < low < medium < high < critical.
    public var minimumLevel: String?
    /// Only rules with one of these statuses (`--status`); empty = all.
    public var statuses: [String] = []
    /// Fail when a rule cannot be evaluated (`--strict`).
    public var strict = false
    /// Recorded in `detection_runs.tool_version`.
    public var toolVersion: String

    public init(rulePaths: [String], toolVersion: String) {
        self.rulePaths = rulePaths
        self.toolVersion = toolVersion
    }

    static let levels = ["informational", "low", "medium", "high", "critical"]

    func admits(_ rule: SigmaRule) -> Bool {
        if let minimum = minimumLevel, let floor = Self.levels.firstIndex(of: minimum) {
            guard let level = Self.levels.firstIndex(of: rule.level), level >= floor else { return false }
        }
        return statuses.isEmpty || statuses.contains(rule.status)
    }
}
