import Foundation

/// What correlation must find in a generated case, written as `ground-truth.json`.
struct GroundTruth {
    var seed: UInt64
    var interactions: [PlannedInteraction]
    var outsideWindowIdentities: Set<String>
    var unattributedEvents: Int
    var eventsExpected: Int
    var recordsPerFile: [String: Int]

    /// Findings as (rule, interaction id or "", identity or "") in a fixed order.
    var findings: [[String]] {
        var rows: [[String]] = []
        for interaction in interactions {
            if let engineer = interaction.engineer {
                if engineer.country != "US" { rows.append(["personnel-location-not-allowed", interaction.id, ""]) }
                if engineer.clearance.isEmpty { rows.append(["clearance-missing", interaction.id, ""]) }
                if interaction.violations.contains(.privileged) { rows.append(["privileged-operation", interaction.id, ""]) }
                if interaction.violations.contains(.outOfScope) { rows.append(["resource-outside-scope", interaction.id, ""]) }
                if interaction.violations.contains(.bulk) { rows.append(["bulk-access", interaction.id, ""]) }
                if interaction.violations.contains(.unlistedIdentity) {
                    rows.append(["unlisted-identity-from-session-ip", interaction.id, ""])
                }
            } else if interaction.lockbox == .approved {
                // The request names a storage account; the datacenter administrator reads a mailbox.
                rows.append(["resource-outside-scope", interaction.id, ""])
            }
        }
        rows += outsideWindowIdentities.sorted().map { ["access-outside-window", "", $0] }
        return rows.sorted { $0.lexicographicallyPrecedes($1) }
    }

    func json() throws -> Data {
        let object: [String: Any] = [
            "seed": seed,
            "events_expected": eventsExpected,
            "records_per_file": recordsPerFile,
            "unattributed_support_events": unattributedEvents,
            "findings": findings.map { ["rule": $0[0], "interaction_id": $0[1], "identity": $0[2]] },
            "interactions": interactions.map { interaction in
                [
                    "interaction_id": interaction.id,
                    "engineer": interaction.engineer?.id ?? "",
                    "lockbox": interaction.lockbox.map { $0 == .approved ? "approved" : "denied" } ?? "",
                    "scope": interaction.scope,
                    "violations": interaction.violations.sorted().map(\.rawValue),
                    "attributed_events": interaction.attributedEvents,
                ] as [String: Any]
            },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
