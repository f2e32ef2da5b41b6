import Foundation
import TesseraSDK
import TesseraStore

/// Options of one `tessera ingest` run.
public struct IngestOptions: Sendable {
    /// `--plugin NAME`: skip detection.
    public var plugin: String?
    /// `--source-tz`: the zone for naive timestamps, and its name as given.
    public var sourceTimeZone: TimeZone?
    public var sourceTimeZoneName: String?
    /// `--force`: replace a source already ingested (same SHA-256).
    public var force = false
    /// `--strict`: a file inside a directory that no plugin claims is fatal.
    public var strict = false

    public init() {}
}

/// What happened to one file.
public enum FileOutcome: Sendable {
    case ingested(IngestedSource)
    case alreadyIngested(path: String, sourceID: Int64, sha256: String)
    case skipped(path: String, reason: String)
    case failed(path: String, message: String)
}

/// A source that was stored.
public struct IngestedSource: Sendable {
    public var path: String
    public var sourceID: Int64
    public var sha256: String
    public var plugin: String
    public var format: String
    public var counts: SourceCounts
    public var warnings: [String]
    public var replacedSourceID: Int64?
}

/// Everything one run did, file by file.
public struct IngestReport: Sendable {
    public var outcomes: [FileOutcome] = []
    public var passedOver: [(path: String, reason: String)] = []

    public init() {}

    public var failures: Int {
        outcomes.filter {
            if case .failed = $0 { return true }; return false
        }.count
    }
}

/// Problems found before anything was ingested; the store is untouched.
public enum IngestPlanError: Error, CustomStringConvertible, Sendable {
    case detection([DetectionError])
    case strictSkipped([String])

    public var description: String {
        switch self {
        case .detection(let errors):
            return errors.map(\.description).joined(separator: "\n") + "\nNothing was ingested."
        case .strictSkipped(let paths):
            return "--strict: no plugin recognizes these files:\n" + paths.map { "  \($0)" }.joined(separator: "\n")
                + "\nNothing was ingested. Remove them, name a plugin with --plugin, or drop --strict."
        }
    }
}

/// Receives progress while files are hashed and parsed.
public protocol IngestProgress: AnyObject {
    func update(path: String, phase: String, bytes: Int64, totalBytes: Int64, records: Int)
    func fileDone()
}

/// Hash → detect → parse → store, one source per transaction.
public final class IngestPipeline {
    public let store: EventStore
    public let plugins: [any IngestPlugin]
    public let options: IngestOptions
    public weak var progress: (any IngestProgress)?
    /// For differential tests only: false writes every event's whole `details` (``SourceWriter/sharesDetails``).
    var sharesDetails = true

    public init(store: EventStore, plugins: [any IngestPlugin] = PluginRegistry.builtIn, options: IngestOptions) {
        self.store = store
        self.plugins = plugins
        self.options = options
    }

    /// Ingests files and directories. Detection problems of named files (and, with
    /// `--strict`, unclaimed files in directories) stop the run before anything is stored.
    public func run(paths: [String]) throws -> IngestReport {
        // A directory written by `tessera normalize` (or the Spark job) is a format of its own.
        let (normalized, evidencePaths) = NormalizedImport.split(paths)
        var expansion = EvidenceWalker.expand(evidencePaths)
        var report = IngestReport()
        // The store itself (and its journal files) may sit inside an evidence directory.
        let storeFiles = Set(["", "-wal", "-shm", "-journal"].map { Self.absolute(store.path + $0) })
        expansion.files.removeAll { !$0.named && storeFiles.contains(Self.absolute($0.path)) }
        let plan = try EvidencePlan(expansion, plugins: plugins, forcedPlugin: options.plugin, strict: options.strict)
        report.passedOver = plan.passedOver
        report.outcomes = plan.outcomes
        for directory in normalized {
            report.outcomes += try NormalizedImport(store: store, force: options.force).run(directory: directory)
        }
        for (file, detected) in plan.planned {
            report.outcomes.append(try ingest(file, detected))
        }
        return report
    }

    private func ingest(_ file: EvidenceFile, _ detected: DetectedPlugin) throws -> FileOutcome {
        let path = file.path
        defer { progress?.fileDone() }
        let before: FileStamp
        // The SHA-256 from a pass before parsing, needed only when the store holds a file of the
        // same size (identical content has identical size): otherwise the file cannot be a
        // re-ingest, and the single hash taken while parsing is the file's hash.
        var firstPassSHA256: String?
        var existing: SourceSummary?
        do {
            before = try FileStamp(path: path)
            let stored = try store.sources()
            if stored.contains(where: { $0.sizeBytes == before.size }) {
                let size = before.size
                let sha256 = try FileHasher.sha256(path: path) { [weak self] bytes in
                    self?.progress?.update(path: path, phase: "hashing", bytes: bytes, totalBytes: size, records: 0)
                }
                firstPassSHA256 = sha256
                existing = stored.first { $0.sha256 == sha256 }
            }
        } catch let error as SQLiteError {
            throw StoreError.storing(path: path, error)
        } catch {
            return .failed(path: path, message: "\(error)")
        }
        if let existing, let sha256 = firstPassSHA256, !options.force {
            return .alreadyIngested(path: path, sourceID: existing.sourceID, sha256: sha256)
        }

        let descriptor = detected.plugin.descriptor
        let size = before.size
        // `sources.sha256` is unique: until the parse pass has hashed the file, a placeholder that
        // no other source can hold (never committed: the real hash replaces it before COMMIT).
        let info = SourceInfo(
            path: Self.absolute(path), sha256: firstPassSHA256 ?? "pending:\(UUID().uuidString)",
            sizeBytes: size, plugin: descriptor.name, pluginVersion: descriptor.version,
            format: detected.format, sourceTimeZone: options.sourceTimeZoneName,
            toolVersion: TesseraVersion.current)
        // Parsing runs on this thread, SQLite on the writer's own (two cores, two stages).
        let writer = BackgroundSourceWriter(
            try SourceWriter(
                store: store, info: info, replacing: existing?.sourceID,
                sharesDetails: sharesDetails))
        let sink = StoreSink(writer: writer)
        do {
            let progress = self.progress
            let sha256 = try EvidenceParser.parse(file, with: detected, sourceTimeZone: options.sourceTimeZone, into: sink) { [unowned sink] bytes in
                progress?.update(path: path, phase: "parsing", bytes: bytes, totalBytes: size, records: sink.writer.handedOver)
            }
            if writer.handedOver == 0 { sink.warn(EvidenceParser.emptyFileWarning) }
            if let firstPassSHA256, sha256 != firstPassSHA256 {
                writer.abort()
                return .failed(
                    path: path,
                    message: "the file changed while it was being ingested (SHA-256 differs from the first pass); nothing was stored — re-run on a stable copy")
            }
            if firstPassSHA256 == nil, try FileStamp(path: path) != before {
                writer.abort()
                return .failed(
                    path: path,
                    message:
                        "the file changed while it was being ingested (its size or modification time changed); nothing was stored — re-run on a stable copy")
            }
            let counts = try writer.finish(warnings: sink.warnings, sha256: sha256)
            return .ingested(
                IngestedSource(
                    path: path, sourceID: writer.sourceID, sha256: sha256, plugin: descriptor.name,
                    format: detected.format, counts: counts, warnings: sink.warnings,
                    replacedSourceID: existing?.sourceID))
        } catch let error as SQLiteError {
            writer.abort()
            throw StoreError.storing(path: path, error)
        } catch {
            writer.abort()
            return .failed(path: path, message: "\(error); nothing of this file was stored")
        }
    }

    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.standardizedFileURL.path
    }
}

/// Hands plugin output to the source's (background) writer.
final class StoreSink: EventSink {
    let writer: BackgroundSourceWriter
    private var warningList = WarningList()
    var warnings: [String] { warningList.list }

    init(writer: BackgroundSourceWriter) { self.writer = writer }

    func accept(_ record: SourceRecord) throws { try writer.store(record) }
    func reject(_ reject: Reject) throws { try writer.reject(reject) }
    func warn(_ message: String) { warningList.add(message) }
}

/// A file's warnings: the first ``maxWarnings`` kept, the rest counted.
///
/// A plugin may warn once per record, and a file of millions of such records must not hold
/// millions of strings in memory, in `sources.warnings` and on the analyst's screen.
struct WarningList {
    static let maxWarnings = 100
    private var kept: [String] = []
    private var suppressed = 0

    var list: [String] {
        suppressed == 0 ? kept : kept + ["\(suppressed) more warnings about this file were not listed"]
    }

    mutating func add(_ message: String) {
        if kept.count < Self.maxWarnings { kept.append(message) } else { suppressed += 1 }
    }
}
