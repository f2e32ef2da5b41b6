import TesseraIngest
import TesseraSDK

/// Human and JSON renderings of an ingest report.
enum IngestSummary {
    /// - Parameter verb: `ingested`, or `normalized` for `tessera normalize` (whose "source #N" is the file's `src`).
    static func text(_ report: IngestReport, storePath: String, verb: String = "ingested") -> String {
        var lines: [String] = []
        var totals = (files: 0, read: 0, stored: 0, duplicates: 0, rejects: 0, events: 0)
        for outcome in report.outcomes {
            switch outcome {
            case .ingested(let s):
                let c = s.counts
                totals.files += 1; totals.read += c.recordsRead; totals.stored += c.recordsStored
                totals.duplicates += c.duplicates; totals.rejects += c.rejects; totals.events += c.eventsStored
                let replaced = s.replacedSourceID.map { ", replacing source #\($0)" } ?? ""
                lines.append(
                    "\(verb.padding(toLength: 9, withPad: " ", startingAt: 0)) \(s.path)  [\(s.plugin): \(s.format)] as source #\(s.sourceID)\(replaced)")
                lines.append(
                    "          records read \(c.recordsRead) = stored \(c.recordsStored) + duplicates \(c.duplicates) + rejects \(c.rejects); events \(c.eventsStored)"
                )
                if c.duplicates > 0 {
                    lines.append("          \(c.duplicates) record\(c.duplicates == 1 ? " was" : "s were") already in the store and added nothing")
                }
                if c.rejects > 0 && verb == "ingested" {
                    lines.append("          see rejects: tessera query \"SELECT locator, reason FROM rejects WHERE source_id = \(s.sourceID)\"")
                }
                for warning in s.warnings { lines.append("          warning: \(warning)") }
            case .alreadyIngested(let path, let sourceID, let sha256):
                lines.append(
                    "unchanged \(path): already ingested as source #\(sourceID) (sha256 \(sha256.prefix(16))…); nothing added — use --force to replace it")
            case .skipped(let path, let reason):
                lines.append("skipped   \(path): \(reason)")
            case .failed(let path, let message):
                lines.append("FAILED    \(path): \(message)")
            }
        }
        for (path, reason) in report.passedOver { lines.append("skipped   \(path): \(reason)") }
        lines.append(
            "\(verb == "ingested" ? "store" : "output") \(storePath): \(totals.files) file\(totals.files == 1 ? "" : "s") \(verb); records read \(totals.read) = stored \(totals.stored) + duplicates \(totals.duplicates) + rejects \(totals.rejects); events added \(totals.events)"
        )
        if report.failures > 0 { lines.append("\(report.failures) file\(report.failures == 1 ? "" : "s") failed (see FAILED above); the others were stored") }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: IngestReport, storePath: String) -> String {
        var files: [JSONValue] = []
        func n(_ v: Int) -> JSONValue { .number(String(v)) }
        for outcome in report.outcomes {
            switch outcome {
            case .ingested(let s):
                files.append(
                    .object(
                        JSONObject([
                            ("status", .string("ingested")), ("path", .string(s.path)), ("source_id", .number(String(s.sourceID))),
                            ("sha256", .string(s.sha256)), ("plugin", .string(s.plugin)), ("format", .string(s.format)),
                            ("records_read", n(s.counts.recordsRead)), ("records_stored", n(s.counts.recordsStored)),
                            ("duplicates", n(s.counts.duplicates)), ("rejects", n(s.counts.rejects)),
                            ("events_stored", n(s.counts.eventsStored)),
                            ("replaced_source_id", s.replacedSourceID.map { .number(String($0)) } ?? .null),
                            ("warnings", .array(s.warnings.map { .string($0) })),
                        ])))
            case .alreadyIngested(let path, let sourceID, let sha256):
                files.append(
                    .object(
                        JSONObject([
                            ("status", .string("unchanged")), ("path", .string(path)),
                            ("source_id", .number(String(sourceID))), ("sha256", .string(sha256)),
                        ])))
            case .skipped(let path, let reason):
                files.append(.object(JSONObject([("status", .string("skipped")), ("path", .string(path)), ("reason", .string(reason))])))
            case .failed(let path, let message):
                files.append(.object(JSONObject([("status", .string("failed")), ("path", .string(path)), ("error", .string(message))])))
            }
        }
        for (path, reason) in report.passedOver {
            files.append(.object(JSONObject([("status", .string("skipped")), ("path", .string(path)), ("reason", .string(reason))])))
        }
        return JSONWriter.string(.object(JSONObject([("store", .string(storePath)), ("files", .array(files))])))
    }
}
