import TesseraSDK

/// Starts a Lockbox request's window at its approval when the evidence holds it (docs/correlation.md,
/// "Windows"). Azure's request list gives only `createdDateTime`; the UAL's
/// `Set-AccessToCustomerDataRequest` with `ApprovalDecision` Approve is stored by its plugin as a
/// Lockbox session whose interaction id is the request id and whose start is the approval time.
/// Access between the request and its approval is then outside the window, as it should be.
enum LockboxApproval {
    static func apply(_ windows: inout [SupportWindow], warnings: inout [String]) {
        var approvals: [String: [Int]] = [:]
        for (i, w) in windows.enumerated() where w.isLockbox && isApproval(w) {
            approvals[w.interactionID.lowercased(), default: []].append(i)
        }
        guard !approvals.isEmpty else { return }
        for i in windows.indices where windows[i].isLockbox {
            guard let requestID = requestID(windows[i].details), let candidates = approvals[requestID] else { continue }
            let label = "Lockbox request \(requestID) (interaction \(windows[i].interactionID))"
            let status = windows[i].status.map(Policy.clearanceValue) ?? "unknown"
            guard ["approved", "pending", "unknown", "completed", "completing", "revoking", "revoked"].contains(status) else {
                warnings.append("\(label) is \(status) in the request list but an approval record names it; the approval record keeps a window of its own")
                continue
            }
            let created = windows[i].startUs
            guard
                let u = candidates.filter({ $0 != i && windows[$0].startUs >= created })
                    .min(by: { (windows[$0].startUs, windows[$0].sessionRowID) < (windows[$1].startUs, windows[$1].sessionRowID) })
            else {
                warnings.append("\(label): its approval record is dated before the request was created; the window starts at the request")
                continue
            }
            windows[i].approvalUs = windows[u].startUs
            windows[i].approvalSessionRowID = windows[u].sessionRowID
            if status != "approved" && !["completed", "completing", "revoking", "revoked"].contains(status) {
                warnings.append("\(label) is \(status) in the request list; the approval record of \(Timestamp.iso8601(windows[u].startUs)) approved it")
                windows[i].status = "Approved"
            }
            // The approval joins the request's interaction and opens no window of its own.
            windows[u].interactionID = windows[i].interactionID
            windows[u].isApprovalOfAnotherSession = true
            approvals[requestID] = candidates.filter { $0 != u }
        }
    }

    /// A Lockbox session that records an approval decision (the UAL plugin's).
    static func isApproval(_ w: SupportWindow) -> Bool {
        w.approval.map { Policy.clearanceValue($0).hasPrefix("approve") } ?? false
    }

    /// `request_id` from a Lockbox request's details (the request-list plugin's), lower case.
    static func requestID(_ details: String) -> String? {
        guard details.contains("request_id"), let object = (try? JSONParser.parse(details))?.objectValue,
            let id = object.string("request_id")
        else { return nil }
        return Policy.clearanceValue(id)
    }
}
