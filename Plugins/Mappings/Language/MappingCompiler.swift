import Foundation
import TesseraSDK

/// Compiles a mapping file (YAML) into a ``CompiledMapping``, checking every key and value so
/// that mistakes surface at load time with file, line and key, never per record.
final class MappingCompiler {
    private let file: String
    private var input = InputSpec(kind: .json)
    private var slots: [String] = []
    private var variableNames: [String] = []
    private var lookups: [String: LookupTable] = [:]

    static let topLevelKeys = ["mapping", "version", "description", "format", "input", "detect", "lookups", "let",
                               "each", "fields", "dedup"]

    init(file: String) {
        self.file = file
    }

    static func compile(text: String, file: String, origin: String) throws(MappingError) -> CompiledMapping {
        try MappingCompiler(file: file).compile(try YAMLNode.parse(text, file: file), origin: origin)
    }

    func compile(_ root: YAMLNode, origin: String) throws(MappingError) -> CompiledMapping {
        let top = try root.members(allowed: Self.topLevelKeys)
        func required(_ key: String) throws(MappingError) -> YAMLNode {
            guard let node = top[key] else {
                throw MappingError(file: file, line: root.line, key: key, reason: "missing; every mapping needs \(key)")
            }
            return node
        }
        let nameNode = try required("mapping")
        let name = try nameNode.nonEmptyString()
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
            throw nameNode.error("`\(name)` may only hold letters, digits, '-', '_' and '.' (it becomes the plugin name mapping:\(name))")
        }
        let version = try top["version"]?.nonEmptyString() ?? "1"
        let summary = try top["description"]?.nonEmptyString() ?? name
        let format = try top["format"]?.nonEmptyString() ?? name

        input = try compileInput(try required("input"))
        if let lookupNode = top["lookups"] { try compileLookups(lookupNode) }

        var variables: [(String, Expr)] = []
        if let letNode = top["let"] {
            for (key, value) in try letNode.members() {
                guard !variableNames.contains(key) else { throw value.error("variable `\(key)` is defined twice") }
                let expr = try expression(value)
                variableNames.append(key)
                variables.append((key, expr))
            }
        }

        let detect = try compileDetect(try required("detect"))
        var event = try compileFields(try required("fields"))
        if let eachNode = top["each"] {
            guard !input.isRowBased else { throw eachNode.error("`each` applies to JSON inputs only") }
            let text = try eachNode.nonEmptyString()
            event.each = try path(text, at: eachNode)
            event.eachText = text
        }

        var dedupPrefix = name
        var dedupKey: Expr? = nil
        if let dedupNode = top["dedup"] {
            let members = try dedupNode.members(allowed: ["prefix", "key"])
            if let prefix = members["prefix"] { dedupPrefix = try prefix.nonEmptyString() }
            if let key = members["key"] { dedupKey = try expression(key) }
        }

        return CompiledMapping(name: name, version: version, summary: summary, format: format, origin: origin,
                               input: input, detect: detect, slots: slots, variables: variables, event: event,
                               dedupPrefix: dedupPrefix, dedupKey: dedupKey)
    }

    // MARK: input

    private func singleByte(_ node: YAMLNode) throws(MappingError) -> UInt8 {
        let text = try node.string()
        let resolved = text == "\\t" || text.lowercased() == "tab" ? "\t" : (text.lowercased() == "space" ? " " : text)
        guard resolved.utf8.count == 1, let byte = resolved.utf8.first else {
            throw node.error("must be a single ASCII character (or `tab`, `space`), not `\(text)`")
        }
        return byte
    }

    private func compileInput(_ node: YAMLNode) throws(MappingError) -> InputSpec {
        let m = try node.members(allowed: ["kind", "records", "delimiter", "quote", "header", "columns", "skip_lines",
                                           "comment", "quotes", "brackets", "null_values", "min_fields", "max_record_bytes"])
        guard let kindNode = m["kind"] else { throw node.error("missing `kind`; one of: \(InputSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))") }
        guard let kind = InputSpec.Kind(rawValue: try kindNode.string()) else {
            throw kindNode.error("unknown input kind `\(try kindNode.string())`; one of: \(InputSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var spec = InputSpec(kind: kind)
        let allowedByKind: [InputSpec.Kind: Set<String>] = [
            .csv: ["delimiter", "quote", "header", "columns", "skip_lines", "comment", "null_values", "max_record_bytes"],
            .json: ["records", "max_record_bytes"],
            .jsonArray: ["max_record_bytes"],
            .jsonRecords: ["records", "max_record_bytes"],
            .jsonLines: ["skip_lines", "comment", "max_record_bytes"],
            .delimited: ["delimiter", "quotes", "brackets", "columns", "skip_lines", "comment", "null_values", "min_fields", "max_record_bytes"],
        ]
        for (key, value) in m where key != "kind" && !(allowedByKind[kind]?.contains(key) ?? false) {
            throw value.error("`\(key)` does not apply to input kind \(kind.rawValue)")
        }
        if let n = m["records"] {
            spec.recordsKeys = try n.stringList()
            guard !spec.recordsKeys.isEmpty, !spec.recordsKeys.contains("") else { throw n.error("name the member(s) holding the records array") }
        }
        if kind == .jsonRecords && spec.recordsKeys.isEmpty {
            throw node.error("input kind json-records needs `records:` (the member holding the array, e.g. Records)")
        }
        if kind == .delimited { spec.delimiter = UInt8(ascii: " ") }
        if let n = m["delimiter"] { spec.delimiter = try singleByte(n) }
        if let n = m["quote"] { spec.quote = try singleByte(n) }
        if let n = m["header"] { spec.header = try n.bool() }
        if let n = m["columns"] {
            let columns = try n.stringList()
            guard !columns.isEmpty else { throw n.error("must list at least one column") }
            if let dup = Dictionary(grouping: columns, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
                throw n.error("column `\(dup)` is listed twice")
            }
            spec.columns = columns
            if kind == .csv { spec.header = m["header"] != nil ? spec.header : false }
        }
        if kind == .delimited && spec.columns == nil { throw node.error("input kind delimited needs `columns:` (the field names in order)") }
        if kind == .csv && !spec.header && spec.columns == nil { throw node.error("a CSV without a header row needs `columns:`") }
        if let n = m["skip_lines"] {
            spec.skipLines = try n.int()
            guard (0...10_000).contains(spec.skipLines) else { throw n.error("must be between 0 and 10000") }
        }
        if let n = m["comment"] { spec.comment = try n.nonEmptyString() }
        if let n = m["quotes"] {
            spec.quotes = []
            for text in try n.stringList() {
                guard text.utf8.count == 1 else { throw n.error("each quote must be one character, not `\(text)`") }
                spec.quotes.append(text.utf8.first!)
            }
        }
        if let n = m["brackets"] {
            for text in try n.stringList() {
                let bytes = Array(text.utf8)
                guard bytes.count == 2 else { throw n.error("each bracket pair is two characters like \"[]\", not `\(text)`") }
                spec.brackets.append((bytes[0], bytes[1]))
            }
        }
        if let n = m["null_values"] { spec.nullValues = Set(try n.stringList()) }
        if let n = m["min_fields"] {
            spec.minFields = try n.int()
            guard spec.minFields >= 1 else { throw n.error("must be at least 1") }
        }
        if let n = m["max_record_bytes"] {
            spec.maxRecordBytes = try n.int()
            guard (1024...(1 << 30)).contains(spec.maxRecordBytes) else { throw n.error("must be between 1024 and 1073741824") }
        }
        if kind == .delimited, let columns = spec.columns {
            // Positional columns: bind every listed name to its position now.
            for column in columns { _ = slot(column) }
        }
        return spec
    }

    // MARK: lookups

    private func compileLookups(_ node: YAMLNode) throws(MappingError) {
        for (name, table) in try node.members() {
            var entries: [String: String] = [:]
            var ignoreCase = false
            var fallback: String? = nil
            let members = try table.members()
            let isOptionsForm = members.contains(where: { $0.key == "map" && $0.value.isMapping })
            if isOptionsForm {
                let options = try table.members(allowed: ["map", "ignore_case", "default"])
                if let n = options["ignore_case"] { ignoreCase = try n.bool() }
                if let n = options["default"] { fallback = try n.string() }
                for (key, value) in try options["map"]!.members() {
                    let k = ignoreCase ? key.lowercased() : key
                    guard entries[k] == nil else { throw value.error("`\(key)` appears twice in lookup `\(name)`") }
                    entries[k] = try value.string()
                }
            } else {
                for (key, value) in members { entries[key] = try value.string() }
            }
            lookups[name] = LookupTable(name: name, entries: entries, ignoreCase: ignoreCase, fallback: fallback)
        }
    }

    // MARK: detect

    private func compileDetect(_ node: YAMLNode) throws(MappingError) -> DetectSpec {
        let m = try node.members(allowed: ["columns", "keys", "values", "line", "file_name"])
        var spec = DetectSpec()
        if let n = m["columns"] {
            guard input.kind == .csv else { throw n.error("`columns` detection applies to CSV inputs; use `keys` for JSON or `line` for delimited logs") }
            spec.columns = try n.stringList()
        }
        if let n = m["keys"] {
            guard !input.isRowBased else { throw n.error("`keys` detection applies to JSON inputs; use `columns` for CSV") }
            for (i, text) in try n.stringList().enumerated() {
                spec.keys.append((text, try path(text, at: YAMLNode(node: n.node, file: file, path: "\(n.path)[\(i)]"))))
            }
        }
        if let n = m["values"] {
            for (key, value) in try n.members() {
                let source = try source(key, at: value)
                spec.values.append((key, source, try regex(try value.string(), at: value)))
            }
        }
        if let n = m["line"] { spec.line = try regex(try n.string(), at: n) }
        if let n = m["file_name"] { spec.fileName = try regex(try n.string(), at: n) }
        if spec.columns.isEmpty && spec.keys.isEmpty && spec.line == nil {
            throw node.error("must name required `columns` (CSV), `keys` (JSON) or a `line` pattern, so that auto-detection is specific")
        }
        return spec
    }

    // MARK: fields

    private func compileFields(_ node: YAMLNode) throws(MappingError) -> EventSpec {
        let m = try node.members(allowed: EventSpec.fieldNames)
        guard let timeNode = m["time"] else { throw node.error("missing `time`; every event needs a timestamp") }
        guard let operationNode = m["operation"] else { throw node.error("missing `operation` (the vendor's own operation name)") }
        var spec = EventSpec(time: try compileTime(timeNode), operation: try expression(operationNode))
        func optional(_ key: String) throws(MappingError) -> Expr? {
            guard let n = m[key] else { return nil }
            return try expression(n)
        }
        spec.action = try optional("action")
        spec.category = try optional("category")
        spec.outcome = try optional("outcome")
        spec.actor = try optional("actor")
        spec.actorType = try optional("actor_type")
        spec.clientIP = try optional("client_ip")
        spec.userAgent = try optional("user_agent")
        spec.tenant = try optional("tenant")
        spec.resourceType = try optional("resource_type")
        spec.resource = try optional("resource")
        spec.resourceName = try optional("resource_name")
        spec.sessionID = try optional("session_id")
        spec.recordID = try optional("record_id")
        spec.message = try optional("message")
        if let n = m["details"] {
            for (key, value) in try n.members() { spec.details.append((key, try expression(value))) }
        }
        if let actionNode = m["action"], let action = spec.action {
            for value in Self.constants(of: action) where !Vocabulary.actions.contains(value) {
                throw actionNode.error("`\(value)` is not one of Tessera's actions (\(Vocabulary.actions.sorted().joined(separator: ", ")))")
            }
        }
        if let outcomeNode = m["outcome"], let outcome = spec.outcome {
            for value in Self.constants(of: outcome) where value != "success" && value != "failure" {
                throw outcomeNode.error("`\(value)` is not an outcome; use success or failure")
            }
        }
        return spec
    }

    /// Every constant an expression can produce (constants and lookup-table values).
    static func constants(of expr: Expr) -> [String] {
        switch expr {
        case .constant(let v): return v.stringValue.map { [$0] } ?? []
        case .first(let options): return options.flatMap(constants(of:))
        case .conditional(_, let inner): return constants(of: inner)
        case .transformed(let inner, let transforms):
            if case .lookup(let table)? = transforms.last { return table.outputs }
            if transforms.isEmpty { return constants(of: inner) }
            return []
        case .source, .template: return []
        }
    }

    private func compileTime(_ node: YAMLNode) throws(MappingError) -> TimeSpec {
        if !node.isMapping {
            return TimeSpec(value: try expression(node), formats: [.iso8601], zone: .source, description: "Event Time")
        }
        let m = try node.members(allowed: Self.expressionKeys + ["formats", "zone", "description"])
        var valueMembers = m
        valueMembers.removeValue(forKey: "formats")
        valueMembers.removeValue(forKey: "zone")
        valueMembers.removeValue(forKey: "description")
        let value = try expression(node, members: valueMembers)
        var formats: [TimeFormat] = [.iso8601]
        if let n = m["formats"] {
            formats = []
            let items = n.isScalar ? [n] : try n.items()
            for item in items {
                do {
                    formats.append(try TimeFormat.named(try item.string()))
                } catch let e as PatternSyntaxError {
                    throw item.error(e.reason)
                } catch {
                    throw item.error("\(error)")
                }
            }
            guard !formats.isEmpty else { throw n.error("list at least one format") }
        }
        var zone = ZoneRule.source
        if let n = m["zone"] {
            let text = try n.string()
            switch text.lowercased() {
            case "source", "source-tz", "source_tz": zone = .source
            case "value": zone = .valueOnly
            default:
                guard let tz = Timestamp.zone(named: text) else {
                    throw n.error("unknown zone `\(text)`; use `source` (--source-tz), `value` (offset required), UTC, +05:30 or an IANA name like America/New_York")
                }
                zone = .fixed(tz, name: text)
            }
        }
        let description = try m["description"]?.nonEmptyString() ?? "Event Time"
        return TimeSpec(value: value, formats: formats, zone: zone, description: description)
    }

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

    private func expression(_ node: YAMLNode, members m: [String: YAMLNode]) throws(MappingError) -> Expr {
        let bases = ["from", "const", "template", "first"].filter { m[$0] != nil }
        guard bases.count == 1 else {
            throw node.error(bases.isEmpty ? "needs one of `from`, `const`, `template` or `first`"
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

    private func condition(_ node: YAMLNode) throws(MappingError) -> Condition {
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

    private func transform(_ node: YAMLNode) throws(MappingError) -> Transform {
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

    private func slot(_ column: String) -> Int {
        if let i = slots.firstIndex(of: column) { return i }
        slots.append(column)
        return slots.count - 1
    }

    private func path(_ text: String, at node: YAMLNode) throws(MappingError) -> ValuePath {
        switch ValuePath.parse(text) {
        case .success(let p): return p
        case .failure(let e): throw node.error(e.reason)
        }
    }

    private func regex(_ pattern: String, at node: YAMLNode) throws(MappingError) -> CompiledRegex {
        do { return try CompiledRegex(pattern) } catch { throw node.error("invalid regular expression `\(pattern)`: \(error.localizedDescription)") }
    }

    private func lookup(_ name: String, at node: YAMLNode) throws(MappingError) -> LookupTable {
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

    private func template(_ text: String, at node: YAMLNode) throws(MappingError) -> [Expr.TemplatePart] {
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

/// Tessera's shared vocabulary as sets, for checking mapping files.
enum Vocabulary {
    static let actions: Set<String> = [
        EventAction.read, EventAction.preview, EventAction.download, EventAction.upload, EventAction.create,
        EventAction.modify, EventAction.rename, EventAction.move, EventAction.copy, EventAction.delete,
        EventAction.list, EventAction.search, EventAction.send, EventAction.share, EventAction.export,
        EventAction.permissionGrant, EventAction.permissionRevoke, EventAction.forwardingRule, EventAction.inboxRule,
        EventAction.passwordReset, EventAction.credentialChange, EventAction.roleChange, EventAction.configChange,
        EventAction.signIn, EventAction.signInFailed, EventAction.sessionStart, EventAction.sessionEnd,
        EventAction.lockboxRequest, EventAction.other,
    ]
}
