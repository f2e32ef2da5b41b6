import Foundation

/// Where a format keeps a record's JSON document.
public enum DocumentKind: Sendable, Equatable {
    case raw
    case member(String)
    /// The event's `details` JSON: its member NAME (an object the plugin kept there, e.g. a CSV
    /// row's columns by name) is the document.
    case details(String)
    case csvJSON
    case none

    init?(_ text: String) {
        switch text {
        case "raw": self = .raw
        case "csv-json": self = .csvJSON
        case "none": self = .none
        default:
            if text.hasPrefix("member:"), text.count > 7 {
                self = .member(String(text.dropFirst(7)))
            } else if text.hasPrefix("details:"), text.count > 8 {
                self = .details(String(text.dropFirst(8)))
            } else {
                return nil
            }
        }
    }
}

/// Where a Sigma field's value comes from.
public enum FieldTarget: Sendable, Hashable {
    /// A dotted path into the record's JSON document.
    case path(String)
    /// A column of the `events` view.
    case column(String)
}

/// One logsource of the mapping: the Sigma logsources it serves and where their events are.
public struct LogsourceEntry: Sendable {
    public var name: String
    public var product: String
    public var services: [String]
    /// `sources.format` → document kind, in file order.
    public var formats: [(format: String, document: DocumentKind)]
    public var fields: [String: [FieldTarget]]
    /// The file the entry (or its last extension) came from.
    public var origin: String

    func serves(_ logsource: Logsource) -> Bool {
        guard logsource.product == product, logsource.category == nil else { return false }
        guard let service = logsource.service else { return true }
        return services.isEmpty || services.contains(service)
    }

    /// The targets a Sigma field resolves to: the mapping's, else the field as a document path.
    func targets(of field: String) -> [FieldTarget] { fields[field] ?? [.path(field)] }
}

/// The logsource → store mapping: the built-in file plus the user's extensions.
public struct LogsourceMapping: Sendable {
    public private(set) var entries: [LogsourceEntry]

    /// The columns of `events` a `column:` target may name.
    static let eventColumns: Set<String> = [
        "event_id", "source_id", "locator", "ts_us", "ts_raw", "timestamp_desc", "category", "operation", "action",
        "outcome", "actor", "actor_raw", "actor_type", "client_ip", "user_agent", "tenant", "resource_type", "resource",
        "resource_name", "session_id", "record_id", "dedup_key", "message", "details",
    ]

    /// The built-in mapping file's text (for `tessera detect --print-mapping`).
    public static var builtInText: String { String(decoding: PackageResources.logsources_yaml, as: UTF8.self) }

    /// The built-in mapping (`Mapping/logsources.yaml`, embedded in the binary).
    public static func builtIn() -> LogsourceMapping {
        // The embedded file is tested; a failure here is a build defect.
        try! LogsourceMapping(bytes: PackageResources.logsources_yaml, origin: "built-in")
    }

    /// The built-in mapping extended by `files`, in order.
    public static func load(extensions files: [String]) throws(DetectError) -> LogsourceMapping {
        var mapping = builtIn()
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw DetectError.unreadablePath(file, reason: "cannot read the logsource mapping file")
            }
            mapping.extend(with: try LogsourceMapping(bytes: Array(data), origin: file))
        }
        return mapping
    }

    init(bytes: [UInt8], origin: String) throws(DetectError) {
        let root: RuleYAML
        do { root = try RuleYAML.parse(bytes) } catch { throw DetectError.badMapping(path: origin, reason: error.reason) }
        func fail(_ reason: String) -> DetectError { .badMapping(path: origin, reason: reason) }
        guard case .list(let items)? = root["logsources"] else { throw fail("expected a top-level `logsources:` list") }
        var entries: [LogsourceEntry] = []
        for (index, item) in items.enumerated() {
            guard case .map(let members) = item else { throw fail("logsources[\(index)]: expected a mapping") }
            for (key, _) in members where !["name", "product", "services", "formats", "fields"].contains(key) {
                throw fail("logsources[\(index)]: unknown key `\(key)`; expected name, product, services, formats, fields")
            }
            guard let name = item["name"]?.scalarText, !name.isEmpty else { throw fail("logsources[\(index)]: no `name`") }
            var entry = LogsourceEntry(
                name: name, product: item["product"]?.scalarText?.lowercased() ?? "",
                services: [], formats: [], fields: [:], origin: origin)
            if case .list(let services)? = item["services"] { entry.services = services.compactMap { $0.scalarText?.lowercased() } }
            if case .map(let formats)? = item["formats"] {
                for (format, kind) in formats {
                    guard let text = kind.scalarText, let document = DocumentKind(text) else {
                        throw fail("\(name).formats.\(format): document must be raw, member:NAME, details:NAME, csv-json or none")
                    }
                    entry.formats.append((format, document))
                }
            }
            if case .map(let fields)? = item["fields"] {
                for (field, value) in fields {
                    let texts: [String]
                    switch value {
                    case .list(let list): texts = list.compactMap(\.scalarText)
                    default: texts = value.scalarText.map { [$0] } ?? []
                    }
                    guard !texts.isEmpty else { throw fail("\(name).fields.\(field): expected a path or a list of paths") }
                    var targets: [FieldTarget] = []
                    for text in texts {
                        if text.hasPrefix("column:") {
                            let column = String(text.dropFirst(7))
                            guard Self.eventColumns.contains(column) else {
                                throw fail("\(name).fields.\(field): `\(column)` is not a column of events")
                            }
                            targets.append(.column(column))
                        } else {
                            guard !text.isEmpty, !text.contains("'") else { throw fail("\(name).fields.\(field): bad path '\(text)'") }
                            targets.append(.path(text))
                        }
                    }
                    entry.fields[field] = targets
                }
            }
            entries.append(entry)
        }
        self.entries = entries
    }

    mutating func extend(with other: LogsourceMapping) {
        for entry in other.entries {
            guard let index = entries.firstIndex(where: { $0.name == entry.name }) else { entries.append(entry); continue }
            var merged = entries[index]
            if !entry.product.isEmpty { merged.product = entry.product }
            if !entry.services.isEmpty { merged.services = entry.services }
            for (format, document) in entry.formats {
                merged.formats.removeAll { $0.format == format }
                merged.formats.append((format, document))
            }
            merged.fields.merge(entry.fields) { $1 }
            merged.origin = entry.origin
            entries[index] = merged
        }
    }

    /// The entry that serves a rule's logsource, if any.
    public func entry(for logsource: Logsource) -> LogsourceEntry? {
        entries.first { $0.serves(logsource) }
    }
}
