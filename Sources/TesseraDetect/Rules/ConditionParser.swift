/// Parses a Sigma condition (`selection and not 1 of filter_*`): `not` binds tighter than
/// `and`, which binds tighter than `or`; parentheses group. Nesting is bounded so a hostile
/// condition cannot exhaust the stack.
struct ConditionParser {
    static let maximumDepth = 64

    private enum Token: Equatable {
        case open, close, and, or, not, one, all, of, them
        case name(String)
    }

    private var tokens: [Token]
    private var position = 0
    private var depth = 0

    /// Parses `text`; throws with the reason when it is not a valid condition.
    static func parse(_ text: String) throws(RuleProblem) -> Condition {
        var parser = ConditionParser(tokens: try tokenize(text))
        guard !parser.tokens.isEmpty else { throw RuleProblem("the condition is empty") }
        let condition = try parser.parseOr()
        guard parser.position == parser.tokens.count else {
            throw RuleProblem("condition: unexpected \(parser.describe(parser.tokens[parser.position])) in '\(text.prefix(200))'")
        }
        return condition
    }

    private init(tokens: [Token]) { self.tokens = tokens }

    private static func tokenize(_ text: String) throws(RuleProblem) -> [Token] {
        var tokens: [Token] = []
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            switch word.lowercased() {
            case "and": tokens.append(.and)
            case "or": tokens.append(.or)
            case "not": tokens.append(.not)
            case "1": tokens.append(.one)
            case "all": tokens.append(.all)
            case "of": tokens.append(.of)
            case "them": tokens.append(.them)
            default: tokens.append(.name(word))
            }
            word = ""
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "(": flush(); tokens.append(.open)
            case ")": flush(); tokens.append(.close)
            case " ", "\t", "\n", "\r": flush()
            case "|":
                throw RuleProblem("condition: unsupported aggregation after '|' (count/near are deprecated in Sigma v2; use a correlation rule)")
            default:
                guard scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-*.?".unicodeScalars.contains(scalar) else {
                    throw RuleProblem("condition: unexpected character '\(scalar)'")
                }
                word.unicodeScalars.append(scalar)
            }
        }
        flush()
        return tokens
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .open: return "'('"
        case .close: return "')'"
        case .and: return "'and'"
        case .or: return "'or'"
        case .not: return "'not'"
        case .one: return "'1'"
        case .all: return "'all'"
        case .of: return "'of'"
        case .them: return "'them'"
        case .name(let n): return "'\(n)'"
        }
    }

    private var current: Token? { position < tokens.count ? tokens[position] : nil }

    private mutating func enter() throws(RuleProblem) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw RuleProblem("condition: nested deeper than \(Self.maximumDepth) levels")
        }
    }

    private mutating func parseOr() throws(RuleProblem) -> Condition {
        var terms = [try parseAnd()]
        while current == .or { position += 1; terms.append(try parseAnd()) }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func parseAnd() throws(RuleProblem) -> Condition {
        var terms = [try parseNot()]
        while current == .and { position += 1; terms.append(try parseNot()) }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    private mutating func parseNot() throws(RuleProblem) -> Condition {
        if current == .not {
            position += 1
            try enter()
            defer { depth -= 1 }
            return .not(try parseNot())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(RuleProblem) -> Condition {
        guard let token = current else { throw RuleProblem("condition: ends where a search name was expected") }
        position += 1
        switch token {
        case .open:
            try enter()
            defer { depth -= 1 }
            let inner = try parseOr()
            guard current == .close else { throw RuleProblem("condition: '(' is never closed") }
            position += 1
            return inner
        case .one, .all:
            guard current == .of else { throw RuleProblem("condition: expected 'of' after \(describe(token))") }
            position += 1
            switch current {
            case .them?: position += 1; return .quantified(all: token == .all, pattern: "*")
            case .name(let pattern)?: position += 1; return .quantified(all: token == .all, pattern: pattern)
            default: throw RuleProblem("condition: expected a search name or 'them' after 'of'")
            }
        case .name(let name):
            return .search(name)
        default:
            throw RuleProblem("condition: unexpected \(describe(token))")
        }
    }
}
