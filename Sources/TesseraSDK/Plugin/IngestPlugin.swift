import Foundation

/// An ingest plugin: one evidence format family. It receives bytes and a sink and emits
/// normalized records and rejects. It never touches the store.
///
/// Adding a format means adding a folder under `Plugins/`, one line in the registry
/// (`TesseraIngest/PluginRegistry.swift`) and its samples and tests.
public protocol IngestPlugin: Sendable {
    /// Name, version, formats and a one-line description.
    var descriptor: PluginDescriptor { get }

    /// Looks at the head of a file and says whether this plugin reads it.
    /// - Returns: the name of the recognized format, or nil when the file is not for this plugin.
    ///   Claims must be specific: two plugins of the same ``PluginDescriptor/precedence`` claiming
    ///   one file is an error the analyst must resolve; a claim of higher precedence wins.
    func detect(_ head: SniffedHead) -> String?

    /// Reads the whole input, emitting every record to `sink`, one at a time.
    ///
    /// Per-record problems become ``Reject``s; throw only when the file as a whole cannot be
    /// read (the pipeline then stores nothing of it and reports the error).
    func ingest(_ input: EvidenceInput, context: IngestContext, sink: any EventSink) throws
}

/// What a plugin is, for `tessera plugins` and for the `sources` table.
public struct PluginDescriptor: Sendable, Equatable {
    /// Stable name used with `--plugin` and stored in `sources.plugin`.
    public var name: String
    /// Stored in `sources.plugin_version`; bump when the mapping changes.
    public var version: String
    /// The formats it reads, for `tessera plugins`.
    public var formats: [String]
    /// One line for `tessera plugins`.
    public var summary: String
    /// Whose claim wins when plugins of different kinds recognize one file.
    public var precedence: DetectionPrecedence

    public init(
        name: String, version: String, formats: [String], summary: String,
        precedence: DetectionPrecedence = .compiled
    ) {
        self.name = name
        self.version = version
        self.formats = formats
        self.summary = summary
        self.precedence = precedence
    }
}

/// Which claim wins when several plugins recognize one file during auto-detection: only the
/// claims of the highest precedence count, and two of those are still ambiguous. So a
/// declarative mapping, however loose its `detect:`, never takes a file from a plugin written
/// for that format, and a new compiled plugin needs no change anywhere else to keep its files.
/// (`--plugin NAME` skips detection altogether.)
public enum DetectionPrecedence: Int, Comparable, Sendable, CustomStringConvertible {
    /// Declarative mappings (`mapping:NAME`): they read what no compiled plugin claims.
    case mapping = 0
    /// Plugins written in Swift for one format family (the default).
    case compiled = 1

    public static func < (lhs: DetectionPrecedence, rhs: DetectionPrecedence) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .mapping: return "mapping"
        case .compiled: return "compiled"
        }
    }
}

/// The beginning of a file, decompressed and decoded, for detection.
public struct SniffedHead: Sendable {
    /// The file's name (last path component, without a trailing `.gz`).
    public var fileName: String
    /// The first bytes after decompression (up to 64 KiB), undecoded.
    public var bytes: [UInt8]
    /// The same bytes decoded to text (BOM removed, UTF-16 transcoded; invalid sequences replaced).
    public var text: String

    public init(fileName: String, bytes: [UInt8]) {
        self.fileName = fileName
        self.bytes = bytes
        let source = UTF8TextSource(MemoryByteSource(bytes))
        var decoded: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while let n = try? chunk.withUnsafeMutableBytes({ try source.read(into: $0) }), n > 0 {
            decoded.append(contentsOf: chunk[0..<n])
        }
        self.text = String(decoding: decoded, as: UTF8.self)
    }

    /// The first line of ``text`` that is not blank, without its line break.
    public var firstLine: Substring {
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        return lines.first(where: { !$0.allSatisfy(\.isWhitespace) }) ?? ""
    }
}

/// Settings of one ingest run that plugins must honour.
public struct IngestContext: Sendable {
    /// The path shown to analysts in errors and rejects.
    public var displayPath: String
    /// The zone for timestamps without an offset (`--source-tz`); nil means such timestamps
    /// are rejected (or, where a format defines its naive times as UTC, read as UTC).
    public var sourceTimeZone: TimeZone?

    public init(displayPath: String, sourceTimeZone: TimeZone? = nil) {
        self.displayPath = displayPath
        self.sourceTimeZone = sourceTimeZone
    }
}

/// Where a plugin sends what it reads.
public protocol EventSink: AnyObject {
    /// A record that parsed. The sink decides whether it is new or a duplicate.
    func accept(_ record: SourceRecord) throws
    /// A record that could not be parsed or mapped; kept raw.
    func reject(_ reject: Reject) throws
    /// Something the analyst should know about the file as a whole (e.g. a probably truncated export).
    func warn(_ message: String)
}

/// A fatal problem with a whole evidence file, thrown by a plugin.
public struct EvidenceError: Error, CustomStringConvertible, Sendable {
    public var locator: String
    public var reason: String

    public init(locator: String, reason: String) {
        self.locator = locator
        self.reason = reason
    }

    public var description: String { "\(locator): \(reason)" }
}
