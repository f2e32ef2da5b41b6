/// One Sigma rule as Tessera evaluates it.
public struct SigmaRule: Sendable {
    /// The rule's `id` (a UUID in SigmaHQ rules); the file's relative path when it has none.
    public var id: String
    public var title: String
    /// `informational`, `low`, `medium`, `high` or `critical` (lower-cased); empty when absent.
    public var level: String
    /// `stable`, `test`, `experimental`, `deprecated`, `unsupported`; empty when absent.
    public var status: String
    public var tags: [String]
    public var logsource: Logsource
    /// The file, relative to the `--rules` path it was found under (the path itself for a file).
    public var relativePath: String
    /// The file as given or found (for messages).
    public var path: String
    /// SHA-256 of the file's bytes, lower-case hex.
    public var sha256: String
    var detection: Detection?
    /// Why the rule cannot be evaluated (a construct Tessera does not support); nil when it can.
    public var unsupported: String?
}

/// A rule's `logsource` section (lower-cased).
public struct Logsource: Sendable, Hashable {
    public var product: String?
    public var service: String?
    public var category: String?

    public var description: String {
        [product.map { "product: \($0)" }, service.map { "service: \($0)" }, category.map { "category: \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
    }
}

/// The `detection` section: named searches and the condition combining them.
struct Detection: Sendable {
    var searches: [String: Search]
    /// Search names in file order (for wildcard expansion in a stable order).
    var order: [String]
    var condition: Condition
}

/// A named search.
indirect enum Search: Sendable {
    /// A map: every item must match.
    case all([FieldItem])
    /// A list of maps: one must match.
    case any([Search])
    /// A list of plain values matched anywhere in the record (keywords).
    case keywords([SigmaValue], modifiers: [Modifier])
}

/// `field|modifier|...: value(s)`.
struct FieldItem: Sendable {
    var field: String
    var modifiers: [Modifier]
    /// Several values are alternatives (or all required with `all`).
    var values: [SigmaValue]
}

enum SigmaValue: Sendable, Equatable {
    case string(SigmaString)
    case number(String)
    case bool(Bool)
    case null
}

enum Modifier: String, Sendable, CaseIterable {
    case contains, startswith, endswith, all, re, i, m, s, cidr, exists, cased
    case gt, gte, lt, lte, base64, base64offset, windash, fieldref
    case wide, utf16le, utf16be, utf16, expand
}

/// The condition, after parsing.
indirect enum Condition: Sendable {
    case search(String)
    case not(Condition)
    case and([Condition])
    case or([Condition])
    /// `1 of pattern` / `all of pattern` (`them` is the pattern `*`).
    case quantified(all: Bool, pattern: String)
}
