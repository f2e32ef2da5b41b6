import TesseraSynthetic

/// Decides, from the seed alone, who works which ticket, when, on what, and which policy breaches
/// happen; and derives from that plan what correlation must find.
struct CasePlanner {
    private var random: SeededRandom
    let engineers: [Engineer]

    init(seed: UInt64, engineerCount: Int) {
        random = SeededRandom(seed: seed)
        // Six profiles in turn: cleared U.S. staff, subcontractors abroad, and U.S. staff without a clearance.
        let profiles: [(country: String, clearance: String, site: String)] = [
            ("US", "Secret", "Reston"), ("CN", "", "Shenzhen"), ("US", "Top Secret", "Herndon"),
            ("IN", "", "Bengaluru"), ("US", "", "Austin"), ("NG", "", "Lagos"),
        ]
        engineers = (0..<max(engineerCount, 1)).map { k in
            let profile = profiles[k % profiles.count]
            return Engineer(
                number: k, id: "eng\(k)@vendor.example", name: "Engineer \(k) (\(profile.site))",
                country: profile.country, clearance: profile.clearance,
                account: "eng\(k)-adm@\(CaseConstants.tenant)",
                sid: "S-1-5-21-1004336348-1177238915-682003330-\(50_000 + k)",
                arn: "arn:aws:iam::\(CaseConstants.awsAccount):user/eng\(k)-adm",
                ip: "100.64.\(k / 250).\(k % 250 + 1)")
        }
    }

    /// The interactions: every tenth is a Lockbox-only request (every twentieth of those denied).
    mutating func plan(interactionCount: Int) -> [PlannedInteraction] {
        (0..<interactionCount).map { i in
            let day = CaseConstants.firstDay + Int64(i) * CaseConstants.interactionSpacing
            let start = day + Int64(random.below(12 * 3600))
            if i % 10 == 9 {
                let scope = "/subscriptions/\(CaseConstants.subscription)/resourcegroups/rg-\(i)/providers/microsoft.storage/storageaccounts/st\(i)"
                return PlannedInteraction(
                    id: "CASE-\(2_200_000_000 + i)", engineer: nil,
                    lockbox: i % 20 == 19 ? .denied : .approved, kind: .mailboxAudit,
                    start: start, end: start + 2 * 3600, scope: scope)
            }
            let engineer = engineers[random.below(engineers.count)]
            let kind = AccessKind(rawValue: i % AccessKind.allCases.count)!
            var interaction = PlannedInteraction(
                id: "TKT-G\(String(format: "%06ld", i))", engineer: engineer, lockbox: nil,
                kind: kind, start: start, end: start + 3600, scope: Self.scope(kind, i))
            if [.mailItems, .mailboxAudit, .adminAudit].contains(kind), random.chance(0.2) { interaction.violations.insert(.privileged) }
            if random.chance(0.15) { interaction.violations.insert(.outOfScope) }
            if [.sharePointFiles, .s3Objects].contains(kind), random.chance(0.1) { interaction.violations.insert(.bulk) }
            if kind != .adminAudit, random.chance(0.1) { interaction.violations.insert(.unlistedIdentity) }
            if random.chance(0.1) { interaction.violations.insert(.outsideWindow) }
            return interaction
        }
    }

    /// The resource prefix an interaction's ticket declares as its scope.
    static func scope(_ kind: AccessKind, _ i: Int) -> String {
        switch kind {
        case .sharePointFiles: CaseConstants.sharePoint + "S\(i)"
        case .mailItems, .mailboxAudit, .adminAudit: "m\(i)@\(CaseConstants.tenant)"
        case .googleDrive: "https://drive.google.com/open?id=DOC\(i)"
        case .s3Objects: "s3://agency-records-\(i)"
        }
    }

    /// How many in-scope accesses the engineer makes in a session (bulk sessions exceed the threshold).
    mutating func accessCount(_ interaction: PlannedInteraction) -> Int {
        interaction.violations.contains(.bulk) ? CaseConstants.fileBulkThreshold + 1 : 2 + random.below(3)
    }

    /// A whole number below `bound`, from the plan's sequence (for background noise).
    mutating func below(_ bound: Int) -> Int { random.below(bound) }
}
