import TesseraSDK
import Yams

/// A policy document as a small tree, whatever its syntax, with a location for errors.
indirect enum PolicyNode {
    case scalar(String, location: String)
    case list([PolicyNode], location: String)
    case map([(key: String, value: PolicyNode)], location: String)
    case null(location: String)

    var location: String {
        switch self {
        case .scalar(_, let l), .list(_, let l), .map(_, let l), .null(let l): return l
        }
    }

    /// Converts a Yams node. YAML anchors and aliases are refused (a policy has no use for them).
    static func from(yaml node: Node) throws(PolicyNodeError) -> PolicyNode {
        let location = node.mark.map { "line \($0.line)" } ?? "(unknown line)"
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null(location: location) }
            return .scalar(scalar.string, location: location)
        case .sequence(let sequence):
            var items: [PolicyNode] = []
            for item in sequence { items.append(try from(yaml: item)) }
            return .list(items, location: location)
        case .mapping(let mapping):
            var pairs: [(key: String, value: PolicyNode)] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else { throw PolicyNodeError(location: location, problem: "a key must be plain text") }
                pairs.append((keyScalar.string, try from(yaml: value)))
            }
            return .map(pairs, location: location)
        case .alias:
            throw PolicyNodeError(location: location, problem: "YAML aliases (*name) are not supported in a policy")
        }
    }

    /// Converts a parsed JSON value; locations are JSON paths.
    static func from(json value: JSONValue, path: String = "$") -> PolicyNode {
        switch value {
        case .null: return .null(location: path)
        case .bool(let b): return .scalar(b ? "true" : "false", location: path)
        case .number(let n), .string(let n): return .scalar(n, location: path)
        case .array(let items):
            return .list(items.enumerated().map { from(json: $1, path: "\(path)[\($0)]") }, location: path)
        case .object(let object):
            return .map(object.members.map { ($0.key, from(json: $0.value, path: "\(path).\($0.key)")) }, location: path)
        }
    }
}

struct PolicyNodeError: Error {
    var location: String
    var problem: String
}
