import TesseraSDK

/// Where a value is read from in one record.
enum Source: Sendable {
    /// A path from the JSON record's root.
    case path(ValuePath)
    /// A column of a CSV or delimited record (index into the mapping's slot table).
    case column(Int)
    /// A path from the current element of the `each` array (`@.name`, `@`).
    case element(ValuePath)
    /// A path into a `let` variable (`$name`, `$name.a.b`).
    case variable(Int, ValuePath)
}

/// A compiled value expression: a field, a constant, a template, a first-of list, a
/// condition, transforms. Evaluated per record; nil means "no value".
indirect enum Expr: Sendable {
    case source(Source)
    case constant(JSONValue)
    case template([TemplatePart])
    case first([Expr])
    case conditional(Condition, Expr)
    case transformed(Expr, [Transform])

    enum TemplatePart: Sendable {
        case literal(String)
        case value(Source)
    }
}

/// A test on a record, for `if:` / `unless:`.
indirect enum Condition: Sendable {
    case present(Source)
    case equals(Source, Set<String>)
    case matches(Source, CompiledRegex)
    case all([Condition])
    case not(Condition)
}

/// The record being mapped, as seen by expressions.
struct Scope {
    var json: JSONValue?
    var row: [String]?
    /// Slot -> column index in `row` (-1 when the file has no such column).
    var columnOfSlot: [Int]
    var nullValues: Set<String>
    var element: JSONValue?
    var variables: [JSONValue?]
    /// Memo of repeated costly steps for the file being read; nil during detection.
    var cache: EvaluationCache? = nil

    func read(_ source: Source) -> JSONValue? {
        let value: JSONValue?
        switch source {
        case .path(let path):
            guard let json else { return nil }
            value = path.resolve(in: json)
        case .column(let slot):
            guard let row else { return nil }
            let index = columnOfSlot[slot]
            guard index >= 0, index < row.count else { return nil }
            let text = row[index]
            if text.isEmpty || nullValues.contains(text) { return nil }
            return .string(text)
        case .element(let path):
            guard let element else { return nil }
            value = path.resolve(in: element)
        case .variable(let slot, let path):
            guard slot < variables.count, let base = variables[slot] else { return nil }
            value = path.resolve(in: base)
        }
        return Self.present(value)
    }

    /// Null, empty strings and input-level null markers count as absent.
    static func present(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case .none, .some(.null): return nil
        case .some(.string(let s)) where s.isEmpty: return nil
        default: return value
        }
    }

    func evaluate(_ expr: Expr) -> JSONValue? {
        switch expr {
        case .source(let source):
            return read(source)
        case .constant(let value):
            return value
        case .template(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .literal(let s): text += s
                case .value(let source):
                    guard let value = read(source) else { return nil }
                    text += Self.text(of: value)
                }
            }
            return .string(text)
        case .first(let options):
            for option in options {
                if let value = Self.present(evaluate(option)) { return value }
            }
            return nil
        case .conditional(let condition, let inner):
            return test(condition) ? evaluate(inner) : nil
        case .transformed(let inner, let transforms):
            guard var value = evaluate(inner) else { return nil }
            for transform in transforms {
                guard let next = Self.present(transform.apply(value)) else { return nil }
                value = next
            }
            return value
        }
    }

    func test(_ condition: Condition) -> Bool {
        switch condition {
        case .present(let source): return read(source) != nil
        case .equals(let source, let wanted):
            guard let value = read(source) else { return false }
            return wanted.contains(Self.text(of: value))
        case .matches(let source, let regex):
            guard let value = read(source) else { return false }
            let text = Self.text(of: value)
            if let cache { return cache.matches(regex, text) }
            return regex.firstMatch(text) != nil
        case .all(let conditions): return conditions.allSatisfy(test)
        case .not(let inner): return !test(inner)
        }
    }

    /// A value as text: strings as they are, numbers and booleans as written, arrays of
    /// scalars joined with ", ", objects and nested arrays as compact JSON.
    static func text(of value: JSONValue) -> String {
        if let s = value.stringValue { return s }
        if case .array(let items) = value, items.allSatisfy({ $0.stringValue != nil }) {
            return items.compactMap(\.stringValue).joined(separator: ", ")
        }
        if value == .null { return "" }
        return JSONWriter.string(value)
    }
}
