/// The correlation rules. Each has a stable id (used in `findings.rule` and in the policy's
/// `rules:` section), a one-line explanation and a default severity.
public enum RuleID: String, Sendable, CaseIterable, Comparable {
    case personnelLocation = "personnel-location-not-allowed"
    case clearanceMissing = "clearance-missing"
    case accessOutsideWindow = "access-outside-window"
    case resourceOutsideScope = "resource-outside-scope"
    case privilegedOperation = "privileged-operation"
    case bulkAccess = "bulk-access"
    case locationMismatch = "location-mismatch"
    case unlistedIdentityFromSessionIP = "unlisted-identity-from-session-ip"
    case credentialAccess = "credential-access"
    case networkConfigChange = "network-config-change"
    case roleEscalation = "role-escalation"

    /// One line saying what the rule detects.
    public var explanation: String {
        switch self {
        case .personnelLocation:
            return "the engineer's recorded country is not allowed for the customer's class"
        case .clearanceMissing:
            return "the customer's class requires a clearance the engineer's record does not show"
        case .accessOutsideWindow:
            return "a support identity acted on the tenant outside every window of its interactions"
        case .resourceOutsideScope:
            return "an attributed event touched a resource outside the ticket's declared scope"
        case .privilegedOperation:
            return "a privileged operation (permission grant, forwarding / inbox rule, password or credential reset, role change) during support"
        case .bulkAccess:
            return "an interaction touched more distinct items of one resource type than the policy's bulk threshold"
        case .locationMismatch:
            return "the country of an attributed event's client IP differs from the engineer's recorded country"
        case .unlistedIdentityFromSessionIP:
            return "an identity that is not on the ticket acted from the session's IPs during its window"
        case .credentialAccess:
            return "a support identity read or listed a secret, key or certificate, or reset or changed a credential (always high outside every window)"
        case .networkConfigChange:
            return "a support identity changed network configuration (security groups and rules, routes, virtual networks, firewalls, public IPs, DNS)"
        case .roleEscalation:
            return "a support identity granted or activated a role (Azure RBAC, Entra ID directory role, PIM)"
        }
    }

    /// The severity used when the policy does not set one.
    public var defaultSeverity: Severity {
        switch self {
        case .personnelLocation, .clearanceMissing, .accessOutsideWindow, .privilegedOperation,
            .credentialAccess, .networkConfigChange, .roleEscalation:
            return .high
        case .resourceOutsideScope, .bulkAccess, .locationMismatch, .unlistedIdentityFromSessionIP: return .medium
        }
    }

    /// Rules order as in ``allCases`` (the order findings are numbered in).
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
