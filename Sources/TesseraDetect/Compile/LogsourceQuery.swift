import TesseraStore

/// The one statement that evaluates every rule of one logsource in a single pass over its
/// records. Layers (each a subquery SQLite runs as a co-routine, so every value is computed
/// once per record):
///
/// 1. the logsource's records (one row per stored record, its first event) and each record's
///    JSON document, found per format as the mapping says;
/// 2. the document checked once (`jdoc`, NULL when it is not JSON), and every path several rules
///    name, extracted with one `json_extract` call (one parse);
/// 3. those values as columns `f0`, `f1`, ... (paths fewer rules name are read where used);
/// 4. per record, the list of rules that match (`'3,17,'`); rows with none are dropped.
struct LogsourceQuery {
    let entry: LogsourceEntry
    /// Whether the store holds records of this logsource (a statement without is not run).
    let hasSources: Bool
    /// The rules compiled into the statement, in the order of their indexes in `hits`.
    let rules: [SigmaRule]
    /// Rules of this logsource that cannot be evaluated, with the reason.
    let unsupported: [(rule: SigmaRule, reason: String)]
    let sql: String
    let parameters: [SQLValue]
    /// Regular expression → the rule file that holds it (for the runtime guard's message).
    let regexOwners: [String: String]
    /// Per rule, its own match expression as a complete statement, for `--print-sql`.
    let ruleSQL: [String: String]

    /// - Parameter sources: the store's sources of this logsource: source id → document kind.
    init(entry: LogsourceEntry, rules candidates: [SigmaRule], sources: [(id: Int64, document: DocumentKind)]) throws(DetectError) {
        self.entry = entry
        self.hasSources = !sources.isEmpty
        var builder = SQLBuilder()
        var paths: [String] = [] // document paths; rules refer to path i as the marker \u{1}i\u{1}
        var users: [Set<Int>] = [] // per path, the rules that name it
        var ruleIndex = 0
        var columns: [String] = [] // events columns used
        func resolve(_ field: String) throws(RuleParser.Unsupported) -> [String] {
            var result: [String] = []
            for target in entry.targets(of: field) {
                switch target {
                case .column(let name):
                    if !columns.contains(name) { columns.append(name) }
                    result.append("c_\(name)")
                case .path(let path):
                    guard !path.contains("\""), !path.isEmpty else {
                        throw RuleParser.Unsupported(reason: "field '\(field)' cannot be written as a JSON path")
                    }
                    let index = paths.firstIndex(of: path) ?? paths.count
                    if index == paths.count { paths.append(path); users.append([]) }
                    users[index].insert(ruleIndex)
                    result.append("\u{1}\(index)\u{1}")
                }
            }
            return result
        }
        var compiled: [(SigmaRule, String)] = []
        var unsupported: [(SigmaRule, String)] = []
        var owners: [String: String] = [:]
        for rule in candidates {
            if let reason = rule.unsupported { unsupported.append((rule, reason)); continue }
            guard let detection = rule.detection else { continue }
            ruleIndex += 1
            var compiler = RuleCompiler(resolve: resolve, document: "doc")
            let mark = builder
            do {
                let expression = try compiler.compile(detection, &builder)
                let used = builder.parameters.count - mark.parameters.count
                guard used <= Self.maximumParametersPerRule else {
                    throw DetectError.badRule(
                        path: rule.path, reason: "the rule compares \(used) values, over the limit of \(Self.maximumParametersPerRule) for one rule")
                }
                compiled.append((rule, expression))
                for regex in compiler.regexes { owners[regex] = rule.path }
            } catch let problem as RuleParser.Unsupported {
                builder = mark
                unsupported.append((rule, problem.reason))
            } catch let problem as RuleProblem {
                throw DetectError.badRule(path: rule.path, reason: problem.reason)
            } catch let error as DetectError {
                throw error
            } catch {
                throw DetectError.badRule(path: rule.path, reason: "\(error)")
            }
        }
        self.rules = compiled.map(\.0)
        self.unsupported = unsupported.map { (rule: $0.0, reason: $0.1) }
        self.regexOwners = owners

        // Layer 1: records and their documents.
        var documentCases: [String] = []
        let members = Set(sources.compactMap { if case .member(let m) = $0.document { m } else { nil } }).sorted()
        let detailMembers = Set(sources.compactMap { if case .details(let m) = $0.document { m } else { nil } }).sorted()
        let kinds: [DocumentKind] = [.raw, .csvJSON] + members.map { .member($0) } + detailMembers.map { .details($0) }
        for kind in kinds {
            let ids = sources.filter { $0.document == kind }.map { String($0.id) }
            guard !ids.isEmpty else { continue }
            let expression: String
            switch kind {
            case .raw: expression = "r.raw"
            case .csvJSON: expression = "sigma_csv_json(r.raw)"
            case .member(let name):
                expression = "CASE WHEN json_valid(r.raw) THEN coalesce(r.raw ->> \(builder.bind("$.\"\(name)\"")), r.raw) END"
            case .details(let name):
                expression = "json_extract(e.details, \(builder.bind("$.\"\(name)\"")))"
            case .none: continue
            }
            documentCases.append("WHEN e.source_id IN (\(ids.joined(separator: ", "))) THEN \(expression)")
        }
        let document = documentCases.isEmpty ? "NULL" : "CASE " + documentCases.joined(separator: " ") + " END"
        let allIDs = sources.map { String($0.id) }.joined(separator: ", ")
        let passColumns = columns.map { ", c_\($0)" }.joined()
        let layer1 = """
            SELECT e.event_id AS event_id\(columns.map { ", e.\($0) AS c_\($0)" }.joined()), \(document) AS doc
                FROM event_rows e JOIN records r ON r.record_row_id = e.record_row_id
                WHERE e.source_id IN (\(allIDs.isEmpty ? "NULL" : allIDs)) AND e.event_id = e.record_row_id
                LIMIT -1 OFFSET 0
            """
        // Layers 2 and 3: document values. Paths several rules name ("hot": eventSource,
        // Operation, ...) are extracted for every record with one json_extract call; the others
        // are extracted where a rule reads them, which SQLite's short-circuit AND reaches only
        // for the few records that pass the rule's first items.
        let hot = paths.indices.filter { users[$0].count >= Self.hotThreshold }
        var name: [Int: String] = [:]
        for (k, i) in hot.enumerated() { name[i] = "f\(k)" }
        for i in paths.indices where name[i] == nil {
            name[i] = "json_extract(jdoc, \(builder.bind(Self.jsonPath(paths[i]))))"
        }
        compiled = compiled.map { rule, expression in
            var text = expression
            for i in paths.indices.reversed() { text = text.replacingOccurrences(of: "\u{1}\(i)\u{1}", with: name[i]!) }
            return (rule, text)
        }
        let extract: String
        let values: String
        switch hot.count {
        case 0:
            extract = ""
            values = ""
        case 1:
            extract = ", json_extract(jdoc, \(builder.bind(Self.jsonPath(paths[hot[0]])))) AS v"
            values = ", v AS f0"
        default:
            let list = hot.map { builder.bind(Self.jsonPath(paths[$0])) }.joined(separator: ", ")
            extract = ", json_extract(jdoc, \(list)) AS v"
            values = hot.indices.map { ", v ->> '$[\($0)]' AS f\($0)" }.joined()
        }
        let layer3 = """
            SELECT event_id, doc, jdoc\(passColumns)\(values) FROM (
              SELECT event_id, doc, jdoc\(passColumns)\(extract) FROM (
                SELECT event_id, doc, CASE WHEN json_valid(doc) THEN doc END AS jdoc\(passColumns) FROM (
                  \(layer1)
                ) LIMIT -1 OFFSET 0
              ) LIMIT -1 OFFSET 0
            ) LIMIT -1 OFFSET 0
            """
        let hits =
            compiled.isEmpty
            ? "''"
            : compiled.enumerated()
                .map { "CASE WHEN \($0.element.1) THEN '\($0.offset),' ELSE '' END" }.joined(separator: "\n      || ")
        self.sql = """
            SELECT event_id, hits FROM (
              SELECT event_id, \(hits) AS hits FROM (
            \(layer3)
              ) LIMIT -1 OFFSET 0
            ) WHERE hits <> ''
            """
        self.parameters = builder.parameters
        guard builder.parameters.count < 32_000 else {
            throw DetectError.badRule(
                path: candidates.last?.path ?? entry.origin,
                reason:
                    "the rules of logsource \(entry.name) compare \(builder.parameters.count) values in all, over SQLite's limit of 32,000 for one statement; run the rule folders in several runs"
            )
        }
        var ruleSQL: [String: String] = [:]
        for (rule, expression) in compiled {
            ruleSQL[rule.id] = SQLBuilder.inlined(
                """
                -- \(rule.title) (\(rule.relativePath)); logsource \(entry.name)
                SELECT event_id FROM (
                \(layer3)
                ) WHERE \(expression);
                """, builder.parameters)
        }
        self.ruleSQL = ruleSQL
    }

    /// SQLite binds at most 32,766 parameters per statement; one rule may use a quarter of them.
    static let maximumParametersPerRule = 8_000

    /// A path named by this many rules of a logsource is extracted for every record.
    static let hotThreshold = 3

    /// `a.b.c` → `$."a"."b"."c" (each name quoted, so names with spaces or dashes work).
    static func jsonPath(_ dotted: String) -> String {
        "$" + dotted.split(separator: ".", omittingEmptySubsequences: false).map { ".\"\($0)\"" }.joined()
    }

    /// The whole statement with its values inlined.
    var printableSQL: String { SQLBuilder.inlined(sql, parameters) + ";" }
}
