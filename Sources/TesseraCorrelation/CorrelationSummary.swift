/// What a correlation run found, printed by `tessera correlate`.
public struct CorrelationSummary: Sendable, CustomStringConvertible {
    /// `correlation_runs.run_id` of this run.
    public var runID: Int64
    /// Distinct interaction ids (tickets, cases, Lockbox requests).
    public var interactions: Int
    /// Support sessions and Lockbox requests read.
    public var sessions: Int
    /// Sessions that opened a window (not-approved Lockbox requests open none).
    public var windows: Int
    /// Distinct events attributed to at least one interaction.
    public var attributedEvents: Int
    /// Events attributed to more than one interaction (overlapping windows).
    public var overlappingEvents: Int
    /// Pairs of overlapping windows of one engineer in different interactions.
    public var windowOverlaps: Int
    /// Events by support identities attributed to no interaction.
    public var unattributedSupportEvents: Int
    /// Identities of support personnel (after alias resolution).
    public var supportIdentities: Int
    /// Findings per severity (severities without findings are absent).
    public var findingsBySeverity: [Severity: Int]
    /// Findings per rule (rules without findings are absent).
    public var findingsByRule: [RuleID: Int]
    /// Rules that did not run, and why.
    public var skippedRules: [(rule: RuleID, reason: String)]
    /// Things the analyst should know (sessions closed by rule, ambiguous display names, ...).
    public var warnings: [String]
    /// The policy's path, or `default`.
    public var policySource: String
    /// SHA-256 (hex) of the policy text.
    public var policySHA256: String
    /// The slack applied to every window.
    public var slackSeconds: Int64
    /// Wall-clock seconds per phase of the run (identities, windows, attribution, …), for
    /// benchmarks and `--verbose` output; not part of ``description``.
    public var phaseSeconds: [(phase: String, seconds: Double)] = []

    /// All findings.
    public var totalFindings: Int { findingsBySeverity.values.reduce(0, +) }

    /// The lines `tessera correlate` prints.
    public var description: String {
        var lines: [String] = []
        lines.append("correlation run \(runID): policy \(policySource) (sha256 \(policySHA256.prefix(16))…), slack \(slackSeconds / 60) min")
        lines.append("interactions: \(interactions) (\(sessions) sessions, \(windows) windows)")
        lines.append("attributed events: \(attributedEvents) (\(overlappingEvents) in overlapping interactions; \(windowOverlaps) overlapping window pair(s))")
        lines.append("support identities: \(supportIdentities); their events outside every window: \(unattributedSupportEvents)")
        let severities = Severity.allCases.map { "\($0.rawValue) \(findingsBySeverity[$0] ?? 0)" }.joined(separator: ", ")
        lines.append("findings: \(totalFindings) (\(severities))")
        for rule in RuleID.allCases where (findingsByRule[rule] ?? 0) > 0 {
            lines.append("  \(rule.rawValue): \(findingsByRule[rule]!)")
        }
        for skipped in skippedRules {
            lines.append("skipped rule \(skipped.rule.rawValue): \(skipped.reason)")
        }
        if !warnings.isEmpty {
            lines.append("warnings: \(warnings.count)")
            for warning in warnings.prefix(20) { lines.append("  - \(warning)") }
            if warnings.count > 20 { lines.append("  - … \(warnings.count - 20) more in correlation_runs.warnings") }
        }
        return lines.joined(separator: "\n")
    }
}
