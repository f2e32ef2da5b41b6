import TesseraCorrelation
import TesseraSDK
import TesseraStore
import Testing

/// A Lockbox request's window starts at its approval when the evidence holds it.
struct LockboxApprovalTests {
    static let requestID = "8C1D2E3F-4A5B-46C7-8D9E-0F1A2B3C4D5E"

    /// The request list's request (created 02:00, 4 h, ticket TKT-1) and the UAL's approval at 03:00.
    func store(listStatus: String = "Approved", approvalAt: String = "2024-02-12T03:00:00Z") throws -> StoreFixture {
        let f = try StoreFixture()
        try f.ingest(
            "lockbox_requests.json",
            [
                support(
                    "TKT-1", kind: .lockbox, customerClass: nil, start: "2024-02-12T02:00:00Z", end: "2024-02-12T06:00:00Z",
                    status: listStatus,
                    details: JSONObject([
                        ("request_id", .string(Self.requestID.lowercased())),
                        ("duration_hours", .number("4")),
                    ]))
            ])
        var approval = SupportSession(interactionID: Self.requestID, kind: .lockbox, startUs: us(approvalAt), startRaw: approvalAt)
        approval.approval = "Approve"
        approval.status = "Approved"
        approval.accounts = ["Microsoft Operator"]
        approval.tenant = "contoso.onmicrosoft.com"
        try f.ingest("ual.csv", [.session(approval)])
        try f.ingest(
            "ual2.csv",
            [
                // Between the request and its approval: no access was granted yet.
                access("2024-02-12T02:30:00Z", actor: "Microsoft Operator", actorType: ActorType.microsoftOperator, resource: "vm/early"),
                access("2024-02-12T03:30:00Z", actor: "Microsoft Operator", actorType: ActorType.microsoftOperator, resource: "vm/granted"),
                // Within created + 4 h but after approval + 4 h (+ 15 min slack).
                access("2024-02-12T07:20:00Z", actor: "Microsoft Operator", actorType: ActorType.microsoftOperator, resource: "vm/late"),
            ])
        return f
    }

    @Test func theWindowStartsAtTheApprovalAndEarlierAccessIsOutsideIt() throws {
        let f = try store()
        _ = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(
            try f.rows(
                """
                SELECT interaction_id, end_rule, coalesce(window_basis, ''), coalesce(window_start_utc, ''), coalesce(window_end_utc, '')
                FROM interaction_windows ORDER BY session_row_id
                """) == [
                    ["TKT-1", "lockbox_duration", "lockbox_approval", "2024-02-12T02:45:00.000000Z", "2024-02-12T07:15:00.000000Z"],
                    ["TKT-1", "approval_record", "lockbox_approval", "", ""],
                ])
        #expect(try f.int("SELECT count(*) FROM interaction_windows WHERE approval_us = ?", [.integer(us("2024-02-12T03:00:00Z"))]) == 1)
        #expect(try f.rows("SELECT e.resource FROM attributions a JOIN events e USING (event_id)") == [["vm/granted"]])
        #expect(try f.rows("SELECT resource FROM unattributed_support_access ORDER BY ts_us") == [["vm/early"], ["vm/late"]])
        #expect(try f.rows("SELECT interaction_id FROM interactions") == [["TKT-1"]])
        #expect(try f.int("SELECT count(*) FROM findings WHERE rule = 'access-outside-window'") == 1)
    }

    /// Without the approval in the evidence, the window starts at createdDateTime, as before.
    @Test func withoutTheApprovalTheWindowStartsAtTheRequest() throws {
        let f = try StoreFixture()
        try f.ingest(
            "lockbox_requests.json",
            [
                support(
                    "TKT-1", kind: .lockbox, customerClass: nil, start: "2024-02-12T02:00:00Z", end: "2024-02-12T06:00:00Z",
                    status: "Approved", details: JSONObject([("request_id", .string("r")), ("duration_hours", .number("4"))]))
            ])
        _ = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(try f.rows("SELECT window_basis, window_start_utc FROM interaction_windows") == [["lockbox_created", "2024-02-12T01:45:00.000000Z"]])
    }

    /// A request list exported while the request was pending: the approval record approves it.
    @Test func aPendingRequestWithAnApprovalRecordIsApproved() throws {
        let f = try store(listStatus: "Pending")
        let summary = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(try f.rows("SELECT e.resource FROM attributions a JOIN events e USING (event_id)") == [["vm/granted"]])
        #expect(summary.warnings.contains { $0.contains("is pending in the request list; the approval record of 2024-02-12T03:00:00") })
    }

    /// A denied request stays denied; the approval record keeps its own window, and the analyst is told.
    @Test func aDeniedRequestIsNotReopenedByAnApprovalRecord() throws {
        let f = try store(listStatus: "Denied")
        let summary = try Correlator(store: f.store, options: CorrelationOptions()).run()
        #expect(
            try f.rows("SELECT interaction_id, end_rule FROM interaction_windows ORDER BY session_row_id") == [
                ["TKT-1", "not_approved"], [Self.requestID, "lockbox_default"],
            ])
        #expect(summary.warnings.contains { $0.contains("is denied in the request list but an approval record names it") })
    }
}
