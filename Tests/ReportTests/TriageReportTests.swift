import Foundation
import TesseraStore
import TesseraTriage
import Testing

@testable import TesseraReport

/// Verdicts in reports and exports: shown per finding, counted, filtered with `--status`.
@Suite struct TriageReportTests {
    /// The small case with three reviews: finding 1 false positive (twice, by two analysts),
    /// finding 2 confirmed with tags, interaction TKT-200 needs review, event 10 confirmed.
    static func reviewedCase() throws -> String {
        let path = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let store = try EventStore(path: path, mode: .readWrite)
        let keys = try TriageKeys.findings(store.database)
        func key(_ id: Int64) throws -> String { try #require(keys.first { $0.findingID == id }).key }
        let eventKey = try #require(try TriageKeys.eventKey(store.database, eventID: 10))
        try TriageLedger(database: store.database).append([
            .init(
                kind: .finding, key: try key(1), status: .needsReview, tags: [], comment: "check the HR record",
                analyst: "alice", createdUTC: "2024-05-02T09:00:00.000000Z"),
            .init(
                kind: .finding, key: try key(1), status: .falsePositive, tags: ["cleared-later"],
                comment: "Li Wei was cleared and relocated before the ticket", analyst: "bob", createdUTC: "2024-05-02T10:00:00.000000Z"),
            .init(
                kind: .finding, key: try key(2), status: .confirmed, tags: ["exfiltration", "escalate"], comment: nil,
                analyst: "alice", createdUTC: "2024-05-02T11:00:00.000000Z"),
            .init(
                kind: .interaction, key: "TKT-200", status: .needsReview, tags: [], comment: "ask the vendor for the VPN log",
                analyst: "alice", createdUTC: "2024-05-02T12:00:00.000000Z"),
            .init(
                kind: .event, key: eventKey, status: .confirmed, tags: ["forwarding"], comment: nil, analyst: "alice",
                createdUTC: "2024-05-02T12:30:00.000000Z"),
        ])
        return path
    }

    @Test func eachFindingShowsItsVerdictAndTheSummaryCountsThem() throws {
        let path = try Self.reviewedCase()
        let c = try content(path)
        #expect(c.triage?.countsSentence == "1 confirmed, 1 false-positive, 2 unreviewed")
        let html = try render(path, .html)
        #expect(html.contains("<dt>Findings by triage status</dt><dd>1 confirmed, 1 false-positive, 2 unreviewed"))
        #expect(
            html.contains(
                "<span class=\"verdict\">false-positive</span> <span class=\"tag\">cleared-later</span> "
                    + "<span class=\"note\">by bob at 2024-05-02 10:00:00 UTC; 2 verdicts in its history</span>"
                    + "<br><q class=\"comment\">Li Wei was cleared and relocated before the ticket</q>"))
        #expect(html.contains("<span class=\"verdict\">confirmed</span> <span class=\"tag\">exfiltration</span> <span class=\"tag\">escalate</span>"))
        #expect(
            html.contains("<dt>Triage</dt><dd>needs-review by alice at 2024-05-02 12:00:00 UTC; 1 verdict in its history: ask the vendor for the VPN log</dd>"))
        let md = try render(path, .markdown)
        #expect(md.contains("| Findings by triage status | 1 confirmed, 1 false-positive, 2 unreviewed"))
        #expect(
            md.contains(
                "**false-positive** tags: cleared\\-later; by bob at 2024-05-02 10:00:00 UTC; 2 verdicts in its history; comment: Li Wei was cleared and relocated before the ticket"
            )
                || md.contains(
                    "**false-positive** tags: cleared-later; by bob at 2024-05-02 10:00:00 UTC; 2 verdicts in its history; comment: Li Wei was cleared and relocated before the ticket"
                ))
    }

    @Test func statusFilterLeavesFindingsOutButTheSummarySaysWhichAndByWhom() throws {
        let path = try Self.reviewedCase()
        var filter = ReportFilter()
        filter.triageStatuses = ["confirmed", "needs-review", "unreviewed", "evidence-changed"]
        let c = try content(path, filter: filter)
        #expect(c.findings.map(\.findingID).sorted() == ["2", "3", "4"])
        #expect(c.triage?.countsSentence == "1 confirmed, 1 false-positive, 2 unreviewed", "counts cover every finding in scope")
        #expect(c.triage?.excluded.map(\.sentence) == ["1 false-positive (verdicts by bob: 1)"])
        for format in [ReportFormat.html, .markdown] {
            let text = try render(path, format, filter: filter)
            #expect(text.contains("1 false-positive (verdicts by bob: 1)"), "\(format)")
            #expect(!text.contains("Li Wei was cleared"), "\(format): the left-out finding is not listed")
        }
    }

    @Test func exportsCarryTheEventsVerdictAndTags() throws {
        let path = try Self.reviewedCase()
        let csv = parseCSV(try exportText(path, .csv))
        let header = try #require(csv.first)
        let row = try #require(csv.first { $0.first == "10" })
        #expect(row[header.firstIndex(of: "verdict")!] == "confirmed" && row[header.firstIndex(of: "tags")!] == "forwarding")
        #expect(csv.dropFirst().filter { !$0[header.firstIndex(of: "verdict")!].isEmpty }.count == 1)
        let ts = try exportText(path, .timesketchJSONL).split(separator: "\n")
            .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let reviewed = try #require(ts.first { ($0["event_id"] as? Int) == 10 })
        #expect(reviewed["tag"] as? [String] == ["forwarding"] && reviewed["verdict"] as? String == "confirmed")
        #expect(ts.filter { ($0["tag"] as? [String])?.isEmpty == true }.count == ts.count - 1)
        let l2t = parseCSV(try exportText(path, .l2tCSV))
        #expect(l2t.contains { $0[14] == "locator: element 14; verdict: confirmed; tags: forwarding" })
    }

    @Test func aStoreWrittenBeforeTriageStillReports() throws {
        let path = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let store = try EventStore(path: path, mode: .readWrite)
        try store.database.execute("DROP VIEW event_keys; DROP VIEW current_annotations; DROP TABLE annotations; PRAGMA user_version = 4")
        let c = try content(path)
        #expect(c.triage?.countsSentence == "4 unreviewed")
        #expect(try exportText(path, .csv).contains("verdict,tags"))
    }
}
