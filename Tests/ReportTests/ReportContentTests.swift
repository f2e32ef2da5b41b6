import Foundation
import TesseraCorrelation
import TesseraStore
import Testing

@testable import TesseraReport

/// What a report says, checked against the small case worked out by hand in `SmallCase`.
@Suite struct ReportContentTests {
    @Test func findingsComeHighestSeverityFirstWithLinksToListedEvidence() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let c = try content(store)
        #expect(c.findings.map(\.findingID) == ["1", "2", "3", "4"])
        #expect(c.findings.map(\.severity) == ["high", "high", "medium", "low"])
        let html = try render(store, .html)
        for id in c.findings.flatMap(\.evidence) {
            #expect(html.contains("<a href=\"#ev-\(id)\">#\(id)</a>"), "evidence #\(id) links to its row")
            #expect(html.contains("<tr id=\"ev-\(id)\""), "evidence #\(id) has a row to land on")
        }
        let high = try #require(html.range(of: "High severity (2)")), low = try #require(html.range(of: "Low severity (1)"))
        #expect(high.lowerBound < low.lowerBound)
    }

    @Test func sectionsAppearInTheIssuesOrder() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        for text in [try render(store, .html), try render(store, .markdown)] {
            let positions = ["1. Case summary", "2. Findings", "3. Interactions", "4. Timeline", "5. Events"].map {
                text.range(of: $0, options: .backwards)?.lowerBound
            }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        }
    }

    @Test func interactionsGroupResourcesAndAttributeEvents() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let c = try content(store)
        #expect(c.interactions.map(\.interactionID) == ["TKT-100", "TKT-200"])
        let tkt200 = c.interactions[1]
        #expect(tkt200.groups.map(\.title) == ["Mailboxes → folders → items"])
        #expect(
            tkt200.groups[0].rows.map(\.resourceType) == ["mailbox", "mail_item", "mail_item", "mail_item"],
            "the mailbox comes before its items")
        #expect(Set(tkt200.groups[0].rows.map(\.container)) == ["director@fedagency.example"])
        #expect(c.interactions[0].groups[0].rows[0].container == "https://fedagency.sharepoint.example/sites/Finance")
        #expect(tkt200.employers == ["Offshore Partner Ltd. (subcontractor)"])
        #expect(tkt200.findingIDs == ["1", "2", "4"])
        let byID = Dictionary(uniqueKeysWithValues: c.events.rows.map { ($0.eventID, $0) })
        #expect(byID[5]?.interactions == ["TKT-100"] && byID[6]?.interactions == ["TKT-100"])
        #expect(byID[7]?.interactions == ["TKT-200"] && byID[10]?.interactions == ["TKT-200"])
        #expect(byID[11]?.interactions == [] && byID[11]?.unattributedSupport == true)
        #expect(byID[12]?.interactions == [], "the customer's own sign-in is nobody's support access")
        #expect(byID[3]?.severity == "high" && byID[3]?.findingIDs == ["1", "4"])
        #expect(c.events.rows.allSatisfy { !$0.sourcePath.isEmpty && !$0.locator.isEmpty })
    }

    @Test func timelineDrawsEveryInteractionAndTheUnattributedLane() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let timeline = try #require(try content(store).timeline)
        #expect(timeline.lanes.map(\.label) == ["TKT-100", "TKT-200"])
        #expect(timeline.lanes.map { $0.counts.reduce(0, +) } == [2, 4])
        #expect(timeline.unattributed?.reduce(0, +) == 1)
        #expect(timeline.lanes.allSatisfy { !$0.bands.isEmpty })
        let html = try render(store, .html)
        #expect(html.contains("<svg class=\"timeline\""))
        #expect(html.contains("Unattributed support access"))
    }

    @Test func manyInteractionsAreAggregatedPerEngineer() throws {
        let f = try FixtureStore(directory: try temporaryDirectory())
        let src = try f.source("/evidence/log.csv", plugin: "support-log", format: "support-log-csv", sha: "ab", read: 60, stored: 60, events: 0)
        for n in 0..<60 {
            let day = 1 + n % 28
            try f.session(
                source: src, line: n + 2, id: "TKT-\(1000 + n)", engineer: "eng\(n % 3)@vendor.example", name: "E\(n % 3)",
                country: "US", employer: "Vendor", clearance: nil,
                start: "2023-02-\(day < 10 ? "0" : "")\(day)T10:00:00Z", end: nil, accounts: [], ips: [], scope: [],
                summary: "s", ticketURL: nil)
        }
        let path = f.close()
        let c = try content(path)
        #expect(c.interactions.count == 60)
        let timeline = try #require(c.timeline)
        #expect(timeline.lanes.map(\.label) == ["eng0@vendor.example", "eng1@vendor.example", "eng2@vendor.example"])
        #expect(timeline.note.contains("60 interactions are aggregated"))
        #expect(timeline.lanes.map(\.detail) == ["20 interactions", "20 interactions", "20 interactions"])
    }

    @Test func uncorrelatedStoreSaysSoAndStillReportsWhatWasIngested() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: false)
        let c = try content(store)
        #expect(!c.correlation.hasResults)
        #expect(c.findings.isEmpty)
        #expect(c.interactions.map(\.interactionID) == ["TKT-100", "TKT-200"])
        #expect(c.events.totalInScope == 12)
        let html = try render(store, .html), md = try render(store, .markdown)
        #expect(html.contains("not correlated yet") && md.contains("not correlated yet"))

        // Every store has the correlation tables (migration 3); before `tessera correlate` they are empty.
        let empty = try SmallCase.build(in: try temporaryDirectory(), correlated: false)
        let emptyTables = try content(empty)
        #expect(emptyTables.correlation.presence == .empty, "empty tables are not a correlation")
        #expect(emptyTables.correlation.notCorrelatedReason?.contains("empty") == true)
    }

    @Test func policyAndParametersComeFromTheLatestRun() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let first = try content(store).correlation
        #expect(first.presence == .present(interactions: 2))
        let run = try #require(first.latestRun)
        #expect(
            run.recordedValues.map(\.column) == [
                "run_id", "started_utc", "finished_utc", "tool_version", "parameters", "policy_source", "policy_sha256",
                "aliases_path", "aliases_sha256", "geoip_path", "geoip_sha256", "summary", "warnings",
            ],
            "every column of the run, in schema order")
        #expect(run.policySHA256 == String(repeating: "d4", count: 32))
        #expect(run.parameters.hasPrefix("{\"slack_minutes\":15,"))
        #expect(run.aliasesPath == nil && run.recordedValues.first { $0.column == "aliases_path" }?.value == "NULL")
        #expect(first.status == .current(runID: 1))

        let writable = try EventStore(path: store, mode: .readWrite)
        try writable.database.prepare(
            "INSERT INTO correlation_runs (\(CorrelationFixture.runColumns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: 13).joined(separator: ", ")))"
        )
        .run(
            CorrelationFixture.run(
                id: 2, policy: "strict.json", sha: "e5", slack: 30, geoIP: "GeoLite2-Country.mmdb",
                sourcesSHA256: "of other sources"))
        let second = try content(store).correlation
        #expect(second.latestRun?.policySource == "strict.json", "the latest run, by run_id")
        #expect(second.status == .stale(runID: 2))
        // That run saw other sources than the store holds now: the report must say its results are stale.
        #expect(try render(store, .markdown).contains("STALE: sources changed after correlation run 2"))
        #expect(try render(store, .html).contains("STALE: sources changed after correlation run 2"))
        // Results without a recorded run (written by hand): shown, and the report says where the run record is missing.
        try writable.database.execute("DELETE FROM correlation_runs")
        let unrecorded = try content(store).correlation
        #expect(unrecorded.hasResults && unrecorded.latestRun == nil && unrecorded.status == .never)
        #expect(try render(store, .html).contains("no record of the run that produced them (table correlation_runs is empty)"))
        #expect(try render(store, .markdown).contains("no record of the run that produced them."))
    }

    @Test func interactionFilterKeepsItsSectionFindingsAndEvents() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let c = try content(store, filter: ReportFilter(interactions: ["TKT-200"]))
        #expect(c.interactions.map(\.interactionID) == ["TKT-200"])
        #expect(c.findings.map(\.findingID) == ["1", "2", "4"], "finding 3 belongs to no interaction")
        #expect(c.events.rows.map(\.eventID) == [3, 7, 8, 9, 10], "attributed events plus the findings' evidence")
        #expect(c.timeline?.unattributed == nil)
        #expect(throws: ReportError.self) { try content(store, filter: ReportFilter(interactions: ["TKT-404"])) }
    }

    @Test func timeRangeIsInclusiveAndDateOnlyToMeansTheWholeDay() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let filter = try ReportFilter(interactions: [], from: "2023-04-02T01:30:00Z", to: "2023-04-02", zone: .utc)
        let c = try content(store, filter: filter)
        #expect(c.events.rows.map(\.eventID) == [7, 8, 9, 10, 4])
        #expect(c.interactions.map(\.interactionID) == ["TKT-200"])
        #expect(c.findings.map(\.findingID) == ["1", "2", "4"])
        #expect(throws: ReportError.self) { try ReportFilter(interactions: [], from: "2023-05-01", to: "2023-04-01", zone: .utc) }
        #expect(throws: ReportError.self) { try ReportFilter(interactions: [], from: "last tuesday", to: nil, zone: .utc) }
        let ny = try DisplayZone(named: "America/New_York")
        #expect(
            try ReportFilter(interactions: [], from: "2023-04-01T20:00:00", to: nil, zone: ny).fromUs
                == CorrelationFixture.us("2023-04-02T00:00:00Z"), "a naive time is read in --tz")
    }

    @Test func largeCasesListABoundedSelectionWithEvidenceFirstAndCountsForAll() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let c = try content(store, options: options(maxEventRows: 3))
        #expect(c.events.totalInScope == 12)
        #expect(c.events.rows.map(\.eventID) == [3, 7, 10], "the earliest three of the four evidence events, in time order")
        #expect(c.events.byMonth.reduce(0) { $0 + $1.count } == 12)
        #expect(c.events.byMonth.map(\.key) == ["2023-03", "2023-04"])
        let months = EventListLoader.months(from: CorrelationFixture.us("2023-12-15T08:00:00Z"), to: CorrelationFixture.us("2024-02-01T00:00:00Z"))
        #expect(months.map(\.0) == ["2023-12", "2024-01", "2024-02"])
        #expect(months[1].1 == CorrelationFixture.us("2024-01-01T00:00:00Z") && months[1].2 == CorrelationFixture.us("2024-02-01T00:00:00Z"))
        #expect(c.events.byActor.first?.key == "liwei-support@fedagency.example" && c.events.byActor.first?.count == 5)
        let html = try render(store, .html, options: options(maxEventRows: 3))
        #expect(html.contains("the list shows 3 of them"))
        #expect(html.contains("tessera export --format csv --output events.csv"))
        #expect(html.contains("#11"), "an unlisted evidence event is still named")
        #expect(!html.contains("href=\"#ev-11\""), "but not linked to a row that is not there")
    }

    @Test func displayZoneIsLabelledOnEveryTime() throws {
        let ny = try DisplayZone(named: "America/New_York")
        #expect(ny.format(CorrelationFixture.us("2023-03-14T14:02:00Z")) == "2023-03-14 10:02:00 UTC-04:00")
        #expect(ny.format(CorrelationFixture.us("2023-01-14T14:02:00.5Z")) == "2023-01-14 09:02:00.500000 UTC-05:00")
        #expect(DisplayZone.utc.format(0) == "1970-01-01 00:00:00 UTC")
        #expect(try DisplayZone(named: "+05:30").iso8601(0) == "1970-01-01T05:30:00.000000+05:30")
        #expect(throws: ReportError.self) { try DisplayZone(named: "Mars/Olympus") }
    }

    @Test func rerunsAreByteIdenticalAndLeaveTheStoreUnchanged() throws {
        let dir1 = try temporaryDirectory(), dir2 = try temporaryDirectory()
        let a = try SmallCase.build(in: dir1, correlated: true)
        let before = try fileSHA256(a)
        for format in ReportFormat.allCases {
            let first = try render(a, format), second = try render(a, format)
            #expect(first == second, "\(format) differs between two runs")
        }
        #expect(try fileSHA256(a) == before, "a report never changes the store")
        let b = try SmallCase.build(in: dir2, correlated: true)
        let hashA = try fileSHA256(a), hashB = try fileSHA256(b)
        #expect(try render(a, .html).replacingOccurrences(of: hashA, with: "") == (try render(b, .html)).replacingOccurrences(of: hashB, with: ""))
    }

    @Test func uncheckpointedChangesAreDeclaredBesideTheHash() throws {
        let path = try SmallCase.build(in: try temporaryDirectory(), correlated: false)
        #expect(try content(path).summary.pendingWALBytes == nil)
        var writer: EventStore? = try EventStore(path: path, mode: .readWrite)
        try writer?.database.execute("INSERT INTO rejects (source_id, locator, reason, raw) VALUES (1, 'line 99', 'late', 'x')")
        let during = try content(path)
        #expect((during.summary.pendingWALBytes ?? 0) > 0, "an open writer's committed changes sit in the WAL")
        #expect(try render(path, .html).contains("Store write-ahead log"))
        writer = nil
        #expect(try content(path).summary.pendingWALBytes == nil, "closing the writer checkpoints the WAL into the file")
    }

    @Test func writingReplacesTheOutputWholeAndRefusesTheStore() throws {
        let dir = try temporaryDirectory()
        let path = try SmallCase.build(in: dir, correlated: true)
        let store = try EventStore(path: path, mode: .readOnly)
        let out = dir + "/report.html"
        try Data("old".utf8).write(to: URL(fileURLWithPath: out))
        let written = try Report.write(store: store, format: .html, filter: ReportFilter(), options: options(), to: out)
        #expect(written.bytes == (try Data(contentsOf: URL(fileURLWithPath: out))).count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".partial-") }.isEmpty)
        #expect(throws: ReportError.self) {
            try Report.write(store: store, format: .html, filter: ReportFilter(), options: options(), to: path)
        }
    }
}
