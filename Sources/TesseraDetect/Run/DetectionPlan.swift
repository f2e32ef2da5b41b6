import Foundation
import TesseraSDK
import TesseraStore

/// Rules loaded and compiled against one store: what `tessera detect` will run, and the SQL
/// `--print-sql` shows. Building a plan reads the store and writes nothing.
public struct DetectionPlan {
    public let rules: [SigmaRule]
    public let paths: [RuleLoader.LoadedPath]
    let queries: [LogsourceQuery]
    /// Every rule's outcome before running (hits filled in by the run).
    var outcomes: [DetectionSummary.RuleOutcome]
    let mappingFiles: [(path: String, sha256: String)]

    /// Rules that cannot be evaluated, with their reasons.
    public var notEvaluated: [DetectionSummary.RuleOutcome] {
        outcomes.filter { $0.state != "evaluated" && $0.state != "filtered" }
    }

    public init(database db: Database, options: DetectOptions) throws(DetectError) {
        let mapping = try LogsourceMapping.load(extensions: options.mappingFiles)
        var mappingFiles: [(String, String)] = []
        for file in options.mappingFiles {
            let bytes = FileManager.default.contents(atPath: file).map(Array.init) ?? []
            mappingFiles.append((file, SHA256.hex(SHA256.hash(bytes))))
        }
        self.mappingFiles = mappingFiles
        let (rules, paths) = try RuleLoader.load(paths: options.rulePaths)
        var seen: [String: String] = [:]
        for rule in rules {
            if let other = seen[rule.id] {
                throw DetectError.badRule(path: rule.path, reason: "rule id \(rule.id) is also the id of \(other); each rule must have its own id")
            }
            seen[rule.id] = rule.path
        }
        self.rules = rules
        self.paths = paths

        var sourcesByFormat: [String: [Int64]] = [:]
        do {
            let statement = try db.prepare("SELECT source_id, format FROM sources WHERE events_stored > 0 ORDER BY source_id")
            while try statement.step() {
                sourcesByFormat[statement.text(1) ?? "", default: []].append(statement.int64(0))
            }
        } catch { throw DetectError.store(error) }

        var outcomes: [String: DetectionSummary.RuleOutcome] = [:]
        var byEntry: [String: [SigmaRule]] = [:]
        for rule in rules {
            var outcome = DetectionSummary.RuleOutcome(
                ruleID: rule.id, title: rule.title, level: rule.level, path: rule.path,
                state: "evaluated", reason: nil, hits: 0, logsource: rule.logsource.description)
            if !options.admits(rule) {
                outcome.state = "filtered"
                outcome.reason = "level \(rule.level.isEmpty ? "(none)" : rule.level), status \(rule.status.isEmpty ? "(none)" : rule.status)"
            } else if let entry = mapping.entry(for: rule.logsource) {
                byEntry[entry.name, default: []].append(rule)
            } else {
                outcome.state = "unknown_logsource"
                outcome.reason = "unknown logsource (\(rule.logsource.description)): no entry of the logsource mapping serves it"
            }
            outcomes[rule.id] = outcome
        }
        var queries: [LogsourceQuery] = []
        for entry in mapping.entries {
            guard let entryRules = byEntry[entry.name] else { continue }
            let sources = entry.formats.flatMap { format in (sourcesByFormat[format.format] ?? []).map { (id: $0, document: format.document) } }
            let query = try LogsourceQuery(entry: entry, rules: entryRules, sources: sources)
            for (rule, reason) in query.unsupported {
                outcomes[rule.id]?.state = "unsupported"
                outcomes[rule.id]?.reason = reason
            }
            if sources.isEmpty {
                for rule in query.rules {
                    outcomes[rule.id]?.state = "no_events"
                    outcomes[rule.id]?.reason =
                        "logsource \(entry.name): the store holds no events of its formats ("
                        + entry.formats.map(\.format).joined(separator: ", ") + ")"
                }
            }
            queries.append(query)
        }
        self.queries = queries
        self.outcomes = rules.map { outcomes[$0.id]! }
        if options.strict {
            let failing = self.outcomes.filter { $0.state == "unsupported" || $0.state == "unknown_logsource" }
            if !failing.isEmpty {
                throw DetectError.unevaluatedRules(
                    failing.map {
                        UnevaluatedRule(path: $0.path, ruleID: $0.ruleID, title: $0.title, reason: $0.reason ?? $0.state)
                    })
            }
        }
    }

    /// The SQL of one rule (by id or title) with its values inlined, runnable in `sqlite3`
    /// once `sigma_*` and `REGEXP` functions exist; nil when the rule is not compiled.
    public func sql(forRule key: String) -> String? {
        for query in queries {
            if let sql = query.ruleSQL[key] { return sql }
            if let rule = query.rules.first(where: { $0.title == key }) { return query.ruleSQL[rule.id] }
        }
        return nil
    }

    /// The one-pass statement of every logsource that has events.
    public var logsourceSQL: [(logsource: String, sql: String)] { queries.map { ($0.entry.name, $0.printableSQL) } }

    /// Whether the rule was loaded at all.
    public func hasRule(_ key: String) -> Bool { rules.contains { $0.id == key || $0.title == key } }
}
