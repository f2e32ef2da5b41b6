import Foundation
import TesseraSDK

/// Which plugin reads each evidence file, decided for all files before any is read: a named file
/// no plugin claims (or, with `--strict`, any unclaimed file) stops the run with nothing done.
/// Shared by `tessera ingest` and `tessera normalize`, so both read exactly the same files.
struct EvidencePlan {
    /// The files to read, in order, each with its plugin.
    var planned: [(EvidenceFile, DetectedPlugin)] = []
    /// Files that cannot be read (failed) or that no plugin claims (skipped).
    var outcomes: [FileOutcome] = []
    var passedOver: [(path: String, reason: String)] = []

    init(_ expansion: EvidenceWalker.Result, plugins: [any IngestPlugin], forcedPlugin: String?, strict: Bool) throws(IngestPlanError) {
        passedOver = expansion.passedOver
        let detector = Detector(plugins: plugins)
        var detectionErrors: [DetectionError] = []
        var unclaimed: [String] = []
        var unreadable: [(String, String)] = []
        for file in expansion.files {
            let head: SniffedHead
            do {
                head = try file.sniff()
            } catch {
                unreadable.append((file.path, "\(error)"))
                continue
            }
            do {
                planned.append((file, try detector.detect(head, path: file.path, forced: forcedPlugin)))
            } catch {
                if file.named || forcedPlugin != nil {
                    detectionErrors.append(error)
                } else {
                    unclaimed.append(file.path)
                }
            }
        }
        if !detectionErrors.isEmpty { throw .detection(detectionErrors) }
        if strict && !unclaimed.isEmpty { throw .strictSkipped(unclaimed) }
        for (path, message) in unreadable { outcomes.append(.failed(path: path, message: message)) }
        for path in unclaimed { outcomes.append(.skipped(path: path, reason: "no plugin recognizes this file")) }
    }
}

/// Reads one evidence file through its plugin, hashing the bytes as they are read.
enum EvidenceParser {
    /// The warning of a file with no record.
    static let emptyFileWarning =
        "the file holds no records (it is empty, or has only a header): it is recorded with its SHA-256 so that it is not mistaken for a file never examined"

    /// Parses `file` into `sink` (decompressing `.gz`) and returns the SHA-256 of its bytes as stored.
    /// - Parameter onRead: called with the number of bytes read so far, for progress.
    static func parse(
        _ file: EvidenceFile, with detected: DetectedPlugin, sourceTimeZone: TimeZone?,
        into sink: any EventSink, onRead: ((Int64) -> Void)? = nil
    ) throws -> String {
        let raw = try FileByteSource(path: file.path)
        let hashing = HashingByteSource(raw)
        if let onRead { raw.onRead = onRead }
        let input = EvidenceInput(bytes: try file.decompressed(hashing))
        let context = IngestContext(displayPath: file.path, sourceTimeZone: sourceTimeZone)
        try detected.plugin.ingest(input, context: context, sink: sink)
        return try hashing.drainAndFinalize()
    }
}
