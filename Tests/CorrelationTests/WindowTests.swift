import TesseraCorrelation
import TesseraSDK
import TesseraStore
import Testing

struct WindowTests {
    @Test func overlappingTicketsOfOneEngineerShareEventsAndAreMarked() throws {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv",
            [
                support(
                    "T-1", engineer: "eve@vendor.example", country: "US", customerClass: nil,
                    start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z", accounts: ["eve@contoso.com"]),
                support(
                    "T-2", engineer: "EVE@vendor.example", country: "US", customerClass: nil,
                    start: "2024-05-01T10:30:00Z", end: "2024-05-01T12:00:00Z", accounts: ["eve@contoso.com"]),
            ])
        try f.ingest(
            "ual.json",
            [
                access("2024-05-01T10:45:00Z", actor: "Eve@Contoso.com", resource: "a@contoso.com/1"), // both windows
                access("2024-05-01T10:05:00Z", actor: "eve@contoso.com", resource: "a@contoso.com/2"), // T-1 only (T-2 opens 10:15)
                access("2024-05-01T11:30:00Z", actor: "eve@contoso.com", resource: "a@contoso.com/3"), // T-2 only (T-1 closed 11:15)
            ])
        let summary = try Correlator(store: f.store, options: CorrelationOptions()).run()
        let rows = try f.rows("SELECT event_id, interaction_id, overlap FROM attributions ORDER BY event_id, interaction_id")
        let e1 = try f.eventID("ual.json", 1), e2 = try f.eventID("ual.json", 2), e3 = try f.eventID("ual.json", 3)
        #expect(rows == [["\(e1)", "T-1", "1"], ["\(e1)", "T-2", "1"], ["\(e2)", "T-1", "0"], ["\(e3)", "T-2", "0"]])
        #expect(
            try f.rows("SELECT interaction_id, other_interaction_id, engineer, overlap_start_utc, overlap_end_utc FROM interaction_overlaps")
                == [["T-1", "T-2", "eve@vendor.example", "2024-05-01T10:15:00.000000Z", "2024-05-01T11:15:00.000000Z"]])
        #expect(summary.overlappingEvents == 1)
        #expect(summary.windowOverlaps == 1)
    }

    @Test func separateTicketsOfDifferentEngineersAreNotOverlaps() throws {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv",
            [
                support("T-1", engineer: "eve@vendor.example", start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z"),
                support("T-2", engineer: "frank@vendor.example", start: "2024-05-01T10:30:00Z", end: "2024-05-01T12:00:00Z"),
            ])
        let summary = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(summary.windowOverlaps == 0)
        #expect(try f.int("SELECT count(*) FROM interaction_overlaps") == 0)
    }

    @Test func sessionWithoutEndClosesAtTheTicketsNextSession() throws {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv",
            [
                support("T-9", engineer: "eve@vendor.example", customerClass: nil, start: "2024-05-02T10:00:00Z", accounts: ["eve@contoso.com"]),
                support("T-9", engineer: "eve@vendor.example", customerClass: nil, start: "2024-05-02T12:00:00Z", end: "2024-05-02T12:30:00Z"),
            ])
        let summary = try Correlator(store: f.store, options: CorrelationOptions(slackSeconds: 0)).run()
        let windows = try f.rows("SELECT end_rule, window_end_utc FROM interaction_windows ORDER BY start_us")
        #expect(windows == [["next_session", "2024-05-02T12:00:00.000000Z"], ["recorded", "2024-05-02T12:30:00.000000Z"]])
        #expect(summary.warnings.contains { $0.contains("T-9") && $0.contains("closed at the ticket's next session (2024-05-02T12:00:00.000000Z)") })
        #expect(
            try f.rows("SELECT start_utc, end_utc, session_count FROM interactions")
                == [["2024-05-02T10:00:00.000000Z", "2024-05-02T12:30:00.000000Z", "2"]])
    }

    @Test func slackOptionWidensEveryWindow() throws {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv",
            [
                support("T-1", engineer: "eve@vendor.example", customerClass: nil, start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z")
            ])
        try f.ingest("ual.json", [access("2024-05-01T11:20:00Z", actor: "eve@vendor.example", resource: "x")])
        let defaultRun = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(defaultRun.attributedEvents == 0)
        #expect(defaultRun.unattributedSupportEvents == 1)
        let wide = try Correlator(store: f.store, options: CorrelationOptions(slackSeconds: try CorrelationOptions.parseDuration("30m"))).run()
        #expect(wide.attributedEvents == 1)
        #expect(wide.unattributedSupportEvents == 0)
        #expect(try f.rows("SELECT window_start_utc FROM interaction_windows") == [["2024-05-01T09:30:00.000000Z"]])
    }

    @Test func parsesSlackDurations() throws {
        #expect(try CorrelationOptions.parseDuration("15") == 900)
        #expect(try CorrelationOptions.parseDuration("900s") == 900)
        #expect(try CorrelationOptions.parseDuration("2h") == 7200)
        #expect(throws: CorrelationError.self) { try CorrelationOptions.parseDuration("soon") }
        #expect(throws: CorrelationError.self) { try CorrelationOptions.parseDuration("-5") }
    }

    @Test func approvedLockboxWithoutDurationGetsThePolicyDefault() throws {
        let f = try StoreFixture()
        try f.ingest(
            "lockbox.json",
            [
                support("LB-1", kind: .lockbox, customerClass: nil, start: "2024-06-01T08:00:00Z", status: "approved")
            ])
        try f.ingest(
            "ual.json",
            [
                access("2024-06-01T12:15:00Z", actor: "Microsoft Operator", actorType: ActorType.microsoftOperator, resource: "m/1"),
                access("2024-06-01T12:15:00.000001Z", actor: "Microsoft Operator", actorType: ActorType.microsoftOperator, resource: "m/2"),
            ])
        let summary = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(try f.rows("SELECT end_rule, window_end_utc FROM interaction_windows") == [["lockbox_default", "2024-06-01T12:15:00.000000Z"]])
        #expect(try f.rows("SELECT event_id FROM attributions") == [["\(try f.eventID("ual.json", 1))"]])
        #expect(try f.rows("SELECT event_id FROM unattributed_support_access") == [["\(try f.eventID("ual.json", 2))"]])
        #expect(summary.warnings.contains { $0.contains("LB-1") && $0.contains("4 h") })
    }

    @Test func policyChangesLockboxDefaultAndOpenSessionMaximum() throws {
        let f = try StoreFixture()
        try f.ingest(
            "support.csv",
            [
                support("LB-1", kind: .lockbox, customerClass: nil, start: "2024-06-01T08:00:00Z", status: "Approved"),
                support("T-1", engineer: "eve@vendor.example", customerClass: nil, start: "2024-06-01T08:00:00Z"),
            ])
        let policy = try Policy.parse("windows: {slack_minutes: 0, lockbox_default_hours: 1, max_open_session_hours: 2}", source: "p.yaml")
        _ = try Correlator(store: f.store, options: CorrelationOptions(policy: policy)).run()
        #expect(
            try f.rows("SELECT interaction_id, window_end_utc FROM interaction_windows ORDER BY interaction_id")
                == [["LB-1", "2024-06-01T09:00:00.000000Z"], ["T-1", "2024-06-01T10:00:00.000000Z"]])
    }
}
