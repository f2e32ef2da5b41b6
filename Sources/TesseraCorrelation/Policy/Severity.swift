/// How serious a finding is.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case high
    case medium
    case low

    /// High sorts first.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        let order: [Severity] = [.high, .medium, .low]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}
