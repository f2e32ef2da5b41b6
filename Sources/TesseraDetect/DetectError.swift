import TesseraStore

/// Why `tessera detect` stopped. Each case names the file at fault and what to do; nothing was
/// written to the store when one is thrown.
public enum DetectError: Error, CustomStringConvertible, Sendable {
    /// A `--rules` path that does not exist or cannot be read.
    case unreadablePath(String, reason: String)
    /// A rule file that is not a usable Sigma rule (invalid YAML, too large, too deeply nested...).
    case badRule(path: String, reason: String)
    /// The logsource mapping file is wrong.
    case badMapping(path: String, reason: String)
    /// `--strict`: rules that cannot be evaluated.
    case unevaluatedRules([UnevaluatedRule])
    /// A rule failed while it ran (a regular expression over its time budget, ...).
    case ruleFailed(path: String, reason: String)
    /// `--print-sql` named a rule that was not loaded.
    case unknownRule(String)
    /// The store refused a statement.
    case store(SQLiteError)
    /// Anything else that stopped the run (nothing was written).
    case failed(String)

    public var description: String {
        switch self {
        case .unreadablePath(let path, let reason):
            return "\(path): \(reason)"
        case .badRule(let path, let reason):
            return "\(path): not a usable Sigma rule: \(reason). Fix or remove the file; nothing was written to the store."
        case .badMapping(let path, let reason):
            return "\(path): logsource mapping: \(reason)"
        case .unevaluatedRules(let rules):
            return "--strict: \(rules.count) rule(s) cannot be evaluated:\n"
                + rules.map { "  \($0.path): \($0.reason)" }.joined(separator: "\n")
                + "\nNothing was written to the store."
        case .ruleFailed(let path, let reason):
            return "\(path): \(reason). Nothing was written to the store (the previous detections are kept)."
        case .unknownRule(let id):
            return "--print-sql: no loaded rule has id or title '\(id)'"
        case .store(let error):
            return "store: \(error). Nothing was written to the store."
        case .failed(let reason):
            return "\(reason). Nothing was written to the store."
        }
    }
}

/// A rule that was loaded but cannot be evaluated, and why.
public struct UnevaluatedRule: Sendable, Equatable {
    public var path: String
    public var ruleID: String
    public var title: String
    public var reason: String
}
