/// What a `tessera detect` run did, for the command's output.
public struct DetectionSummary: Sendable {
    /// One rule's outcome.
    public struct RuleOutcome: Sendable {
        public var ruleID: String
        public var title: String
        public var level: String
        public var path: String
        /// `evaluated`, `no_events`, `unknown_logsource`, `unsupported` or `filtered` (as in `detection_rules.state`).
        public var state: String
        public var reason: String?
        public var hits: Int
        public var logsource: String
    }

    public var runID: Int64 = 0
    public var rules: [RuleOutcome] = []
    public var detections = 0
    public var findings = 0
    public var seconds = 0.0

    public var evaluated: [RuleOutcome] { rules.filter { $0.state == "evaluated" } }
    /// Rules that could not be evaluated, each with its reason (never skipped silently).
    public var notEvaluated: [RuleOutcome] { rules.filter { $0.state != "evaluated" && $0.state != "filtered" } }
    public var filtered: Int { rules.filter { $0.state == "filtered" }.count }
}
