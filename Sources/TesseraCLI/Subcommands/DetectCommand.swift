import ArgumentParser
import Foundation
import TesseraCorrelation
import TesseraDetect
import TesseraSDK
import TesseraStore

/// `tessera detect`: Sigma rules evaluated as SQL over the store.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Evaluate Sigma rules over the store; hits go to detections, findings and reports.",
        discussion: """
            Reads every .yml/.yaml under the --rules paths (SigmaHQ's rules/cloud, or your own), compiles \
            each rule to SQLite SQL and evaluates all rules of one logsource in one pass over its records. \
            Re-running replaces the previous detections atomically; each run is recorded in detection_runs \
            with every rule file's SHA-256. Rules that cannot be evaluated are listed with the reason \
            (--strict makes that fatal). A detection whose record is attributed to a support interaction \
            becomes a finding `sigma:<rule id>` of it (docs/detect.md).

            Examples:
              tessera detect --rules ~/sigma/rules/cloud
              tessera detect --rules ~/sigma/rules/cloud/m365 --level high --status stable --status test
              tessera detect --rules ~/sigma/rules/cloud --print-sql 3b1c5d4e-...
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("rules"), help: ArgumentHelp("A Sigma rule file or folder (repeatable).", valueName: "PATH"))
    var rulePaths: [String] = []

    @Option(name: .customLong("mapping"), help: ArgumentHelp("A logsource mapping file extending the built-in one (repeatable).", valueName: "FILE"))
    var mappingFiles: [String] = []

    @Option(help: ArgumentHelp("Only rules at this level or above: informational, low, medium, high, critical.", valueName: "LEVEL"))
    var level: String?

    @Option(name: .customLong("status"), help: ArgumentHelp("Only rules with this status (repeatable): stable, test, experimental, ...", valueName: "STATUS"))
    var statuses: [String] = []

    @Flag(help: "Fail (writing nothing) when a rule cannot be evaluated.")
    var strict = false

    @Option(
        name: .customLong("print-sql"),
        help: ArgumentHelp("Print the SQL of this rule (id or title) and exit; `all` prints each logsource's one-pass statement.", valueName: "RULE_ID"))
    var printSQL: String?

    @Flag(help: "Print a machine-readable summary.")
    var json = false

    @Flag(name: .customLong("print-mapping"), help: "Print the built-in logsource mapping and exit.")
    var printMapping = false

    func validate() throws {
        if !printMapping && rulePaths.isEmpty { throw ValidationError("--rules PATH is required") }
        if let level, !["informational", "low", "medium", "high", "critical"].contains(level) {
            throw ValidationError("--level must be informational, low, medium, high or critical")
        }
    }

    func run() throws {
        try reportingErrors {
            if printMapping {
                let text = LogsourceMapping.builtInText
                print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
                return
            }
            var options = DetectOptions(rulePaths: rulePaths, toolVersion: TesseraVersion.current)
            options.mappingFiles = mappingFiles
            options.minimumLevel = level
            options.statuses = statuses.map { $0.lowercased() }
            options.strict = strict
            let store = try storeOptions.open(printSQL == nil ? .readWrite : .readOnly)
            let plan = try DetectionPlan(database: store.database, options: options)
            if let key = printSQL {
                if key == "all" {
                    for (logsource, sql) in plan.logsourceSQL { print("-- logsource \(logsource)\n\(sql)\n") }
                    return
                }
                guard plan.hasRule(key) else { throw DetectError.unknownRule(key) }
                guard let sql = plan.sql(forRule: key) else {
                    let reason = plan.notEvaluated.first { $0.ruleID == key || $0.title == key }?.reason ?? "filtered out by --level/--status"
                    throw CLIError(message: "--print-sql: rule \(key) is not compiled: \(reason)")
                }
                print(sql)
                return
            }
            let summary = try Detector.run(plan, on: store.database, options: options) { db in try SigmaFindings.refresh(db) }
            if json { print(Self.json(summary, store: storeOptions.path)) } else { print(Self.text(summary)) }
        }
    }

    static func text(_ s: DetectionSummary) -> String {
        var lines: [String] = []
        let notEvaluated = s.notEvaluated
        lines.append(
            "detection run \(s.runID): \(s.rules.count) rules read, \(s.evaluated.count) evaluated, "
                + "\(notEvaluated.count) not evaluated, \(s.filtered) filtered out; "
                + "\(s.detections) detections, \(s.findings) findings (\(String(format: "%.2f", s.seconds)) s)")
        let hit = s.evaluated.filter { $0.hits > 0 }.sorted { ($0.hits, $1.ruleID) > ($1.hits, $0.ruleID) }
        if !hit.isEmpty {
            lines.append("hits:")
            for r in hit {
                lines.append("  \(String(r.hits).leftPad(6))  \(r.level.padding(toLength: 8, withPad: " ", startingAt: 0))  \(r.title)  [\(r.ruleID)]")
            }
        }
        if !notEvaluated.isEmpty {
            // Grouped by reason: 57 rules without events of their logsource read as one block.
            lines.append("not evaluated:")
            var order: [String] = []
            var byReason: [String: [String]] = [:]
            for r in notEvaluated {
                let reason = r.reason ?? r.state
                if byReason[reason] == nil { order.append(reason) }
                byReason[reason, default: []].append(r.path)
            }
            for reason in order {
                let paths = byReason[reason]!
                if paths.count == 1 { lines.append("  \(paths[0]): \(reason)"); continue }
                lines.append("  \(paths.count) rules: \(reason)")
                for path in paths { lines.append("    \(path)") }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ s: DetectionSummary, store: String) -> String {
        func outcome(_ r: DetectionSummary.RuleOutcome) -> JSONValue {
            .object(
                JSONObject([
                    ("rule_id", .string(r.ruleID)), ("title", .string(r.title)), ("level", .string(r.level)),
                    ("path", .string(r.path)), ("logsource", .string(r.logsource)), ("state", .string(r.state)),
                    ("reason", r.reason.map { .string($0) } ?? .null), ("hits", .number(String(r.hits))),
                ]))
        }
        return JSONWriter.string(
            .object(
                JSONObject([
                    ("store", .string(store)), ("run_id", .number(String(s.runID))),
                    ("rules_read", .number(String(s.rules.count))), ("rules_evaluated", .number(String(s.evaluated.count))),
                    ("rules_not_evaluated", .number(String(s.notEvaluated.count))), ("rules_filtered", .number(String(s.filtered))),
                    ("detections", .number(String(s.detections))), ("findings", .number(String(s.findings))),
                    ("rules", .array(s.rules.map(outcome))),
                ])))
    }
}

private extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
