import TesseraSDK

/// What a customer class allows: where personnel may be and which clearance they need.
public struct CustomerClassPolicy: Sendable, Equatable {
    /// ISO 3166-1 alpha-2 codes, upper case. Empty: any country.
    public var allowedCountries: Set<String>
    /// Clearance values (canonical: trimmed, spaces collapsed, lower case), any one of which
    /// satisfies the class. Empty: no clearance required.
    public var requiredClearance: Set<String>

    /// A class policy; empty sets mean "any country" and "no clearance required".
    public init(allowedCountries: Set<String> = [], requiredClearance: Set<String> = []) {
        self.allowedCountries = allowedCountries
        self.requiredClearance = requiredClearance
    }
}

/// Whether a rule runs and how severe its findings are.
public struct RuleSetting: Sendable, Equatable {
    /// Whether the rule runs; a disabled rule is listed in the summary's skipped rules.
    public var enabled: Bool
    /// The severity of the rule's findings.
    public var severity: Severity

    /// A rule setting.
    public init(enabled: Bool, severity: Severity) {
        self.enabled = enabled
        self.severity = severity
    }
}

/// The correlation policy: windows, customer classes, privileged actions, bulk thresholds,
/// scope enforcement and per-rule settings. Read from a YAML or JSON file
/// (``Policy/load(path:)``) or the shipped default (``Policy/defaultText``); docs/policy.md
/// describes every key.
public struct Policy: Sendable {
    /// Minutes added before each session's start and after its end (`--slack` overrides).
    public var slackMinutes: Int
    /// A session without an end and without a later session of its ticket closes this many
    /// hours after its start.
    public var maxOpenSessionHours: Double
    /// An approved Lockbox request without `duration_hours` is open this many hours.
    public var lockboxDefaultHours: Double
    /// Classes by canonical name (lower case, spaces and hyphens as `_`).
    public var customerClasses: [String: CustomerClassPolicy]
    /// Applies to sessions whose class is missing or not listed.
    public var defaultClass: CustomerClassPolicy
    /// `events.action` values the privileged-operation rule reports.
    public var privilegedActions: Set<String>
    /// Per `events.resource_type`: the largest number of distinct resources one interaction
    /// may touch before the bulk-access rule fires.
    public var bulkThresholds: [String: Int]
    /// Whether attributed events are checked against the ticket's declared scope.
    public var enforceScope: Bool
    /// What each `admin:<area>` scope item covers, by canonical area name
    /// (``AdminArea/canonicalName(_:)``).
    public var adminAreas: [String: AdminArea]
    /// Actor types whose events count as support access even when the actor is not a known
    /// support account.
    public var supportActorTypes: Set<String>
    /// Actor types attributed to an approved Lockbox request's window (the pseudo-identities
    /// under which Microsoft personnel act after approval).
    public var lockboxActorTypes: Set<String>
    /// Per-rule switches and severities.
    public var rules: [RuleID: RuleSetting]
    /// Where the policy came from: a path, or `default`.
    public var source: String
    /// SHA-256 (hex) of the policy text as read, recorded in `correlation_runs`.
    public var sha256: String

    /// The actor types Tessera's store indexes for correlation (migration 3); the policy's
    /// actor-type lists may name only these.
    public static let indexedSupportActorTypes: [String] = [
        ActorType.supportEngineer, ActorType.microsoftDatacenter, ActorType.microsoftOperator, ActorType.partnerTechnician,
    ]

    /// The class policy for a session's recorded customer class.
    public func classPolicy(for customerClass: String?) -> CustomerClassPolicy {
        guard let customerClass else { return defaultClass }
        return customerClasses[Self.className(customerClass)] ?? defaultClass
    }

    /// Whether a class name (as recorded) is listed in the policy.
    public func listsClass(_ customerClass: String?) -> Bool {
        guard let customerClass else { return false }
        return customerClasses[Self.className(customerClass)] != nil
    }

    /// The admin area a scope item names (`admin:transport-rules`), nil when the item is not an
    /// `admin:` scope or names an area the policy does not list.
    public func adminArea(forScopeItem item: String) -> AdminArea? {
        AdminArea.areaName(ofScopeItem: item).flatMap { adminAreas[$0] }
    }

    /// The setting of a rule (its defaults when the policy does not mention it).
    public func setting(_ rule: RuleID) -> RuleSetting {
        rules[rule] ?? RuleSetting(enabled: true, severity: rule.defaultSeverity)
    }

    /// Canonical class name: trimmed, lower case, runs of spaces and hyphens as one `_`.
    public static func className(_ name: String) -> String {
        let parts = name.trimmingCharactersInWhitespace().lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "\t" })
        return parts.joined(separator: "_")
    }

    /// Canonical clearance: trimmed, spaces collapsed, lower case.
    public static func clearanceValue(_ value: String) -> String {
        value.trimmingCharactersInWhitespace().lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
            .joined(separator: " ")
    }

    /// The shipped default policy (``defaultText`` parsed).
    public static let `default`: Policy = {
        do { return try PolicyParser.parse(text: defaultText, source: "default") } catch {
            fatalError("the built-in default policy does not parse: \(error)")
        }
    }()

    /// Reads a policy file: JSON when its text starts with `{`, YAML otherwise.
    public static func load(path: String) throws(CorrelationError) -> Policy {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch { throw .policyUnreadable(path: path, reason: error.reason) }
        return try PolicyParser.parse(bytes: bytes, source: path)
    }

    /// Parses policy text (YAML or JSON) given in memory; `source` names it in errors.
    public static func parse(_ text: String, source: String) throws(CorrelationError) -> Policy {
        try PolicyParser.parse(text: text, source: source)
    }
}
