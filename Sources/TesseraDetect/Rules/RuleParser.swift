/// Turns a rule file's YAML into a `SigmaRule`. Malformed rules throw; valid Sigma that Tessera
/// cannot evaluate (an unknown modifier, an aggregation) is returned with `unsupported` set, so
/// it is listed with its reason instead of being skipped silently.
enum RuleParser {
    static func parse(_ bytes: [UInt8], path: String, relativePath: String, sha256: String) throws(RuleProblem) -> SigmaRule {
        let root = try RuleYAML.parse(bytes)
        guard case .map = root else { throw RuleProblem("the file is not a YAML mapping (title:, logsource:, detection: ...)") }
        guard let title = root["title"]?.scalarText, !title.isEmpty else { throw RuleProblem("no `title`") }
        var tags: [String] = []
        if case .list(let items)? = root["tags"] { tags = items.compactMap(\.scalarText) }
        var logsource = Logsource()
        if case .map? = root["logsource"], let ls = root["logsource"] {
            logsource.product = ls["product"]?.scalarText?.lowercased()
            logsource.service = ls["service"]?.scalarText?.lowercased()
            logsource.category = ls["category"]?.scalarText?.lowercased()
        } else {
            throw RuleProblem("no `logsource` mapping")
        }
        var rule = SigmaRule(
            id: root["id"]?.scalarText ?? relativePath, title: title,
            level: root["level"]?.scalarText?.lowercased() ?? "", status: root["status"]?.scalarText?.lowercased() ?? "",
            tags: tags, logsource: logsource, relativePath: relativePath, path: path, sha256: sha256,
            detection: nil, unsupported: nil)
        guard let detection = root["detection"], case .map(let members) = detection else {
            throw RuleProblem("no `detection` mapping")
        }
        do {
            rule.detection = try parseDetection(members)
        } catch let problem as Unsupported {
            rule.unsupported = problem.reason
        } catch let problem as RuleProblem {
            throw problem
        } catch {
            throw RuleProblem("\(error)")
        }
        return rule
    }

    /// A valid construct Tessera does not evaluate.
    struct Unsupported: Error { var reason: String }

    private static func parseDetection(_ members: [(key: String, value: RuleYAML)]) throws -> Detection {
        var searches: [String: Search] = [:]
        var order: [String] = []
        var conditionTexts: [String] = []
        for (key, value) in members {
            switch key {
            case "condition":
                switch value {
                case .list(let items): conditionTexts = items.compactMap(\.scalarText)
                default:
                    guard let text = value.scalarText else { throw RuleProblem("`condition` must be text") }
                    conditionTexts = [text]
                }
            case "timeframe":
                throw Unsupported(reason: "`timeframe` (aggregation over time) is not supported; use a correlation rule")
            default:
                searches[key] = try parseSearch(value, name: key)
                order.append(key)
            }
        }
        guard !conditionTexts.isEmpty else { throw RuleProblem("`detection` has no `condition`") }
        var conditions: [Condition] = []
        for text in conditionTexts {
            if text.contains("|") {
                throw Unsupported(reason: "condition '\(text.prefix(120))' aggregates with '|' (deprecated in Sigma v2; use a correlation rule)")
            }
            conditions.append(try ConditionParser.parse(text))
        }
        let detection = Detection(
            searches: searches, order: order,
            condition: conditions.count == 1 ? conditions[0] : .or(conditions))
        try check(detection.condition, in: detection)
        return detection
    }

    /// Every search the condition names exists; every pattern matches at least one search.
    private static func check(_ condition: Condition, in detection: Detection) throws(RuleProblem) {
        switch condition {
        case .search(let name):
            guard detection.searches[name] != nil else { throw RuleProblem("condition names '\(name)', which the detection does not define") }
        case .not(let inner): try check(inner, in: detection)
        case .and(let terms), .or(let terms): for term in terms { try check(term, in: detection) }
        case .quantified(_, let pattern):
            guard !detection.matching(pattern).isEmpty else {
                throw RuleProblem("condition pattern '\(pattern)' matches no search of the detection")
            }
        }
    }

    private static func parseSearch(_ value: RuleYAML, name: String) throws -> Search {
        switch value {
        case .map(let items):
            var fields: [FieldItem] = []
            for (key, value) in items { fields.append(try parseField(key: key, value: value)) }
            return .all(fields)
        case .list(let items):
            if items.allSatisfy({ if case .map = $0 { true } else { false } }) {
                var alternatives: [Search] = []
                for item in items { alternatives.append(try parseSearch(item, name: name)) }
                return .any(alternatives)
            }
            var values: [SigmaValue] = []
            for item in items {
                guard let v = Self.value(of: item) else { throw RuleProblem("search '\(name)': a keyword list holds only plain values") }
                values.append(v)
            }
            return .keywords(values, modifiers: [])
        default:
            guard let v = Self.value(of: value) else { throw RuleProblem("search '\(name)' is empty") }
            return .keywords([v], modifiers: [])
        }
    }

    private static func value(of item: RuleYAML) -> SigmaValue? {
        switch item {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s): return .string(SigmaString(sigma: s))
        default: return nil
        }
    }

    /// The text as written in the file for a string value (one of `value`'s items).
    private static func rawText(_ value: RuleYAML, _ parsed: SigmaValue) -> String? {
        let items: [RuleYAML]
        if case .list(let list) = value { items = list } else { items = [value] }
        for item in items { if case .string(let s) = item, Self.value(of: item) == parsed { return s } }
        return nil
    }

    private static func parseField(key: String, value: RuleYAML) throws -> FieldItem {
        let pieces = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        var modifiers: [Modifier] = []
        for name in pieces.dropFirst() {
            guard let modifier = Modifier(rawValue: name.lowercased()) else {
                throw Unsupported(reason: "field '\(key)': unsupported modifier '\(name)'")
            }
            switch modifier {
            case .wide, .utf16le, .utf16be, .utf16, .expand:
                throw Unsupported(reason: "field '\(key)': unsupported modifier '\(name)'")
            default: modifiers.append(modifier)
            }
        }
        var values: [SigmaValue] = []
        switch value {
        case .list(let items):
            for item in items {
                guard let v = self.value(of: item) else { throw RuleProblem("field '\(key)': values must be plain values") }
                values.append(v)
            }
        case .map: throw RuleProblem("field '\(key)': a value cannot be a mapping")
        default: values = [self.value(of: value)!]
        }
        if values.isEmpty { values = [.null] }
        if modifiers.contains(.re) {
            // A regular expression is taken as written: no wildcards, no Sigma escapes.
            values = values.map { v in
                if case .string = v, let text = rawText(value, v) { return .string(SigmaString(literal: text)) }
                return v
            }
        }
        return FieldItem(field: pieces[0], modifiers: modifiers, values: values)
    }
}

extension Detection {
    /// Search names matching a `1 of` / `all of` pattern (`*` wildcard), in file order.
    func matching(_ pattern: String) -> [String] {
        let glob = SigmaString(sigma: pattern)
        return order.filter { glob.matches($0) }
    }
}

extension SigmaString {
    /// Whether `name` matches this pattern exactly (case-sensitive): for search-name wildcards.
    func matches(_ name: String) -> Bool {
        let text = Array(name.unicodeScalars)
        func match(_ p: Int, _ t: Int) -> Bool {
            if p == parts.count { return t == text.count }
            switch parts[p] {
            case .anyRun:
                for i in t...text.count where match(p + 1, i) { return true }
                return false
            case .anyOne:
                return t < text.count && match(p + 1, t + 1)
            case .text(let literal):
                let l = Array(literal.unicodeScalars)
                guard t + l.count <= text.count, Array(text[t..<t + l.count]) == l else { return false }
                return match(p + 1, t + l.count)
            }
        }
        return match(0, 0)
    }
}
