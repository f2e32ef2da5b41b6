/// One policy violation, with the events that show it.
struct Finding: Sendable, Equatable {
    /// The interaction it concerns; nil for access outside every window.
    var interactionID: String?
    var rule: RuleID
    var severity: Severity
    /// One line for the analyst.
    var summary: String
    /// Event ids (`events.event_id`), ascending.
    var evidence: [Int64]
    var firstUs: Int64?
    var lastUs: Int64?
}
