import Foundation
import TesseraDetect
import TesseraSDK
import TesseraStore
import TesseraTestSupport

/// A store in a temporary folder with a rules folder beside it. Records are written through the
/// `events` view (one record per event), each with the raw text a plugin would keep.
final class DetectFixture {
    let directory: String
    let store: EventStore
    var db: Database { store.database }
    private var sources = 0
    private var records = 0

    init() throws {
        directory = try makeTemporaryDirectory("detect")
        try FileManager.default.createDirectory(atPath: directory + "/rules", withIntermediateDirectories: true)
        store = try EventStore(path: directory + "/case.db", mode: .readWrite)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Adds a source of `format` holding `raws` (one record each); returns their event ids.
    @discardableResult
    func source(
        format: String, _ raws: [String], actor: String = "user@example.com", outcome: String? = nil,
        operation: String = "op"
    ) throws -> [Int64] {
        sources += 1
        try db.prepare(
            """
            INSERT INTO sources (source_id, path, sha256, size_bytes, plugin, plugin_version, format, ingested_at, records_read,
                records_stored, duplicates, rejects, events_stored, tool_version)
            VALUES (?, ?, ?, 1, 'test', '1', ?, '2024-01-01T00:00:00Z', ?, ?, 0, 0, ?, 'test')
            """
        ).run([
            .integer(Int64(sources)), .text("/evidence/\(sources)"), .text("sha-\(sources)"), .text(format),
            .integer(Int64(raws.count)), .integer(Int64(raws.count)), .integer(Int64(raws.count)),
        ])
        var ids: [Int64] = []
        for raw in raws {
            records += 1
            try db.prepare(
                """
                INSERT INTO events (source_id, locator, ts_us, ts_raw, timestamp_desc, category, operation, action, outcome,
                    actor, dedup_key, message, raw) VALUES (?, ?, ?, 't', 'd', 'c', ?, 'other', ?, ?, ?, 'm', ?)
                """
            ).run([
                .integer(Int64(sources)), .text("line \(records)"), .integer(1_700_000_000_000_000 + Int64(records) * 1_000_000),
                .text(operation), .optional(outcome), .text(actor), .text("k\(records)"), .text(raw),
            ])
            ids.append(try db.scalarInt("SELECT max(event_id) FROM event_rows") ?? 0)
        }
        return ids
    }

    /// Writes a rule file under rules/ and returns its path.
    @discardableResult
    func rule(_ name: String, _ text: String) throws -> String {
        let path = directory + "/rules/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func options(_ paths: [String]? = nil) -> DetectOptions {
        DetectOptions(rulePaths: paths ?? [directory + "/rules"], toolVersion: "test")
    }

    func detect(_ options: DetectOptions? = nil) throws -> DetectionSummary {
        let options = options ?? self.options()
        let plan = try DetectionPlan(database: db, options: options)
        return try Detector.run(plan, on: db, options: options)
    }

    /// Event ids each rule matched, by rule id.
    func hits() throws -> [String: [Int64]] {
        var result: [String: [Int64]] = [:]
        let s = try db.prepare("SELECT rule_id, event_id FROM detections ORDER BY rule_id, event_id")
        while try s.step() { result[s.text(0) ?? "", default: []].append(s.int64(1)) }
        return result
    }
}

/// A CloudTrail-shaped rule with `detection` given as YAML text (indented under `detection:`).
func cloudTrailRule(_ id: String, level: String = "medium", status: String = "test", _ detection: String) -> String {
    """
    title: Test rule \(id)
    id: \(id)
    status: \(status)
    level: \(level)
    tags:
        - attack.t1078
    logsource:
        product: aws
        service: cloudtrail
    detection:
    \(detection.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
    """
}

/// A CloudTrail record.
func trail(_ name: String, source: String = "s3.amazonaws.com", extra: String = "") -> String {
    #"{"eventVersion":"1.08","eventSource":"\#(source)","eventName":"\#(name)","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/Alice"},"sourceIPAddress":"203.0.113.7"\#(extra)}"#
}
