import Foundation
import TesseraSDK
import TesseraStore

/// Compiles one rule's detection into a SQL boolean expression over the columns a
/// `LogsourceQuery` provides (one per Sigma field target). Matching follows the Sigma
/// specification: case-insensitive unless `cased`, wildcards `*` and `?`, every search
/// null-safe so `not` of a missing field holds.
struct RuleCompiler {
    /// SQL expressions a field resolves to (several: the condition holds for any of them).
    let resolve: (String) throws(RuleParser.Unsupported) -> [String]
    /// The SQL expression of the record's JSON document text (for keywords).
    let document: String
    /// Regular expressions seen, for validation and the runtime guard.
    private(set) var regexes: [String] = []

    init(resolve: @escaping (String) throws(RuleParser.Unsupported) -> [String], document: String) {
        self.resolve = resolve
        self.document = document
    }

    mutating func compile(_ detection: Detection, _ sql: inout SQLBuilder) throws -> String {
        try condition(detection.condition, detection, &sql)
    }

    private mutating func condition(_ c: Condition, _ d: Detection, _ sql: inout SQLBuilder) throws -> String {
        switch c {
        case .search(let name):
            return try search(d.searches[name]!, &sql)
        case .not(let inner):
            return "NOT " + (try condition(inner, d, &sql))
        case .and(let terms):
            return "(" + (try terms.map { try condition($0, d, &sql) }).joined(separator: " AND ") + ")"
        case .or(let terms):
            return "(" + (try terms.map { try condition($0, d, &sql) }).joined(separator: " OR ") + ")"
        case .quantified(let all, let pattern):
            let names = d.matching(pattern)
            let parts = try names.map { try search(d.searches[$0]!, &sql) }
            return "(" + parts.joined(separator: all ? " AND " : " OR ") + ")"
        }
    }

    /// A search, null-safe: a missing field makes an item false, never NULL.
    private mutating func search(_ s: Search, _ sql: inout SQLBuilder) throws -> String {
        "COALESCE(" + (try searchBody(s, &sql)) + ", 0)"
    }

    private mutating func searchBody(_ s: Search, _ sql: inout SQLBuilder) throws -> String {
        switch s {
        case .all(let items):
            guard !items.isEmpty else { return "1" }
            return "(" + (try items.map { try item($0, &sql) }).joined(separator: " AND ") + ")"
        case .any(let alternatives):
            guard !alternatives.isEmpty else { return "0" }
            return "(" + (try alternatives.map { try searchBody($0, &sql) }).joined(separator: " OR ") + ")"
        case .keywords(let values, _):
            var parts: [String] = []
            for value in values {
                switch value {
                case .string(let s): parts.append(stringMatch(document, s.prefixed(.anyRun).suffixed(.anyRun), cased: false, &sql))
                case .number(let n): parts.append(stringMatch(document, SigmaString(literal: n).prefixed(.anyRun).suffixed(.anyRun), cased: false, &sql))
                case .bool, .null: throw RuleParser.Unsupported(reason: "a keyword must be text or a number")
                }
            }
            return "(" + parts.joined(separator: " OR ") + ")"
        }
    }

    private mutating func item(_ item: FieldItem, _ sql: inout SQLBuilder) throws -> String {
        let mods = Set(item.modifiers)
        let columns = try resolve(item.field)
        var perColumn: [String] = []
        for column in columns {
            var alternatives: [String] = []
            for value in item.values {
                alternatives.append(contentsOf: try match(column, value, mods, field: item.field, &sql))
            }
            let joiner = mods.contains(.all) ? " AND " : " OR "
            perColumn.append(alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: joiner) + ")")
        }
        return perColumn.count == 1 ? perColumn[0] : "(" + perColumn.joined(separator: " OR ") + ")"
    }

    /// The SQL alternatives one value contributes (several for windash / base64offset).
    private mutating func match(
        _ column: String, _ value: SigmaValue, _ mods: Set<Modifier>, field: String,
        _ sql: inout SQLBuilder
    ) throws -> [String] {
        if mods.contains(.exists) {
            guard case .bool(let exists) = value else { throw RuleParser.Unsupported(reason: "field '\(field)|exists' needs true or false") }
            return [exists ? "\(column) IS NOT NULL" : "\(column) IS NULL"]
        }
        if case .null = value { return ["\(column) IS NULL"] }
        for op in [Modifier.gt, .gte, .lt, .lte] where mods.contains(op) {
            guard case .number(let n) = value, let number = Double(n) else {
                throw RuleParser.Unsupported(reason: "field '\(field)|\(op.rawValue)' needs a number")
            }
            let symbol = [Modifier.gt: ">", .gte: ">=", .lt: "<", .lte: "<="][op]!
            return [
                "(CASE WHEN typeof(\(column)) IN ('integer', 'real') THEN \(column) WHEN trim(\(column)) GLOB '[0-9+-.]*' THEN CAST(\(column) AS REAL) END) \(symbol) \(sql.bind(.real(number)))"
            ]
        }
        if mods.contains(.fieldref) {
            guard case .string(let s) = value, let other = s.plainText else {
                throw RuleParser.Unsupported(reason: "field '\(field)|fieldref' needs a field name")
            }
            let targets = try resolve(other)
            let cased = mods.contains(.cased)
            return targets.map { cased ? "\(column) = \($0)" : "sigma_fold(\(column)) = sigma_fold(\($0))" }
        }
        if mods.contains(.cidr) {
            guard case .string(let s) = value, let network = s.plainText, IPNetwork(network) != nil else {
                throw RuleParser.Unsupported(reason: "field '\(field)|cidr': not a network in CIDR notation")
            }
            return ["sigma_cidr(\(column), \(sql.bind(network)))"]
        }
        if mods.contains(.re) {
            guard case .string(let s) = value, let pattern = s.plainText else {
                throw RuleParser.Unsupported(reason: "field '\(field)|re' needs a pattern")
            }
            var flags = ""
            if mods.contains(.i) { flags += "i" }
            if mods.contains(.m) { flags += "m" }
            if mods.contains(.s) { flags += "s" }
            let full = flags.isEmpty ? pattern : "(?\(flags))" + pattern
            do { _ = try NSRegularExpression(pattern: full) } catch {
                throw RuleProblem("field '\(field)|re': '\(pattern.prefix(200))' is not a valid regular expression")
            }
            regexes.append(full)
            return ["\(column) REGEXP \(sql.bind(full))"]
        }
        var strings: [SigmaString]
        switch value {
        case .bool(let b):
            return ["(\(column) = \(b ? 1 : 0) OR \(column) LIKE \(sql.bind(b ? "true" : "false")))"]
        case .number(let n): strings = [SigmaString(literal: n)]
        case .string(let s): strings = [s]
        case .null: return []
        }
        if mods.contains(.windash) {
            strings = strings.flatMap { s in
                ["-", "/", "\u{2013}", "\u{2014}", "\u{2015}"].map { dash in
                    s.mapText { $0.replacingOccurrences(of: "-", with: dash).replacingOccurrences(of: "/", with: dash) }
                }
            }
        }
        if mods.contains(.base64) || mods.contains(.base64offset) {
            var encoded: [SigmaString] = []
            for s in strings {
                guard let text = s.plainText else { throw RuleParser.Unsupported(reason: "field '\(field)|base64': wildcards cannot be encoded") }
                let bytes = Array(text.utf8)
                if mods.contains(.base64offset) {
                    for offset in 0..<3 {
                        // pySigma's and the specification's construction: encode behind 0-2 filler
                        // bytes, then drop the characters that depend on the neighbours.
                        let padded = [UInt8](repeating: 0x20, count: offset) + bytes
                        let b64 = Array(Data(padded).base64EncodedString().unicodeScalars)
                        let start = [0, 2, 3][offset]
                        let end = b64.count - [0, 3, 2][(bytes.count + offset) % 3]
                        guard start < end else { continue }
                        var text = ""
                        text.unicodeScalars.append(contentsOf: b64[start..<end])
                        encoded.append(SigmaString(literal: text))
                    }
                } else {
                    encoded.append(SigmaString(literal: Data(bytes).base64EncodedString()))
                }
            }
            strings = encoded
        }
        // base64 modifiers are case-sensitive by nature.
        let cased = mods.contains(.cased) || mods.contains(.base64) || mods.contains(.base64offset)
        let contains = mods.contains(.contains) || mods.contains(.base64offset)
        return strings.map { s in
            var s = s
            if contains || mods.contains(.endswith) { s = s.prefixed(.anyRun) }
            if contains || mods.contains(.startswith) { s = s.suffixed(.anyRun) }
            return stringMatch(column, s, cased: cased, &sql)
        }
    }

    private func stringMatch(_ column: String, _ s: SigmaString, cased: Bool, _ sql: inout SQLBuilder) -> String {
        if cased {
            if let plain = s.plainText { return "\(column) = \(sql.bind(plain))" }
            return "\(column) GLOB \(sql.bind(s.globPattern))"
        }
        if s.isASCII {
            // Plain text that cannot be a number: NOCASE equality, several times faster than LIKE
            // (a number must stay LIKE, which compares a JSON number's text too).
            if let plain = s.plainText, Double(plain) == nil, !plain.isEmpty {
                return "\(column) = \(sql.bind(plain)) COLLATE NOCASE"
            }
            return "\(column) LIKE \(sql.bind(s.likePattern)) ESCAPE '\\'"
        }
        // SQLite's LIKE folds ASCII only: fold both sides in full Unicode.
        return "sigma_fold(\(column)) LIKE \(sql.bind(s.mapText { $0.lowercased() }.likePattern)) ESCAPE '\\'"
    }
}
