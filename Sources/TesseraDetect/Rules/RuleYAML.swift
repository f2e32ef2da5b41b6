import Yams

/// A rule file's YAML as plain values, read with limits: hostile rules are evidence-grade bad
/// input, so size and nesting are bounded before anything recursive runs.
enum RuleYAML: Equatable {
    case null
    case bool(Bool)
    /// A number as written (`4624`, `0x10`, `1.5`).
    case number(String)
    case string(String)
    case list([RuleYAML])
    /// Members in file order.
    case map([(key: String, value: RuleYAML)])

    static let maximumBytes = 1 << 20
    static let maximumDepth = 64

    static func == (a: RuleYAML, b: RuleYAML) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)), (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x == y
        case (.map(let x), .map(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// Parses one rule document. Throws a reason an analyst can act on.
    static func parse(_ bytes: [UInt8]) throws(RuleProblem) -> RuleYAML {
        guard bytes.count <= maximumBytes else {
            throw RuleProblem("the file is \(bytes.count) bytes, over the \(maximumBytes)-byte limit for one rule")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw RuleProblem("the file is not valid UTF-8") }
        guard !text.utf8.contains(0) else { throw RuleProblem("the file contains a NUL byte") }
        // Flow collections (`[[[[...`) nest without indentation; bound them before the YAML
        // library recurses. Brackets inside quoted text count too, which only makes this stricter.
        var depth = 0, deepest = 0
        for byte in bytes {
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1; deepest = max(deepest, depth)
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                depth = max(0, depth - 1)
            }
        }
        guard deepest <= maximumDepth * 4 else {
            throw RuleProblem("brackets nest \(deepest) deep, over the limit of \(maximumDepth * 4)")
        }
        let node: Node?
        do {
            // One rule per file: a multi-document stream (a rule collection) is a YAML error here.
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw RuleProblem("not valid YAML: \(describe(error))")
        } catch {
            throw RuleProblem("not valid YAML: \(error)")
        }
        guard let node else { throw RuleProblem("the file is empty") }
        var budget = maximumNodes
        return try convert(node, depth: 0, budget: &budget)
    }

    /// Aliases can make a small file expand exponentially ("billion laughs"): bound the nodes.
    static let maximumNodes = 200_000

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "line \(context.mark.line): duplicate keys \(duplicates.joined(separator: ", "))"
        default: return "\(error)"
        }
    }

    private static func convert(_ node: Node, depth: Int, budget: inout Int) throws(RuleProblem) -> RuleYAML {
        budget -= 1
        guard budget >= 0 else { throw RuleProblem("the YAML holds more than \(maximumNodes) values (alias expansion?)") }
        guard depth <= maximumDepth else {
            throw RuleProblem("line \(node.mark?.line ?? 0): YAML nests deeper than \(maximumDepth) levels")
        }
        switch node {
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return .bool(Bool.construct(from: scalar) ?? false)
            case Tag.Name.int.rawValue, Tag.Name.float.rawValue: return .number(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let sequence):
            var items: [RuleYAML] = []
            for item in sequence { items.append(try convert(item, depth: depth + 1, budget: &budget)) }
            return .list(items)
        case .mapping(let mapping):
            var members: [(key: String, value: RuleYAML)] = []
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    throw RuleProblem("line \(key.mark?.line ?? 0): a mapping key must be plain text")
                }
                members.append((name, try convert(value, depth: depth + 1, budget: &budget)))
            }
            return .map(members)
        case .alias:
            throw RuleProblem("line \(node.mark?.line ?? 0): YAML aliases are not allowed in rules")
        }
    }

    subscript(key: String) -> RuleYAML? {
        guard case .map(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// A scalar's text (numbers and booleans as written), nil for lists and maps.
    var scalarText: String? {
        switch self {
        case .string(let s), .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}

/// Why a rule file cannot be read (becomes `DetectError.badRule` with the file's path).
struct RuleProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
