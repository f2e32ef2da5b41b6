import Yams

/// A YAML node with the file and key path it came from, so every error can name file, line and key.
struct YAMLNode {
    let node: Node
    let file: String
    let path: String

    var line: Int? { node.mark?.line }

    func error(_ reason: String) -> MappingError {
        MappingError(file: file, line: line, key: path, reason: reason)
    }

    /// Parses a whole mapping file into its root node.
    static func parse(_ text: String, file: String) throws(MappingError) -> YAMLNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw MappingError(file: file, line: Self.line(of: error), key: "", reason: "not valid YAML: \(Self.problem(of: error))")
        } catch {
            throw MappingError(file: file, line: nil, key: "", reason: "not valid YAML: \(error)")
        }
        guard let root else { throw MappingError(file: file, line: nil, key: "", reason: "the file is empty") }
        return YAMLNode(node: root, file: file, path: "")
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        case .duplicatedKeysInMapping(let duplicates, _): return "duplicate keys \(duplicates.joined(separator: ", "))"
        default: return "\(error)"
        }
    }

    func child(_ key: String, _ node: Node) -> YAMLNode {
        YAMLNode(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    var isMapping: Bool { node.mapping != nil }
    var isSequence: Bool { node.sequence != nil }
    var isScalar: Bool { node.scalar != nil }

    /// The members of a mapping in file order; keys must be scalars.
    func members() throws(MappingError) -> [(key: String, value: YAMLNode)] {
        guard let mapping = node.mapping else { throw error("expected a mapping (key: value lines)") }
        var result: [(String, YAMLNode)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw error("keys must be plain text") }
            result.append((name, child(name, value)))
        }
        return result
    }

    /// The members of a mapping, refusing keys outside `allowed` (catches typos).
    func members(allowed: [String]) throws(MappingError) -> [String: YAMLNode] {
        var result: [String: YAMLNode] = [:]
        for (key, value) in try members() {
            guard allowed.contains(key) else {
                throw value.error("unknown key `\(key)`; expected one of: \(allowed.joined(separator: ", "))")
            }
            result[key] = value
        }
        return result
    }

    func items() throws(MappingError) -> [YAMLNode] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        return sequence.enumerated().map { YAMLNode(node: $0.element, file: file, path: "\(path)[\($0.offset)]") }
    }

    /// A scalar as text (numbers and booleans as written).
    func string() throws(MappingError) -> String {
        guard let scalar = node.scalar else { throw error("expected a single value, not a list or mapping") }
        return scalar.string
    }

    func nonEmptyString() throws(MappingError) -> String {
        let s = try string()
        guard !s.isEmpty else { throw error("must not be empty") }
        return s
    }

    func int() throws(MappingError) -> Int {
        guard let value = Int(try string()) else { throw error("expected a whole number") }
        return value
    }

    func bool() throws(MappingError) -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false")
        }
    }

    /// A scalar or a list of scalars, as a list.
    func stringList() throws(MappingError) -> [String] {
        if isScalar { return [try string()] }
        var result: [String] = []
        for item in try items() { result.append(try item.string()) }
        return result
    }
}
