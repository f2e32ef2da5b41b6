import Foundation
import TesseraSDK

/// Compiles a mapping file (YAML) into a ``CompiledMapping``, checking every key and value so
/// that mistakes surface at load time with file, line and key, never per record.
final class MappingCompiler {
    let file: String
    var input = InputSpec(kind: .json)
    var slots: [String] = []
    var variableNames: [String] = []
    var lookups: [String: LookupTable] = [:]

    static let topLevelKeys = [
        "mapping", "version", "description", "format", "input", "detect", "lookups", "let",
        "each", "fields", "dedup",
    ]

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

        return CompiledMapping(
            name: name, version: version, summary: summary, format: format, origin: origin,
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
        let m = try node.members(allowed: [
            "kind", "records", "delimiter", "quote", "header", "columns", "skip_lines",
            "comment", "quotes", "brackets", "null_values", "min_fields", "max_record_bytes",
        ])
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
        if kind == .csv {
            // The CSV reader frames records at line breaks and tells fields from quoted text.
            for (key, byte) in [("delimiter", spec.delimiter), ("quote", spec.quote)] where CSVReader.isLineBreak(byte) {
                throw (m[key] ?? node).error("a line break cannot be the CSV \(key)")
            }
            if spec.delimiter == spec.quote { throw (m["quote"] ?? node).error("the CSV quote must differ from its delimiter") }
        }
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
                    throw n.error(
                        "unknown zone `\(text)`; use `source` (--source-tz), `value` (offset required), UTC, +05:30 or an IANA name like America/New_York")
                }
                zone = .fixed(tz, name: text)
            }
        }
        let description = try m["description"]?.nonEmptyString() ?? "Event Time"
        return TimeSpec(value: value, formats: formats, zone: zone, description: description)
    }
}
