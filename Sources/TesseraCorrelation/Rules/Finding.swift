/// One policy violation, with the events that show it.
public struct Finding: Sendable, Equatable {
    /// The interaction it concerns; nil for access outside every window.
    public var interactionID: String?
    public var rule: RuleID
    public var severity: Severity
    /// One line for the analyst.
    public var summary: String
    /// Event ids (`events.event_id`), ascending.
    public var evidence: [Int64]
    public var firstUs: Int64?
    public var lastUs: Int64?
}
