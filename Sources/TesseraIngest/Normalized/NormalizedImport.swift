import Foundation
import TesseraSDK
import TesseraStore

/// `tessera ingest DIR` of a normalized output directory (from `tessera normalize` or the Spark
/// job): each source is stored with the evidence file's own path, SHA-256, plugin and counts
/// from its manifest, its records deduplicated against the store as a local ingest does. The
/// manifest is kept whole in `source_manifests`, and the import (with a prune's parameters) in
/// `normalized_imports`.
public struct NormalizedImport {
    public let store: EventStore
    public let force: Bool

    public init(store: EventStore, force: Bool) {
        self.store = store
        self.force = force
    }

    /// Separates normalized output directories (or their manifest files) from evidence paths.
    public static func split(_ paths: [String]) -> (normalized: [String], evidence: [String]) {
        var normalized: [String] = [], evidence: [String] = []
        for path in paths {
            if (path as NSString).lastPathComponent == NormalizedFormat.manifestName {
                normalized.append((path as NSString).deletingLastPathComponent)
            } else if FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(NormalizedFormat.manifestName)) {
                normalized.append(path)
            } else {
                evidence.append(path)
            }
        }
        return (normalized, evidence)
    }

    /// Stores every source of the directory, in manifest order.
    public func run(directory: String) throws -> [FileOutcome] {
        let manifestPath = (directory as NSString).appendingPathComponent(NormalizedFormat.manifestName)
        let manifest = try DirectoryManifest(path: manifestPath)
        let manifestSHA256 = try FileHasher.sha256(path: manifestPath)
        let reader = try NormalizedLineReader(directory: (directory as NSString).appendingPathComponent(NormalizedFormat.dataDirectory))
        var outcomes: [FileOutcome] = []
        var importID: Int64?
        for source in manifest.sources {
            let info = source.info
            let existing = try store.sources().first { $0.sha256 == info.sha256 }
            if let existing, !force {
                try reader.skip(src: source.src)
                outcomes.append(.alreadyIngested(path: info.path, sourceID: existing.sourceID, sha256: info.sha256))
                continue
            }
            let sourceWriter = try SourceWriter(store: store, info: info, replacing: existing?.sourceID)
            // Counted before the writer thread starts: it owns the counts from then on.
            sourceWriter.countDuplicatesFoundUpstream(source.counts.duplicates)
            // SQLite writes on a thread of its own while this one parses the next lines.
            let writer = BackgroundSourceWriter(sourceWriter)
            do {
                let kept = try storeLines(source, from: reader, into: writer, pruned: manifest.pruned)
                let counts = try writer.finish(warnings: source.warnings) { db, sourceID throws(SQLiteError) in
                    if importID == nil { importID = try Self.insertImport(db, manifest: manifest, directory: directory, sha256: manifestSHA256) }
                    try Self.insertManifest(
                        db, source: source, sourceID: sourceID, importID: importID!, kept: kept,
                        eventCounts: manifest.eventCounts)
                }
                outcomes.append(
                    .ingested(
                        IngestedSource(
                            path: info.path, sourceID: writer.sourceID, sha256: info.sha256,
                            plugin: info.plugin, format: info.format ?? "", counts: counts,
                            warnings: source.warnings, replacedSourceID: existing?.sourceID)))
            } catch {
                writer.abort()
                throw error
            }
        }
        try reader.expectEnd()
        return outcomes
    }

    /// Stores the lines of `source`, checks them against its manifest; returns (records, events) kept.
    private func storeLines(
        _ source: SourceManifest, from reader: NormalizedLineReader, into writer: BackgroundSourceWriter,
        pruned: Bool
    ) throws -> (records: Int, events: Int) {
        var records = 0, events = 0, rejects = 0
        var pending: [NormalizedLine] = []
        func flushRecord() throws {
            guard let first = pending.first else { return }
            let record = try NormalizedRecordDecoder.record(pending)
            guard first.object["ev"]?.intValue == 0 else {
                throw NormalizedFormatError(place: first.place, reason: "a record's first event line (ev 0) is missing")
            }
            try writer.store(record)
            records += 1
            events += record.eventCount
            pending.removeAll()
        }
        while let line = try reader.next(src: source.src) {
            switch line.type {
            case "event":
                if let last = pending.last, last.seq != line.seq { try flushRecord() }
                pending.append(line)
            case "reject":
                try flushRecord()
                try writer.reject(NormalizedRecordDecoder.reject(line))
                rejects += 1
            default:
                throw NormalizedFormatError(place: line.place, reason: "unexpected line type '\(line.type)' in a data file")
            }
        }
        try flushRecord()
        let c = source.counts
        let place = "\(reader.directory) (source \(source.src), \(source.info.path))"
        guard rejects == c.rejects else {
            throw NormalizedFormatError(place: place, reason: "\(rejects) reject lines, but the manifest counts \(c.rejects): the output is incomplete")
        }
        if pruned {
            guard records <= c.recordsStored && events <= c.eventsStored else {
                throw NormalizedFormatError(
                    place: place, reason: "more records (\(records)) or events (\(events)) than the manifest read (\(c.recordsStored), \(c.eventsStored))")
            }
        } else {
            guard records == c.recordsStored && events == c.eventsStored else {
                throw NormalizedFormatError(
                    place: place,
                    reason:
                        "\(records) records and \(events) events, but the manifest counts \(c.recordsStored) and \(c.eventsStored): the output is incomplete")
            }
        }
        return (records, events)
    }

    private static func insertImport(_ db: Database, manifest: DirectoryManifest, directory: String, sha256: String) throws(SQLiteError) -> Int64 {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        try db.prepare(
            """
            INSERT INTO normalized_imports (imported_at, directory, manifest_sha256, engine, pruned, parameters)
            VALUES (?, ?, ?, ?, ?, ?)
            """
        ).run([
            .text(formatter.string(from: Date())), .text(IngestPipeline.absolute(directory)), .text(sha256),
            .text(manifest.engine), .integer(manifest.pruned ? 1 : 0), .text(JSONWriter.string(.object(manifest.parameters))),
        ])
        return db.lastInsertRowID
    }

    private static func insertManifest(
        _ db: Database, source: SourceManifest, sourceID: Int64, importID: Int64,
        kept: (records: Int, events: Int), eventCounts: [JSONValue]
    ) throws(SQLiteError) {
        let c = source.counts
        try db.prepare(
            """
            INSERT INTO source_manifests (source_id, import_id, records_read, records_stored, duplicates, rejects, events_stored,
                                          records_kept, events_kept)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).run([
            .integer(sourceID), .integer(importID), .integer(Int64(c.recordsRead)), .integer(Int64(c.recordsStored)),
            .integer(Int64(c.duplicates)), .integer(Int64(c.rejects)), .integer(Int64(c.eventsStored)),
            .integer(Int64(kept.records)), .integer(Int64(kept.events)),
        ])
        let insert = try db.prepare("INSERT INTO prune_event_counts (import_id, source_sha256, day, category, events) VALUES (?, ?, ?, ?, ?)")
        for row in eventCounts {
            guard let a = row.arrayValue, a.count == 4, a[0].intValue == Int64(source.src),
                let day = a[1].stringValue, let category = a[2].stringValue, let n = a[3].intValue
            else { continue }
            try insert.run([.integer(importID), .text(source.info.sha256), .text(day), .text(category), .integer(n)])
        }
    }
}

/// One parsed line, with where it came from.
struct NormalizedLine {
    var type: String
    var src: Int
    var seq: Int
    var object: JSONObject
    /// `file:line`, for errors.
    var place: String
}

/// Reads the data files of a normalized directory in name order, checking that sources come in
/// `src` order and each source's lines in `seq` order.
final class NormalizedLineReader {
    let directory: String
    private var files: [String]
    private var lines: LineReader?
    private var file = ""
    private var peeked: NormalizedLine?
    private var last: (src: Int, seq: Int) = (-1, -1)

    init(directory: String) throws {
        self.directory = directory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        // Spark also writes `_SUCCESS` and `.part-*.crc` files; only `part-*` files hold lines.
        files = names.filter { $0.hasPrefix("part-") && !$0.hasSuffix(".crc") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    /// The next line of source `src`, or nil when the next line belongs to a later source.
    func next(src: Int) throws -> NormalizedLine? {
        guard let line = try peek(), line.src == src else { return nil }
        peeked = nil
        return line
    }

    /// Passes over the lines of source `src`.
    func skip(src: Int) throws {
        while try next(src: src) != nil {}
    }

    /// Fails when lines are left over (a source the manifest does not list).
    func expectEnd() throws {
        if let line = try peek() {
            throw NormalizedFormatError(place: line.place, reason: "a line of source \(line.src), which the manifest does not list (or lists earlier)")
        }
    }

    private func peek() throws -> NormalizedLine? {
        if let peeked { return peeked }
        while true {
            if lines == nil {
                guard !files.isEmpty else { return nil }
                file = files.removeFirst()
                lines = LineReader(try FileByteSource(path: file))
            }
            guard let raw = try lines!.next() else {
                lines = nil
                continue
            }
            if raw.bytes.isEmpty { continue }
            let place = "\(file):\(raw.number)"
            guard raw.overlongLength == nil, raw.bytes.starts(with: NormalizedFormat.linePrefix) else {
                throw NormalizedFormatError(place: place, reason: "not a line of tessera normalize output")
            }
            let value: JSONValue
            do { value = try JSONParser.parse(raw.bytes) } catch { throw NormalizedFormatError(place: place, reason: "\(error)") }
            guard let object = value.objectValue else { throw NormalizedFormatError(place: place, reason: "the line is not a JSON object") }
            guard let type = object["type"]?.stringValue, let src = object["src"]?.intValue, let seq = object["seq"]?.intValue else {
                throw NormalizedFormatError(place: place, reason: "the line lacks type, src or seq")
            }
            let line = NormalizedLine(type: type, src: Int(src), seq: Int(seq), object: object, place: place)
            guard (line.src, line.seq) >= last else {
                throw NormalizedFormatError(
                    place: place, reason: "lines out of order (source \(line.src) record \(line.seq) after source \(last.src) record \(last.seq))")
            }
            last = (line.src, line.seq)
            peeked = line
            return line
        }
    }
}

/// Rebuilds records and rejects from their lines.
enum NormalizedRecordDecoder {
    static func record(_ lines: [NormalizedLine]) throws(NormalizedFormatError) -> EncodedRecord {
        let first = lines[0].object, place = lines[0].place
        guard let locator = first["locator"]?.stringValue, let key = first["record_dedup_key"]?.stringValue,
            let count = first["events"]?.intValue, count == lines.count
        else {
            throw NormalizedFormatError(place: place, reason: "the record's lines are incomplete (locator, record_dedup_key, or events ≠ \(lines.count) lines)")
        }
        var events: [(timestampUs: Int64, columns: [String?])] = []
        for (i, line) in lines.enumerated() {
            guard line.object["ev"]?.intValue == Int64(i), let ts = line.object["ts_us"]?.intValue else {
                throw NormalizedFormatError(place: line.place, reason: "event \(i) of the record is missing or lacks ts_us")
            }
            let columns = EncodedRecord.eventColumnNames.map { name -> String? in
                guard let value = line.object[name], !value.isNull else { return nil }
                return value.stringValue
            }
            events.append((ts, columns))
        }
        let session = try first["support_session"]?.objectValue.map { o throws(NormalizedFormatError) in
            try SupportSessionJSON.decode(o, place: place)
        }
        return EncodedRecord(
            locator: locator, dedupKey: key, raw: try NormalizedLines.raw(first, place: place),
            events: events, supportSession: session)
    }

    static func reject(_ line: NormalizedLine) throws(NormalizedFormatError) -> Reject {
        guard let locator = line.object["locator"]?.stringValue, let reason = line.object["reason"]?.stringValue else {
            throw NormalizedFormatError(place: line.place, reason: "the reject line lacks locator or reason")
        }
        return Reject(locator: locator, reason: reason, raw: try NormalizedLines.raw(line.object, place: line.place))
    }
}
