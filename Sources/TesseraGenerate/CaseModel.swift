/// One member of the vendor's support staff and the identifiers they use in the tenant.
struct Engineer {
    var number: Int
    var id: String // the support log's engineer id
    var name: String
    var country: String
    var clearance: String // empty when none
    var account: String // UPN in the tenant
    var sid: String // Windows SID (mailbox audit logons; tied to the engineer by the alias file)
    var arn: String // AWS IAM user
    var ip: String // the session's source IP

    /// Whether the generated policy allows this engineer on the government tenant.
    var compliant: Bool { country == "US" && !clearance.isEmpty }
}

/// Which evidence format an interaction's access lands in (and so what its scope names).
enum AccessKind: Int, CaseIterable {
    case sharePointFiles, mailItems, mailboxAudit, adminAudit, googleDrive, s3Objects
}

/// A Customer Lockbox request with no vendor ticket: Microsoft datacenter access.
enum LockboxOutcome { case approved, denied }

/// One planned interaction: a vendor ticket with one session, or a Lockbox-only request.
struct PlannedInteraction {
    var id: String
    var engineer: Engineer? // nil for a Lockbox-only request
    var lockbox: LockboxOutcome? // set for a Lockbox-only request
    var kind: AccessKind
    var start: Int64 // seconds since the epoch
    var end: Int64
    var scope: String
    var violations: Set<Violation> = []
    var attributedEvents = 0
}

/// Policy breaches the generator plants (besides where the engineer sits and their clearance).
enum Violation: String, CaseIterable, Comparable {
    case privileged, outOfScope, bulk, unlistedIdentity, outsideWindow
    static func < (a: Violation, b: Violation) -> Bool { a.rawValue < b.rawValue }
}

/// The constants of the generated tenant and policy.
enum CaseConstants {
    static let tenant = "agency.example"
    static let sharePoint = "https://agency.sharepoint.example/sites/"
    static let awsAccount = "111122223333"
    static let subscription = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"
    static let datacenterDN = "/o=exchangelabs/ou=exchange administrative group (fydibohf23spdlt)/cn=recipients/cn=dcadmin-gen01"
    static let fileBulkThreshold = 10
    /// 2022-01-03T00:00:00Z: interactions follow every two days from here.
    static let firstDay: Int64 = 1_641_168_000
    static let interactionSpacing: Int64 = 2 * 86_400
}
