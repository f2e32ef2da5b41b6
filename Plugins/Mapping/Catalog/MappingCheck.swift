import Foundation
import TesseraSDK

/// `tessera mapping check FILE SAMPLE`: compiles a mapping, tells whether it would claim the
/// sample, runs it over the whole sample and renders the first normalized events and rejects,
/// so an analyst can iterate on a mapping in seconds. The CLI prints the returned text.
public enum MappingCheck {
    /// - Parameters:
    ///   - mappingFile: a mapping file path, or the name of a built-in mapping (`google-drive`
    ///     or `mapping:google-drive`) to try a built-in against a sample.
    ///   - sample: an evidence file (already decompressed; `.gz` is the pipeline's job).
    ///   - sourceTimeZone: the `--source-tz` zone, if given.
    ///   - limit: how many events and rejects to show.
    /// - Throws: ``MappingError`` when the mapping does not compile (file, line, key);
    ///   ``FileAccessError`` when the sample cannot be read. A sample that as a whole is not of
    ///   the mapping's input kind is reported in the text.
    public static func run(mappingFile: String, sample: String, sourceTimeZone: TimeZone? = nil, limit: Int = 10) throws -> String {
        let plugin = try resolve(mappingFile)
        var out = "mapping \(plugin.mappingName) (\(plugin.origin)): compiled OK; input \(plugin.mapping.input.kind.rawValue)"
        if !plugin.mapping.input.recordsKeys.isEmpty { out += " (records: \(plugin.mapping.input.recordsKeys.joined(separator: ", ")))" }
        out += ", format \(plugin.mapping.format)\n"

        let headSource = try FileByteSource(path: sample)
        let headBytes = try headSource.readPrefix(64 << 10)
        let fileName = (sample as NSString).lastPathComponent
        out += "detection: \(plugin.detectionExplanation(SniffedHead(fileName: fileName, bytes: headBytes)))\n"

        let sink = SampleSink(limit: limit)
        do {
            try plugin.ingest(
                EvidenceInput(bytes: try FileByteSource(path: sample)),
                context: IngestContext(displayPath: sample, sourceTimeZone: sourceTimeZone), sink: sink)
        } catch let error as EvidenceError {
            out += "error: \(sample): \(error.description) (the whole file cannot be read with this mapping)\n"
        }
        out += "records read: \(sink.recordCount + sink.rejectCount), mapped: \(sink.recordCount), rejected: \(sink.rejectCount), events: \(sink.eventCount)\n"
        for warning in sink.warnings { out += "warning: \(warning)\n" }
        if !sink.events.isEmpty {
            out += "first \(sink.events.count) events:\n"
            for (locator, event) in sink.events { out += render(event, locator: locator) }
        }
        if !sink.rejects.isEmpty {
            out += "first \(sink.rejects.count) rejects:\n"
            for reject in sink.rejects { out += "  [\(reject.locator)] \(reject.reason)\n" }
        }
        return out
    }

    static func resolve(_ mappingFile: String) throws -> MappingIngestPlugin {
        if FileManager.default.fileExists(atPath: mappingFile) { return try MappingCatalog.loadFile(mappingFile) }
        let wanted = mappingFile.hasPrefix("mapping:") ? String(mappingFile.dropFirst(8)) : mappingFile
        if let builtIn = try MappingCatalog.builtIn().first(where: { $0.mappingName == wanted }) { return builtIn }
        throw MappingError(file: mappingFile, line: nil, key: "", reason: "no such mapping file (nor a built-in mapping of that name)")
    }

    /// One event as a few indented lines: every normalized column that has a value.
    static func render(_ e: NormalizedEvent, locator: String) -> String {
        var line = "  [\(locator)] \(Timestamp.iso8601(e.timestampUs)) (\(e.timestampRaw)) \(e.category)/\(e.action) \(e.operation)"
        if let outcome = e.outcome { line += " \(outcome)" }
        var fields: [String] = []
        func add(_ name: String, _ value: String?) { if let value { fields.append("\(name)=\(value)") } }
        add("actor", e.actor); add("actor_raw", e.actorRaw); add("actor_type", e.actorType); add("client_ip", e.clientIP)
        add("user_agent", e.userAgent); add("tenant", e.tenant); add("resource_type", e.resourceType)
        add("resource", e.resource); add("resource_name", e.resourceName); add("session_id", e.sessionID); add("record_id", e.recordID)
        var text = line + "\n"
        if !fields.isEmpty { text += "      " + fields.joined(separator: " ") + "\n" }
        text += "      message: \(e.message)\n"
        if !e.details.isEmpty { text += "      details: \(JSONWriter.string(e.details))\n" }
        return text
    }
}

/// Counts everything, keeps only the first few events and rejects.
private final class SampleSink: EventSink {
    let limit: Int
    var recordCount = 0
    var rejectCount = 0
    var eventCount = 0
    var events: [(String, NormalizedEvent)] = []
    var rejects: [Reject] = []
    var warnings: [String] = []

    init(limit: Int) { self.limit = limit }

    func accept(_ record: SourceRecord) throws {
        recordCount += 1
        eventCount += record.events.count
        for event in record.events where events.count < limit { events.append((record.locator, event)) }
    }

    func reject(_ reject: Reject) throws {
        rejectCount += 1
        if rejects.count < limit { rejects.append(reject) }
    }

    func warn(_ message: String) { warnings.append(message) }
}
