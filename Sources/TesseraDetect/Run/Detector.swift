import Foundation
import TesseraSDK
import TesseraStore

/// Runs a `DetectionPlan` over the store and writes its results in one transaction: a run that
/// fails (a runaway regular expression, a full disk) leaves the previous detections in place.
public enum Detector {
    /// - Parameter handOff: runs inside the same transaction once the detections are written,
    ///   and returns how many findings it made of them (correlation's `SigmaFindings.refresh`).
    public static func run(
        _ plan: DetectionPlan, on db: Database, options: DetectOptions,
        handOff: ((Database) throws -> Int)? = nil
    ) throws(DetectError) -> DetectionSummary {
        let clock = ContinuousClock.now
        var owners: [String: String] = [:]
        for query in plan.queries { owners.merge(query.regexOwners) { a, _ in a } }
        var summary = DetectionSummary()
        do {
            try DetectionFunctions.define(on: db, regexOwners: owners)
            summary = try db.transaction { () throws -> DetectionSummary in
                try write(plan, db: db, options: options, handOff: handOff)
            }
        } catch let error as DetectError {
            throw error
        } catch let error as SQLiteError {
            // A function error (the regex guard) surfaces as the statement's error message.
            if error.message.contains(": the regular expression") || error.message.contains("is not a valid regular expression") {
                let path = error.message.components(separatedBy: ": ").first ?? "rule"
                throw DetectError.ruleFailed(path: path, reason: String(error.message.dropFirst(path.count + 2)))
            }
            throw DetectError.store(error)
        } catch {
            throw DetectError.failed("\(error)")
        }
        summary.seconds =
            Double((ContinuousClock.now - clock).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - clock).components.seconds)
        return summary
    }

    private static func json(_ strings: [String]) -> String { JSONWriter.string(.array(strings.map { .string($0) })) }

    private static func write(
        _ plan: DetectionPlan, db: Database, options: DetectOptions,
        handOff: ((Database) throws -> Int)?
    ) throws -> DetectionSummary {
        var summary = DetectionSummary()
        let rulePaths = JSONValue.array(
            plan.paths.map { path in
                .object(
                    JSONObject([
                        ("path", .string(path.path)),
                        ("files", .array(path.files.map { .object(JSONObject([("file", .string($0.relativePath)), ("sha256", .string($0.sha256))])) })),
                    ]))
            })
        let mapping = JSONValue.array(plan.mappingFiles.map { .object(JSONObject([("path", .string($0.path)), ("sha256", .string($0.sha256))])) })
        let parameters = JSONValue.object(
            JSONObject([
                ("level", options.minimumLevel.map { .string($0) } ?? .null),
                ("statuses", .array(options.statuses.map { .string($0) })),
                ("strict", .bool(options.strict)),
            ]))
        let started = Timestamp.iso8601(Int64(Date().timeIntervalSince1970 * 1_000_000))
        try db.prepare(
            """
            INSERT INTO detection_runs (started_utc, tool_version, rule_paths, mapping_files, parameters) VALUES (?, ?, ?, ?, ?)
            """
        ).run([
            .text(started), .text(options.toolVersion), .text(JSONWriter.string(rulePaths)),
            .text(JSONWriter.string(mapping)), .text(JSONWriter.string(parameters)),
        ])
        let runID = db.lastInsertRowID
        try db.execute("DELETE FROM detections; DELETE FROM detection_rules;")

        var hits: [String: Int] = [:]
        let insert = try db.prepare(
            """
            INSERT INTO detections (run_id, rule_id, title, level, status, tags, event_id, rule_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for query in plan.queries where query.hasSources {
            let tags = query.rules.map { json($0.tags) }
            let statement = try db.prepare(query.sql)
            try statement.bind(query.parameters)
            while try statement.step() {
                let eventID = statement.int64(0)
                for index in (statement.text(1) ?? "").split(separator: ",").compactMap({ Int($0) }) {
                    let rule = query.rules[index]
                    try insert.run([
                        .integer(runID), .text(rule.id), .text(rule.title), .text(rule.level), .text(rule.status),
                        .text(tags[index]), .integer(eventID), .text(rule.relativePath),
                    ])
                    hits[rule.id, default: 0] += 1
                    summary.detections += 1
                }
            }
        }

        let rootOf = Dictionary(plan.paths.flatMap { p in p.files.map { ($0.sha256 + "\u{0}" + $0.relativePath, p.path) } }) { a, _ in a }
        let ruleRow = try db.prepare(
            """
            INSERT INTO detection_rules (run_id, rule_id, title, level, status, tags, rule_path, rules_root, sha256, logsource,
                                         mapping, state, reason, hits)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let mappingOf = Dictionary(plan.queries.flatMap { q in q.rules.map { ($0.id, q.entry.name) } + q.unsupported.map { ($0.rule.id, q.entry.name) } }) {
            a, _ in a
        }
        for (rule, outcome) in zip(plan.rules, plan.outcomes) {
            var outcome = outcome
            outcome.hits = hits[rule.id] ?? 0
            try ruleRow.run([
                .integer(runID), .text(rule.id), .text(rule.title), .text(rule.level), .text(rule.status),
                .text(json(rule.tags)), .text(rule.relativePath), .text(rootOf[rule.sha256 + "\u{0}" + rule.relativePath] ?? ""),
                .text(rule.sha256), .text(rule.logsource.description), .optional(mappingOf[rule.id]),
                .text(outcome.state), .optional(outcome.reason), .integer(Int64(outcome.hits)),
            ])
            summary.rules.append(outcome)
        }
        summary.findings = try handOff?(db) ?? 0
        let finished = Timestamp.iso8601(Int64(Date().timeIntervalSince1970 * 1_000_000))
        try db.prepare(
            """
            UPDATE detection_runs SET finished_utc = ?, rules_read = ?, rules_evaluated = ?, rules_not_evaluated = ?,
                   rules_filtered = ?, detections = ?, findings = ? WHERE run_id = ?
            """
        ).run([
            .text(finished), .integer(Int64(summary.rules.count)), .integer(Int64(summary.evaluated.count)),
            .integer(Int64(summary.notEvaluated.count)), .integer(Int64(summary.filtered)),
            .integer(Int64(summary.detections)), .integer(Int64(summary.findings)), .integer(runID),
        ])
        summary.runID = runID
        return summary
    }
}
