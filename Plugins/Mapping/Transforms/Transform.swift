import TesseraSDK

/// One step of a field's `transforms:` list, compiled once.
enum Transform: Sendable {
    case lowercase
    case uppercase
    case trim
    case htmlDecode
    case urlDecode
    case pythonDict
    case parseJSON
    case stripPort
    case basename
    case split(separator: String, index: Int?)
    case join(String)
    case regex(CompiledRegex, group: RegexGroup)
    case replace(CompiledRegex, with: String)
    case lookup(LookupTable)
    case path(ValuePath)
    case index(Int)
    case nullIf(Set<String>)

    enum RegexGroup: Sendable {
        case number(Int)
        case name(String)
    }

    /// The names accepted in mapping files, for error messages and docs.
    static let names = [
        "lowercase", "uppercase", "trim", "html_decode", "url_decode", "python_dict", "json",
        "strip_port", "basename", "split", "join", "regex", "replace", "lookup", "path", "index", "null_if",
    ]

    func apply(_ value: JSONValue) -> JSONValue? {
        switch self {
        case .lowercase: return .string(Scope.text(of: value).lowercased())
        case .uppercase: return .string(Scope.text(of: value).uppercased())
        case .trim: return .string(Scope.text(of: value).trimmingCharactersInWhitespace())
        case .htmlDecode: return .string(HTMLEntities.decode(Scope.text(of: value)))
        case .urlDecode: return .string(PercentDecoding.decode(Scope.text(of: value)))
        case .pythonDict:
            if case .object = value { return value }
            return PythonLiteral.parse(Scope.text(of: value))
        case .parseJSON:
            if case .object = value { return value }
            if case .array = value { return value }
            return try? JSONParser.parse(Scope.text(of: value))
        case .stripPort:
            let text = Scope.text(of: value)
            return .string(IPAddress.normalize(text) ?? text)
        case .basename:
            let text = Scope.text(of: value)
            let trimmed = text.hasSuffix("/") ? text.dropLast() : text[...]
            guard let slash = trimmed.lastIndex(of: "/") else { return .string(String(trimmed)) }
            return .string(String(trimmed[trimmed.index(after: slash)...]))
        case .split(let separator, let index):
            let parts = Scope.text(of: value).splitting(on: separator)
            if let index {
                let i = index < 0 ? parts.count + index : index
                guard i >= 0, i < parts.count else { return nil }
                return .string(parts[i])
            }
            return .array(parts.map(JSONValue.string))
        case .join(let separator):
            guard case .array(let items) = value else { return value }
            return .string(items.map(Scope.text(of:)).joined(separator: separator))
        case .regex(let regex, let group):
            let text = Scope.text(of: value)
            switch group {
            case .number(let n):
                guard let groups = regex.firstMatch(text), n < groups.count, let hit = groups[n] else { return nil }
                return .string(hit)
            case .name(let name):
                return regex.namedGroup(name, in: text).map(JSONValue.string)
            }
        case .replace(let regex, let template):
            return .string(regex.replacingMatches(in: Scope.text(of: value), with: template))
        case .lookup(let table):
            return table.look(Scope.text(of: value)).map(JSONValue.string)
        case .path(let path):
            return path.resolve(in: value)
        case .index(let n):
            guard case .array(let items) = value else { return n == 0 || n == -1 ? value : nil }
            let i = n < 0 ? items.count + n : n
            return i >= 0 && i < items.count ? items[i] : nil
        case .nullIf(let markers):
            return markers.contains(Scope.text(of: value)) ? nil : value
        }
    }
}

extension String {
    func splitting(on separator: String) -> [String] {
        guard !separator.isEmpty else { return [self] }
        var parts: [String] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
