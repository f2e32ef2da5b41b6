import TesseraSDK

/// How a window's end was decided, recorded in `interaction_windows.end_rule`.
enum EndRule: String {
    /// The support log gave the session's end.
    case recorded
    /// No end: closed at the start of the ticket's next session.
    case nextSession = "next_session"
    /// No end and no later session: closed at the policy's maximum.
    case maximum
    /// An approved Lockbox request: start + its `duration_hours`.
    case lockboxDuration = "lockbox_duration"
    /// An approved Lockbox request without `duration_hours` or an end: start + the policy default.
    case lockboxDefault = "lockbox_default"
    /// A Lockbox request that was not approved opens no window.
    case notApproved = "not_approved"
    /// The approval record of another Lockbox request (UAL `Set-AccessToCustomerDataRequest`):
    /// that request's window starts at it, so this session opens none of its own.
    case approvalRecord = "approval_record"
}

/// Where a window's start comes from, recorded in `interaction_windows.window_basis`.
enum WindowBasis: String {
    /// The support log's session start.
    case sessionStart = "session_start"
    /// A Lockbox request whose approval is not in the evidence: its `createdDateTime`.
    case lockboxCreated = "lockbox_created"
    /// A Lockbox request whose approval is in the evidence: the approval's time.
    case lockboxApproval = "lockbox_approval"
}

/// One row of `support_sessions` with its accounts, IPs and scope, and the window it opens.
struct SupportWindow {
    var sessionRowID: Int64
    var interactionID: String
    var kind: String
    var engineer: String?
    var engineerName: String?
    var engineerCountry: String?
    var clearance: String?
    var tenant: String?
    var customerClass: String?
    var startUs: Int64
    var endUs: Int64?
    var status: String?
    var details: String
    var dedupKey: String
    /// `support_sessions.approval` (the UAL's Lockbox decision: `Approve`, `Deny`).
    var approval: String?
    var accounts: [String] = []
    var networks: [IPNetwork] = []
    var scope: [String] = []

    /// When the evidence holds the request's approval: its time, and the approval session's row.
    var approvalUs: Int64?
    var approvalSessionRowID: Int64?
    /// Set on an approval record whose request's window starts at it (it opens none itself).
    var isApprovalOfAnotherSession = false
    var windowBasis: WindowBasis {
        guard isLockbox else { return .sessionStart }
        return approvalUs != nil || isApprovalOfAnotherSession ? .lockboxApproval : .lockboxCreated
    }
    /// The effective start of the window (before slack): the approval when known, else the start.
    var effectiveStartUs: Int64 { approvalUs ?? startUs }

    /// The effective end (after closing rules) and how it was chosen.
    var closedEndUs: Int64?
    var endRule: EndRule = .recorded
    /// [start − slack, end + slack], inclusive; nil when the session opens no window.
    var window: ClosedRange<Int64>?
    /// The event id of the support-log record that described this session.
    var sessionEventID: Int64?
    var sessionEventTs: Int64?
    /// Canonical texts of every alias of the session's identities (after resolution).
    var identityAliases: [String] = []
    /// Identity roots (resolver ids) of the session's engineer and accounts.
    var identityRoots: Set<Int> = []
    /// The engineer's identity root.
    var engineerRoot: Int?

    var isLockbox: Bool { kind == SupportSession.Kind.lockbox.rawValue }
    var isApproved: Bool { status.map { Policy.clearanceValue($0) } == "approved" }
}

/// Closes each session's window (see docs/correlation.md, "Windows").
enum WindowBuilder {
    static func close(_ windows: inout [SupportWindow], slackUs: Int64, policy: Policy, warnings: inout [String]) {
        let maxOpenUs = Int64(policy.maxOpenSessionHours * 3_600_000_000)
        let lockboxDefaultUs = Int64(policy.lockboxDefaultHours * 3_600_000_000)
        var byInteraction: [String: [Int]] = [:]
        for (i, w) in windows.enumerated() { byInteraction[w.interactionID, default: []].append(i) }
        for key in byInteraction.keys.sorted() {
            let indexes = byInteraction[key]!
            let ordered = indexes.sorted { (windows[$0].startUs, windows[$0].sessionRowID) < (windows[$1].startUs, windows[$1].sessionRowID) }
            for (position, i) in ordered.enumerated() {
                var w = windows[i]
                let label = "\(w.kind) \(w.interactionID) starting \(Timestamp.iso8601(w.startUs))"
                if w.isLockbox {
                    if w.isApprovalOfAnotherSession {
                        w.endRule = .approvalRecord
                        w.closedEndUs = nil
                        w.window = nil
                        windows[i] = w
                        continue
                    }
                    if !w.isApproved {
                        w.endRule = .notApproved
                        w.closedEndUs = w.endUs
                        w.window = nil
                        windows[i] = w
                        continue
                    }
                    if let hours = durationHours(w.details) {
                        w.closedEndUs = w.effectiveStartUs + Int64(hours * 3_600_000_000)
                        w.endRule = .lockboxDuration
                    } else if let end = w.endUs {
                        w.closedEndUs = end
                        w.endRule = .recorded
                    } else {
                        w.closedEndUs = w.effectiveStartUs + lockboxDefaultUs
                        w.endRule = .lockboxDefault
                        warnings.append(
                            "\(label): approved without duration_hours; window closed after the policy's \(formatHours(policy.lockboxDefaultHours)) h")
                    }
                } else if let end = w.endUs {
                    w.closedEndUs = end
                    w.endRule = .recorded
                } else if let next = ordered.dropFirst(position + 1).first(where: { windows[$0].startUs > w.startUs && !windows[$0].isLockbox }),
                    windows[next].startUs - w.startUs <= maxOpenUs
                {
                    w.closedEndUs = windows[next].startUs
                    w.endRule = .nextSession
                    warnings.append("\(label) has no end; closed at the ticket's next session (\(Timestamp.iso8601(windows[next].startUs)))")
                } else {
                    w.closedEndUs = w.startUs + maxOpenUs
                    w.endRule = .maximum
                    warnings.append("\(label) has no end; closed after the policy's maximum of \(formatHours(policy.maxOpenSessionHours)) h")
                }
                var end = w.closedEndUs!
                let start = w.effectiveStartUs
                if end < start {
                    warnings.append("\(label) ends before it starts (\(Timestamp.iso8601(end))); its window is its start only")
                    end = start
                    w.closedEndUs = end
                }
                w.window = (start - slackUs)...(end + slackUs)
                windows[i] = w
            }
        }
    }

    /// `duration_hours` from the session's details JSON (a number, or text holding one).
    static func durationHours(_ details: String) -> Double? {
        guard let object = (try? JSONParser.parse(details))?.objectValue,
            let value = object.value(forCaseInsensitiveKey: "duration_hours")?.stringValue,
            let hours = Double(value.trimmingCharactersInWhitespace()), hours > 0, hours.isFinite
        else { return nil }
        return hours
    }

    static func formatHours(_ hours: Double) -> String {
        hours.rounded() == hours ? String(Int(hours)) : String(hours)
    }
}
