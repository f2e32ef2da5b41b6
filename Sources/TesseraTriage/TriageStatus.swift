/// An analyst's verdict on a finding, event or interaction.
public enum TriageStatus: String, CaseIterable, Sendable, Comparable {
    case confirmed
    case falsePositive = "false-positive"
    case benign
    case needsReview = "needs-review"

    /// Order of display: confirmed, false-positive, benign, needs-review.
    public static func < (lhs: TriageStatus, rhs: TriageStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The values `--status` accepts, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What an annotation is about.
public enum TargetKind: String, CaseIterable, Sendable {
    /// A row of `findings`, by rule, interaction and the provenance of its evidence events.
    case finding
    /// An event, by its source file's SHA-256 and locator.
    case event
    /// A support interaction, by its id.
    case interaction
}
