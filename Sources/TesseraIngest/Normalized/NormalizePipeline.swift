import Foundation
import TesseraSDK
import TesseraStore

/// Where `tessera normalize` writes.
public enum NormalizeDestination {
    /// A new (or empty) directory: `tessera-normalized.json` and `data/part-NNNNN.jsonl`, one per source.
    case directory(String)
    /// Standard output: each source's lines followed by its manifest line (`type: source`);
    /// a file that fails ends with a `type: failed` line. For the Spark job's executors.
    case standardOutput
}

/// What one normalize run did, file by file (`sourceID` of an ingested outcome is its `src`).
public struct NormalizeReport: Sendable {
    public var outcomes: [FileOutcome] = []
    public var passedOver: [(path: String, reason: String)] = []
    public var manifests: [SourceManifest] = []
    public var failures: Int {
        outcomes.filter {
            if case .failed = $0 { return true }; return false
        }.count
    }
}

/// Detection and plugins without a store: every evidence file becomes the lines of exactly what
/// `tessera ingest` would store for it (records deduplicated within the file, rejects kept raw),
/// plus its manifest. A store is the only thing that knows other files, so duplicates across
/// files are left to the ingest of the output, as they are in a local ingest.
public final class NormalizePipeline {
    public let plugins: [any IngestPlugin]
    public let options: IngestOptions
    /// The `src` of the first source (the Spark job runs one file per call, with its place in the job).
    public var firstSource = 0
    /// A prune's keep-rule: only the records it keeps are written (the manifest still counts all).
    public var keepRule: KeepRule?
    /// Read the paths as files found inside a directory (a file no plugin claims is skipped, not an error).
    public var asFoundInDirectory = false
    /// The path to record for the (single) file instead of its local path: the object-storage URI
    /// the Spark job copied it from.
    public var recordedPath: String?

    public init(plugins: [any IngestPlugin] = PluginRegistry.builtIn, options: IngestOptions) {
        self.plugins = plugins
        self.options = options
    }

    /// Normalizes `paths` (files and directories, read as `tessera ingest` reads them) to `destination`.
    public func run(paths: [String], to destination: NormalizeDestination) throws -> NormalizeReport {
        var expansion = EvidenceWalker.expand(paths)
        if asFoundInDirectory { expansion.files = expansion.files.map { EvidenceFile(path: $0.path, named: false) } }
        let plan = try EvidencePlan(expansion, plugins: plugins, forcedPlugin: options.plugin, strict: options.strict)
        var report = NormalizeReport(outcomes: plan.outcomes, passedOver: plan.passedOver)
        let dataDirectory: String?
        switch destination {
        case .directory(let directory):
            dataDirectory = try Self.prepare(directory)
        case .standardOutput:
            dataDirectory = nil
        }
        for (file, detected) in plan.planned {
            let src = firstSource + report.manifests.count
            let output: LineOutput
            var partPath: String?
            if let dataDirectory {
                let path = (dataDirectory as NSString).appendingPathComponent(String(format: "part-%05d.jsonl", src))
                partPath = path
                output = try LineOutput(path: path)
            } else {
                output = LineOutput.standardOutput
            }
            do {
                let (manifest, dayCounts) = try normalize(file, detected, src: src, output: output)
                report.manifests.append(manifest)
                report.outcomes.append(
                    .ingested(
                        IngestedSource(
                            path: file.path, sourceID: Int64(src), sha256: manifest.info.sha256, plugin: manifest.info.plugin,
                            format: manifest.info.format ?? "", counts: manifest.counts, warnings: manifest.warnings, replacedSourceID: nil)))
                if partPath == nil {
                    var line: [UInt8] = []
                    JSONWriter.write(.object(manifest.json), to: &line)
                    line.append(UInt8(ascii: "\n"))
                    if let counts = dayCounts {
                        let object = JSONObject([
                            ("normalized", .number("1")), ("type", .string("counts")), ("src", .number(String(src))),
                            ("counts", .array(counts)),
                        ])
                        JSONWriter.write(.object(object), to: &line)
                        line.append(UInt8(ascii: "\n"))
                    }
                    try output.write(line)
                }
                try output.close()
                if let partPath, manifest.counts.recordsStored + manifest.counts.rejects == 0 {
                    try? FileManager.default.removeItem(atPath: partPath)
                }
            } catch {
                let message = "\(error)"
                report.outcomes.append(.failed(path: file.path, message: message))
                if let partPath {
                    try? output.close()
                    try? FileManager.default.removeItem(atPath: partPath)
                } else {
                    let failed = JSONObject([
                        ("normalized", .number("1")), ("type", .string("failed")), ("src", .number(String(src))),
                        ("path", .string(file.path)), ("reason", .string(message)),
                    ])
                    try? output.write(Array((JSONWriter.string(.object(failed)) + "\n").utf8))
                    try? output.close()
                }
            }
        }
        if case .directory(let directory) = destination {
            var files: [JSONValue] = []
            for outcome in report.outcomes {
                switch outcome {
                case .skipped(let path, let reason):
                    files.append(.object(JSONObject([("path", .string(path)), ("status", .string("skipped")), ("reason", .string(reason))])))
                case .failed(let path, let message):
                    files.append(.object(JSONObject([("path", .string(path)), ("status", .string("failed")), ("reason", .string(message))])))
                default: break
                }
            }
            for (path, reason) in report.passedOver {
                files.append(.object(JSONObject([("path", .string(path)), ("status", .string("skipped")), ("reason", .string(reason))])))
            }
            let manifest = DirectoryManifest(engine: "normalize", pruned: false, sources: report.manifests, files: files)
            let text = JSONWriter.string(.object(manifest.json)) + "\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(NormalizedFormat.manifestName)))
        }
        return report
    }

    /// Creates `directory/data`; the directory must be new or empty (outputs are never mixed).
    private static func prepare(_ directory: String) throws -> String {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory), !((try? manager.contentsOfDirectory(atPath: directory)) ?? []).isEmpty {
            throw NormalizedFormatError(place: directory, reason: "the output directory is not empty; name a new one")
        }
        let data = (directory as NSString).appendingPathComponent(NormalizedFormat.dataDirectory)
        try manager.createDirectory(atPath: data, withIntermediateDirectories: true)
        return data
    }

    private func normalize(
        _ file: EvidenceFile, _ detected: DetectedPlugin, src: Int,
        output: LineOutput
    ) throws -> (SourceManifest, [JSONValue]?) {
        let before = try FileStamp(path: file.path)
        let sink = NormalizeSink(src: src, output: output, keepRule: keepRule)
        let sha256 = try EvidenceParser.parse(file, with: detected, sourceTimeZone: options.sourceTimeZone, into: sink)
        if sink.counts.recordsRead == 0 { sink.warn(EvidenceParser.emptyFileWarning) }
        try sink.flush()
        guard try FileStamp(path: file.path) == before else {
            throw EvidenceError(
                locator: "file", reason: "the file changed while it was being read (its size or modification time changed); re-run on a stable copy")
        }
        let descriptor = detected.plugin.descriptor
        let info = SourceInfo(
            path: recordedPath ?? IngestPipeline.absolute(file.path), sha256: sha256, sizeBytes: before.size,
            plugin: descriptor.name, pluginVersion: descriptor.version, format: detected.format,
            sourceTimeZone: options.sourceTimeZoneName, toolVersion: TesseraVersion.current)
        var manifest = SourceManifest(src: src, info: info, counts: sink.counts, warnings: sink.warnings)
        manifest.kept = keepRule == nil ? nil : sink.kept
        return (manifest, keepRule == nil ? nil : sink.dayCounts)
    }
}

/// Turns plugin output into normalized lines: what a ``SourceWriter`` would store of one file.
final class NormalizeSink: EventSink {
    let src: Int
    private let output: LineOutput
    private var buffer: [UInt8] = []
    private var seq = 0
    private var seen: Set<String> = []
    private(set) var counts = SourceCounts()
    private var warningList = WarningList()
    var warnings: [String] { warningList.list }
    private let keepRule: KeepRule?
    private(set) var kept = (records: 0, events: 0)
    /// With a keep-rule: events read per (UTC day number, category), before the prune.
    private var perDay: [DayCategory: Int] = [:]

    private struct DayCategory: Hashable {
        var day: Int64
        var category: String
    }

    init(src: Int, output: LineOutput, keepRule: KeepRule?) {
        self.src = src
        self.output = output
        self.keepRule = keepRule
        buffer.reserveCapacity(Self.flushBytes + 64 * 1024)
    }

    /// `[day, category, events]` rows, in order.
    var dayCounts: [JSONValue] {
        perDay.sorted { ($0.key.day, $0.key.category) < ($1.key.day, $1.key.category) }.map { key, n in
            let day = String(Timestamp.iso8601(key.day * 86_400_000_000).prefix(10))
            return .array([.string(day), .string(key.category), .number(String(n))])
        }
    }

    private static let category = EncodedRecord.eventColumnNames.firstIndex(of: "category")!

    static let flushBytes = 1 << 20

    func accept(_ record: SourceRecord) throws {
        counts.recordsRead += 1
        let encoded = EncodedRecord(record, sharesDetails: false) // JSON Lines carry whole `details`
        guard encoded.eventCount > 0 else {
            // As SourceWriter does: the record is kept, as a reject.
            counts.recordsRead -= 1
            try reject(Reject(locator: record.locator, reason: SourceWriter.noEventReason, raw: record.raw))
            return
        }
        guard seen.insert(record.dedupKey).inserted else {
            counts.duplicates += 1
            return
        }
        counts.recordsStored += 1
        counts.eventsStored += encoded.eventCount
        if let keepRule {
            for event in 0..<encoded.eventCount {
                let ts = encoded.timestamp(event)
                let day = ts >= 0 ? ts / 86_400_000_000 : (ts + 1) / 86_400_000_000 - 1
                let category = encoded.withEventValue(event, Self.category) { $0.map { String(decoding: $0, as: UTF8.self) } } ?? ""
                perDay[DayCategory(day: day, category: category), default: 0] += 1
            }
            guard keepRule.keeps(encoded) else {
                seq += 1
                return
            }
        }
        kept.records += 1
        kept.events += encoded.eventCount
        NormalizedLines.appendRecord(encoded, src: src, seq: seq, to: &buffer)
        seq += 1
        if buffer.count >= Self.flushBytes { try flush() }
    }

    func reject(_ reject: Reject) throws {
        counts.recordsRead += 1
        counts.rejects += 1
        NormalizedLines.appendReject(reject, src: src, seq: seq, to: &buffer)
        seq += 1
        if buffer.count >= Self.flushBytes { try flush() }
    }

    func warn(_ message: String) { warningList.add(message) }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try output.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A file (or standard output) written in large blocks.
final class LineOutput {
    private let handle: FileHandle
    private let owned: Bool

    static var standardOutput: LineOutput { LineOutput(handle: .standardOutput, owned: false) }

    private init(handle: FileHandle, owned: Bool) {
        self.handle = handle
        self.owned = owned
    }

    convenience init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw NormalizedFormatError(place: path, reason: "cannot create the file")
        }
        self.init(handle: try FileHandle(forWritingTo: URL(fileURLWithPath: path)), owned: true)
    }

    func write(_ bytes: [UInt8]) throws {
        try handle.write(contentsOf: bytes)
    }

    func close() throws {
        if owned { try handle.close() }
    }
}
