import Foundation
import TesseraSDK
import TesseraStore

/// The output of `tessera normalize` (and of the Spark job built on it): JSON Lines of exactly
/// what `tessera ingest` would store, plus one manifest per evidence file. See docs/scale-out.md.
///
/// A directory holds `tessera-normalized.json` (``DirectoryManifest``) and `data/part-*` files of
/// lines. Every line starts with `{"normalized":1,"type":"...","src":N,` where `src` is the
/// source's position in the manifest; a source's lines are contiguous and in record order
/// (`seq`), and sources come in `src` order across the part files taken in name order.
public enum NormalizedFormat {
    public static let version = 1
    /// The directory manifest's file name.
    public static let manifestName = "tessera-normalized.json"
    /// The subdirectory of the line files.
    public static let dataDirectory = "data"
    /// The start of every line (and so of every non-empty data file).
    public static let linePrefix = Array("{\"normalized\":1,".utf8)
}

/// What normalize read in one evidence file: its provenance and its counts, which add up
/// (`records_read = records_stored + duplicates + rejects`, duplicates within the file).
public struct SourceManifest: Sendable, Equatable {
    public var src: Int
    /// The evidence file's provenance, as a local ingest records it in `sources`.
    public var info: SourceInfo
    public var counts: SourceCounts
    public var warnings: [String]
    /// Records and events a keep-rule kept (`tessera normalize --keep`); nil when not pruned.
    public var kept: (records: Int, events: Int)?

    public static func == (a: SourceManifest, b: SourceManifest) -> Bool {
        a.json == b.json
    }

    public init(src: Int, info: SourceInfo, counts: SourceCounts, warnings: [String]) {
        self.src = src
        self.info = info
        self.counts = counts
        self.warnings = warnings
    }

    /// The manifest as a JSON object (also the `type: source` line of `--output -`).
    public var json: JSONObject {
        func n(_ v: Int) -> JSONValue { .number(String(v)) }
        return JSONObject(
            [
                ("normalized", .number("1")), ("type", .string("source")), ("src", n(src)),
                ("path", .string(info.path)), ("sha256", .string(info.sha256)), ("size_bytes", .number(String(info.sizeBytes))),
                ("plugin", .string(info.plugin)), ("plugin_version", .string(info.pluginVersion)),
                ("format", info.format.map(JSONValue.string) ?? .null), ("source_tz", info.sourceTimeZone.map(JSONValue.string) ?? .null),
                ("tool_version", .string(info.toolVersion)),
                ("records_read", n(counts.recordsRead)), ("records_stored", n(counts.recordsStored)),
                ("duplicates", n(counts.duplicates)), ("rejects", n(counts.rejects)), ("events_stored", n(counts.eventsStored)),
                ("warnings", .array(warnings.map(JSONValue.string))),
            ] + (kept.map { [("records_kept", n($0.records)), ("events_kept", n($0.events))] } ?? []))
    }

    /// Reads a manifest object; `where` names it in errors.
    public init(_ o: JSONObject, where place: String) throws(NormalizedFormatError) {
        func text(_ key: String) throws(NormalizedFormatError) -> String {
            guard let v = o[key]?.stringValue else { throw NormalizedFormatError(place: place, reason: "the manifest has no '\(key)'") }
            return v
        }
        func int(_ key: String) throws(NormalizedFormatError) -> Int64 {
            guard let v = o[key]?.intValue, v >= 0 else { throw NormalizedFormatError(place: place, reason: "the manifest's '\(key)' is not a count") }
            return v
        }
        src = Int(try int("src"))
        let path = try text("path")
        info = SourceInfo(
            path: path, sha256: try text("sha256"), sizeBytes: try int("size_bytes"), plugin: try text("plugin"),
            pluginVersion: try text("plugin_version"), format: o["format"]?.stringValue,
            sourceTimeZone: o["source_tz"]?.stringValue, toolVersion: try text("tool_version"))
        var c = SourceCounts()
        c.recordsRead = Int(try int("records_read"))
        c.recordsStored = Int(try int("records_stored"))
        c.duplicates = Int(try int("duplicates"))
        c.rejects = Int(try int("rejects"))
        c.eventsStored = Int(try int("events_stored"))
        counts = c
        warnings = (o["warnings"]?.arrayValue ?? []).compactMap(\.stringValue)
        if let records = o["records_kept"]?.intValue, let events = o["events_kept"]?.intValue { kept = (Int(records), Int(events)) }
        guard c.recordsRead == c.recordsStored + c.duplicates + c.rejects else {
            throw NormalizedFormatError(
                place: place,
                reason:
                    "the counts of \(info.path) do not add up (records read \(c.recordsRead) ≠ stored \(c.recordsStored) + duplicates \(c.duplicates) + rejects \(c.rejects))"
            )
        }
    }
}

/// The `tessera-normalized.json` of an output directory. Sources are listed in increasing `src`.
public struct DirectoryManifest: Sendable {
    /// `normalize`, or the engine that pruned (`spark`).
    public var engine: String
    /// Whether records were left out by a keep-rule (then `prune` says how).
    public var pruned: Bool
    /// The sources, in `src` order.
    public var sources: [SourceManifest]
    /// Files that were passed over or failed, as `{path, status, reason}`.
    public var files: [JSONValue]
    /// The prune's parameters and plan (JSON), when pruned.
    public var parameters: JSONObject
    /// Per source, UTC day and category, the events read (before the prune): `[src, day, category, events]`.
    public var eventCounts: [JSONValue]

    public init(
        engine: String, pruned: Bool, sources: [SourceManifest], files: [JSONValue],
        parameters: JSONObject = JSONObject(), eventCounts: [JSONValue] = []
    ) {
        self.engine = engine
        self.pruned = pruned
        self.sources = sources
        self.files = files
        self.parameters = parameters
        self.eventCounts = eventCounts
    }

    public var json: JSONObject {
        JSONObject([
            ("normalized", .number(String(NormalizedFormat.version))), ("engine", .string(engine)), ("pruned", .bool(pruned)),
            ("tool_version", .string(TesseraVersion.current)), ("parameters", .object(parameters)),
            ("sources", .array(sources.map { .object($0.json) })), ("files", .array(files)), ("event_counts", .array(eventCounts)),
        ])
    }

    public init(path: String) throws(NormalizedFormatError) {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw NormalizedFormatError(place: path, reason: "cannot read the manifest: \(error.localizedDescription)")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw NormalizedFormatError(place: path, reason: "\(error)") }
        guard let o = value.objectValue, o["normalized"]?.intValue == Int64(NormalizedFormat.version) else {
            throw NormalizedFormatError(place: path, reason: "not a tessera normalize manifest of version \(NormalizedFormat.version)")
        }
        engine = o["engine"]?.stringValue ?? "normalize"
        pruned = o["pruned"] == .bool(true)
        parameters = o["parameters"]?.objectValue ?? JSONObject()
        files = o["files"]?.arrayValue ?? []
        eventCounts = o["event_counts"]?.arrayValue ?? []
        var sources: [SourceManifest] = []
        for (i, s) in (o["sources"]?.arrayValue ?? []).enumerated() {
            guard let object = s.objectValue else { throw NormalizedFormatError(place: "\(path) sources[\(i)]", reason: "not an object") }
            let manifest = try SourceManifest(object, where: "\(path) sources[\(i)]")
            // Increasing; gaps are files that were skipped (no plugin claims them) or failed.
            if let last = sources.last, manifest.src <= last.src {
                throw NormalizedFormatError(place: "\(path) sources[\(i)]", reason: "src \(manifest.src) out of order (after \(last.src))")
            }
            sources.append(manifest)
        }
        self.sources = sources
    }
}

/// A normalized output that cannot be read as written: names the file and line (or manifest entry).
public struct NormalizedFormatError: Error, CustomStringConvertible, Sendable {
    public var place: String
    public var reason: String
    public var description: String {
        "\(place): \(reason); nothing of this normalized output was stored past the last complete source — re-run tessera normalize (or the Spark job) into a fresh directory"
    }
}
