import Foundation
import TesseraStore
import TesseraTriage
import Testing

/// Values an adversary could plant in evidence, and a store with them in every text field.
enum HostileCorpus {
    static let script = "<script>document.documentElement.setAttribute('data-pwned','1')</script>"
    static let breakout = "\"><img src=x onerror=alert(1)>"
    static let singleQuoteBreakout = "'><svg onload=alert(2)>"
    static let closeScript = "</script><script>alert(3)</script>"
    static let jsURL = "javascript:alert(4)"
    static let bidi = "invoice\u{202E}fdp.exe\u{2066}x\u{2069}\u{200F}"
    static let separators = "line\u{2028}para\u{2029}end\nnext\rline\ttab"
    static let formula = "=HYPERLINK(\"http://evil.example\",\"click\")"
    static let markdown = "| col | [click](javascript:alert(5)) *bold* `code` _u_ ~s~ \\"
    static let entity = "&amp; &lt;b&gt; ]]><!-- -->"
    static let plusMinusAt = ["+1+2", "-3", "@SUM(A1)", "\t=1", "\r=2"]
    /// A 10 MB value that is markup all the way through.
    static let huge = String(repeating: "<b>x</b>", count: 10 * 1024 * 1024 / 8)

    static let values =
        [script, breakout, singleQuoteBreakout, closeScript, jsURL, bidi, separators, formula, markdown, entity]
        + plusMinusAt

    /// The scalars that must never reach a rendered report.
    static let forbiddenScalars: [Unicode.Scalar] = ["\u{202E}", "\u{2066}", "\u{2069}", "\u{200F}", "\u{2028}", "\u{2029}"]

    /// A correlated store whose every text field holds a hostile value; the 10 MB value sits in
    /// one field of each section: an event's message, a session summary, a finding summary, an
    /// access row's resource name and the correlation run's policy column.
    static func build(in directory: String) throws -> (path: String, hugeEvent: Int64) {
        let f = try FixtureStore(directory: directory)
        var i = 0
        func next() -> String { defer { i += 1 }; return values[i % values.count] }
        let src = try f.source(next(), plugin: next(), format: next(), sha: next(), read: 3, stored: 3, events: 3)
        let id = "TKT-" + script
        try f.session(
            source: src, line: 1, id: id, engineer: next(), name: bidi, country: breakout, employer: next(),
            clearance: next(), start: "2023-01-01T10:00:00Z", end: "2023-01-01T11:00:00Z",
            accounts: [next(), next()], ips: [next()], scope: [jsURL, next()], summary: huge, ticketURL: jsURL)
        var ids: [Int64] = []
        for n in 0..<values.count {
            var fields: [String: String] = [:]
            for key in [
                "locator", "ts_raw", "timestamp_desc", "operation", "outcome", "actor_raw", "actor_type", "client_ip",
                "user_agent", "tenant", "session_id", "record_id", "raw",
            ] {
                fields[key] = next()
            }
            fields["session_id"] = id
            ids.append(
                try f.event(
                    source: src, line: n + 2, at: "2023-01-01T10:\(10 + n):00Z", category: next(), action: next(),
                    actor: "actor-" + next(), resourceType: "mail_item", resource: "victim@x.example/" + next(),
                    name: next(), message: next(), fields: fields))
        }
        let hugeEvent = try f.event(
            source: src, line: 99, at: "2023-01-01T10:59:00Z", category: "mail", action: "read",
            actor: next(), resourceType: "file", resource: next(), name: next(), message: huge)
        try f.insert(
            "interactions",
            [
                "interaction_id", "engineer", "engineer_country", "clearance", "tenant", "customer_class",
                "start_utc", "end_utc", "session_count", "event_count", "resource_count", "finding_count",
                "start_us", "end_us",
            ],
            [
                .text(id), .text(breakout), .text(bidi), .text(formula), .text(markdown), .text(entity),
                .text("2023-01-01T09:45:00Z"), .text("2023-01-01T11:15:00Z"), .integer(1), .integer(2),
                .integer(2), .integer(1), .integer(CorrelationFixture.us("2023-01-01T09:45:00Z")),
                .integer(CorrelationFixture.us("2023-01-01T11:15:00Z")),
            ])
        // Attributes the first hostile event (whatever its hostile actor, resource and action) to the interaction.
        try f.db.prepare(
            """
            INSERT INTO interaction_access SELECT ?, ?, actor, resource_type, resource, ?, action,
                   '2023-01-01T10:00:00Z', '2023-01-01T11:00:00Z', 1, ?, ?, ?, tenant FROM events WHERE event_id = ?
            """
        ).run([
            .text(id), .text(next()), .text(huge), .text(next()), .integer(CorrelationFixture.us("2023-01-01T10:00:00Z")),
            .integer(CorrelationFixture.us("2023-01-01T11:00:00Z")), .integer(ids[0]),
        ])
        try f.insert(
            "attributions", ["event_id", "interaction_id", "session_row_id", "engineer", "matched_by", "overlap"],
            [.integer(ids[0]), .text(id), .integer(1), .text(next()), .text("identity"), .integer(0)])
        try f.insert(
            "interaction_access",
            [
                "interaction_id", "engineer", "actor", "resource_type", "resource", "resource_name",
                "action", "first_utc", "last_utc", "event_count", "client_ips", "first_us", "last_us",
            ],
            [
                .text(id), .text(next()), .text(next()), .text("file"), .text(next()), .text(next()),
                .text("read"), .text("2023-01-01T10:00:00Z"), .text("2023-01-01T11:00:00Z"),
                .integer(1), .text(bidi), .integer(CorrelationFixture.us("2023-01-01T10:00:00Z")),
                .integer(CorrelationFixture.us("2023-01-01T11:00:00Z")),
            ])
        // finding_id is an INTEGER and severity is checked by the schema: hostile text goes in every free-text column.
        let findingColumns = ["finding_id", "interaction_id", "rule", "severity", "summary", "first_utc", "last_utc", "evidence"]
        try f.insert(
            "findings", findingColumns,
            [
                .integer(1), .text(id), .text(script), .text("high"), .text(huge),
                .text("2023-01-01T10:00:00Z"), .text("2023-01-01T11:00:00Z"),
                .text("[\(ids[0]), \(ids[1]), \(hugeEvent)]"),
            ])
        try f.insert(
            "findings", findingColumns,
            [
                .integer(2), .null, .text(bidi + closeScript + breakout), .text("low"), .text(markdown + jsURL),
                .text("2023-01-01T10:00:00Z"), .null, .text("not json <script>"),
            ])
        try f.insert(
            "unattributed_support_access",
            [
                "event_id", "time_utc", "ts_us", "identity", "actor", "actor_type", "client_ip", "action", "resource_type",
                "resource", "resource_name", "source_id", "locator",
            ],
            [
                .integer(ids[2]), .text("2023-01-01T10:12:00Z"), .integer(CorrelationFixture.us("2023-01-01T10:12:00Z")),
                .text(next()), .text(next()), .text(next()), .text(next()), .text(next()), .text(next()), .text(next()),
                .text(next()), .integer(src), .text(next()),
            ])
        try f.insert(
            "correlation_runs", CorrelationFixture.runColumns,
            [
                .integer(1), .text(script), .text(bidi), .text(jsURL), .text(huge), .text(breakout), .text(closeScript),
                .text(markdown), .null, .text(entity), .null, .text(formula), .text("[]"),
            ])
        // Analysts' tags and comments are hostile text too: on a finding, an event and the interaction.
        let ledger = TriageLedger(database: f.db)
        let findingKey = try #require(try TriageKeys.findings(f.db).first { $0.findingID == 1 }).key
        let eventKey = try #require(try TriageKeys.eventKey(f.db, eventID: ids[0]))
        try ledger.append([
            .init(
                kind: .finding, key: findingKey, status: .falsePositive, tags: [script, formula, bidi] + plusMinusAt,
                comment: closeScript + breakout + separators + markdown + huge, analyst: singleQuoteBreakout,
                createdUTC: "2024-05-02T10:00:00.000000Z"),
            .init(
                kind: .event, key: eventKey, status: .confirmed, tags: [formula, script] + plusMinusAt, comment: entity,
                analyst: formula, createdUTC: "2024-05-02T10:01:00.000000Z"),
            .init(
                kind: .interaction, key: id, status: .needsReview, tags: [jsURL, markdown], comment: script + bidi,
                analyst: breakout, createdUTC: "2024-05-02T10:02:00.000000Z"),
        ])
        return (f.close(), hugeEvent)
    }
}
