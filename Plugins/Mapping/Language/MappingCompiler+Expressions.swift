import Foundation
import TesseraSDK

/// Value expressions, conditions, transforms and references of a mapping file.
extension MappingCompiler {
    // MARK: expressions

    static let expressionKeys = ["from", "const", "template", "first", "if", "unless", "transforms", "lookup", "default"]

    /// A value expression: `name` (shorthand for from), a list (first present of), or a mapping.
    func expression(_ node: YAMLNode) throws(MappingError) -> Expr {
        if node.isScalar { return .source(try source(try node.nonEmptyString(), at: node)) }
        if node.isSequence {
            var options: [Expr] = []
            for item in try node.items() { options.append(try expression(item)) }
            guard !options.isEmpty else { throw node.error("an empty list has no value to offer") }
            return .first(options)
        }
        return try expression(node, members: try node.members(allowed: Self.expressionKeys))
    }

    func expression(_ node: YAMLNode, members m: [String: YAMLNode]) throws(MappingError) -> Expr {
        let bases = ["from", "const", "template", "first"].filter { m[$0] != nil }
        guard bases.count == 1 else {
            throw node.error(
                bases.isEmpty
                    ? "needs one of `from`, `const`, `template` or `first`"
                    : "give only one of \(bases.map { "`\($0)`" }.joined(separator: ", "))")
        }
        var expr: Expr
        switch bases[0] {
        case "from":
            let n = m["from"]!
            if n.isSequence {
                var options: [Expr] = []
                for item in try n.items() { options.append(.source(try source(try item.nonEmptyString(), at: item))) }
                expr = .first(options)
            } else {
                expr = .source(try source(try n.nonEmptyString(), at: n))
            }
        case "const":
            expr = .constant(.string(try m["const"]!.string()))
        case "template":
            let n = m["template"]!
            expr = .template(try template(try n.string(), at: n))
        default:
            let n = m["first"]!
            var options: [Expr] = []
            for item in try n.items() { options.append(try expression(item)) }
            expr = .first(options)
        }
        var transforms: [Transform] = []
        if let n = m["transforms"] {
            for item in n.isScalar ? [n] : try n.items() { transforms.append(try transform(item)) }
        }
        if let n = m["lookup"] { transforms.append(.lookup(try lookup(try n.string(), at: n))) }
        if !transforms.isEmpty { expr = .transformed(expr, transforms) }
        var conditions: [Condition] = []
        if let n = m["if"] { conditions.append(try condition(n)) }
        if let n = m["unless"] { conditions.append(.not(try condition(n))) }
        if !conditions.isEmpty { expr = .conditional(conditions.count == 1 ? conditions[0] : .all(conditions), expr) }
        if let n = m["default"] { expr = .first([expr, .constant(.string(try n.string()))]) }
        return expr
    }

    func condition(_ node: YAMLNode) throws(MappingError) -> Condition {
        if node.isScalar { return .present(try source(try node.nonEmptyString(), at: node)) }
        if node.isSequence {
            var all: [Condition] = []
            for item in try node.items() { all.append(.present(try source(try item.nonEmptyString(), at: item))) }
            return .all(all)
        }
        var all: [Condition] = []
        for (key, value) in try node.members() {
            let src = try source(key, at: value)
            if value.isMapping {
                let m = try value.members(allowed: ["matches", "not", "present"])
                if let p = m["present"] { all.append(try p.bool() ? .present(src) : .not(.present(src))) }
                if let re = m["matches"] { all.append(.matches(src, try regex(try re.string(), at: re))) }
                if let not = m["not"] { all.append(.not(.equals(src, Set(try not.stringList())))) }
            } else {
                all.append(.equals(src, Set(try value.stringList())))
            }
        }
        return all.count == 1 ? all[0] : .all(all)
    }

    func transform(_ node: YAMLNode) throws(MappingError) -> Transform {
        let name: String
        var argument: YAMLNode? = nil
        if node.isScalar {
            name = try node.string()
        } else {
            let members = try node.members()
            guard members.count == 1 else { throw node.error("write each transform as `name` or `name: argument`") }
            name = members[0].key
            argument = members[0].value
        }
        func arg() throws(MappingError) -> YAMLNode {
            guard let argument else { throw node.error("`\(name)` needs an argument, e.g. `\(name): ...`") }
            return argument
        }
        switch name {
        case "lowercase": return .lowercase
        case "uppercase": return .uppercase
        case "trim": return .trim
        case "html_decode": return .htmlDecode
        case "url_decode": return .urlDecode
        case "python_dict", "python_repr": return .pythonDict
        case "json", "parse_json": return .parseJSON
        case "strip_port": return .stripPort
        case "basename": return .basename
        case "split":
            let a = try arg()
            if a.isScalar { return .split(separator: try a.nonEmptyString(), index: nil) }
            let m = try a.members(allowed: ["separator", "index"])
            guard let sep = m["separator"] else { throw a.error("missing `separator`") }
            return .split(separator: try sep.nonEmptyString(), index: try m["index"]?.int())
        case "join": return .join(try arg().string())
        case "regex":
            let a = try arg()
            if a.isScalar {
                let re = try regex(try a.string(), at: a)
                return .regex(re, group: .number(re.captureGroupCount > 0 ? 1 : 0))
            }
            let m = try a.members(allowed: ["pattern", "group"])
            guard let p = m["pattern"] else { throw a.error("missing `pattern`") }
            let re = try regex(try p.string(), at: p)
            guard let g = m["group"] else { return .regex(re, group: .number(re.captureGroupCount > 0 ? 1 : 0)) }
            if let n = Int(try g.string()) {
                guard n <= re.captureGroupCount else { throw g.error("the pattern has only \(re.captureGroupCount) capture groups") }
                return .regex(re, group: .number(n))
            }
            return .regex(re, group: .name(try g.string()))
        case "replace":
            let a = try arg()
            let m = try a.members(allowed: ["pattern", "with"])
            guard let p = m["pattern"], let w = m["with"] else { throw a.error("needs `pattern` and `with`") }
            return .replace(try regex(try p.string(), at: p), with: try w.string())
        case "lookup":
            let a = try arg()
            return .lookup(try lookup(try a.string(), at: a))
        case "path":
            let a = try arg()
            return .path(try path(try a.string(), at: a))
        case "index": return .index(try arg().int())
        case "null_if": return .nullIf(Set(try arg().stringList()))
        default:
            throw node.error("unknown transform `\(name)`; one of: \(Transform.names.joined(separator: ", "))")
        }
    }

    // MARK: references

    func slot(_ column: String) -> Int {
        if let i = slots.firstIndex(of: column) { return i }
        slots.append(column)
        return slots.count - 1
    }

    func path(_ text: String, at node: YAMLNode) throws(MappingError) -> ValuePath {
        switch ValuePath.parse(text) {
        case .success(let p): return p
        case .failure(let e): throw node.error(e.reason)
        }
    }

    func regex(_ pattern: String, at node: YAMLNode) throws(MappingError) -> CompiledRegex {
        do { return try CompiledRegex(pattern) } catch { throw node.error("invalid regular expression `\(pattern)`: \(error.localizedDescription)") }
    }

    func lookup(_ name: String, at node: YAMLNode) throws(MappingError) -> LookupTable {
        guard let table = lookups[name] else {
            throw node.error("no lookup table `\(name)` under `lookups:`\(lookups.isEmpty ? "" : " (have: \(lookups.keys.sorted().joined(separator: ", ")))")")
        }
        return table
    }

    /// `@.path` (the `each` element), `$var.path` (a let variable), else a column (CSV,
    /// delimited) or a JSON path.
    func source(_ text: String, at node: YAMLNode) throws(MappingError) -> Source {
        if text.hasPrefix("@") {
            guard !input.isRowBased else { throw node.error("`@` (the current `each` element) applies to JSON inputs only") }
            var rest = text.dropFirst()
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
            return .element(try path(String(rest), at: node))
        }
        if text.hasPrefix("$") {
            let body = text.dropFirst()
            let end = body.firstIndex(where: { $0 == "." || $0 == "[" }) ?? body.endIndex
            let name = String(body[..<end])
            guard let index = variableNames.firstIndex(of: name) else {
                throw node.error("unknown variable `$\(name)`; define it under `let:` before it is used")
            }
            var rest = body[end...]
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
            return .variable(index, try path(String(rest), at: node))
        }
        if input.isRowBased {
            if input.kind == .delimited, let columns = input.columns, !columns.contains(text) {
                throw node.error("no column `\(text)` in input.columns")
            }
            return .column(slot(text))
        }
        return .path(try path(text, at: node))
    }

    func template(_ text: String, at node: YAMLNode) throws(MappingError) -> [Expr.TemplatePart] {
        var parts: [Expr.TemplatePart] = []
        var literal = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if c == "{" && next < text.endIndex && text[next] == "{" {
                literal.append("{"); i = text.index(after: next); continue
            }
            if c == "}" && next < text.endIndex && text[next] == "}" {
                literal.append("}"); i = text.index(after: next); continue
            }
            if c == "{" {
                guard let close = text[next...].firstIndex(of: "}") else { throw node.error("unclosed `{` in template") }
                let reference = String(text[next..<close]).trimmingCharactersInWhitespace()
                guard !reference.isEmpty else { throw node.error("empty `{}` in template") }
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.value(try source(reference, at: node)))
                i = text.index(after: close)
                continue
            }
            literal.append(c)
            i = next
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }
}
