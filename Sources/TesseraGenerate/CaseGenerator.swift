import Foundation

/// Writes a whole synthetic case: the planned interactions' evidence, background activity of the
/// agency's own staff up to the requested number of events, and the ground truth.
struct CaseGenerator {
    var seed: UInt64
    var interactionCount: Int
    var eventCount: Int
    var engineerCount: Int
    var directory: String

    func run() throws -> GroundTruth {
        var planner = CasePlanner(seed: seed, engineerCount: engineerCount)
        var interactions = planner.plan(interactionCount: interactionCount)
        let evidence = try EvidenceWriters(directory: directory)
        var outside = Set<String>()
        var unattributed = 0
        var events = 0

        for index in interactions.indices {
            let interaction = interactions[index]
            guard let engineer = interaction.engineer else {
                // Lockbox-only: a datacenter administrator binds a mailbox 30 minutes after the request.
                try evidence.mailboxBind(
                    interaction.start + 1800, logonSID: nil, logonDN: CaseConstants.datacenterDN,
                    logonType: "External", ip: "2001:db8:5::17", mailbox: "m\(index)@\(CaseConstants.tenant)",
                    ownerSID: ownerSID(index), itemID: itemID(index, 0))
                events += 2 // the request's own event and the access
                if interaction.lockbox == .approved {
                    interactions[index].attributedEvents = 1
                } else {
                    outside.insert(CaseConstants.datacenterDN)
                    unattributed += 1
                }
                continue
            }
            events += 2 // session start and end
            let count = planner.accessCount(interaction)
            let step = max(Int64(3000) / Int64(count + 4), 1)
            var time = interaction.start + 60
            for n in 0..<count {
                try access(interaction, by: engineer, index: index, n: n, actor: nil, time: time, evidence: evidence)
                time += step
            }
            var attributed = count
            if interaction.violations.contains(.privileged) {
                try evidence.mailboxPermissionGrant(time, user: engineer.account, ip: engineer.ip, mailbox: interaction.scope)
                time += step
                attributed += 1
            }
            if interaction.violations.contains(.outOfScope) {
                try evidence.sharePointFile(
                    time, operation: "FileAccessed", user: engineer.account, ip: engineer.ip,
                    url: CaseConstants.sharePoint + "Other\(index)/Shared Documents/outside.docx")
                time += step
                attributed += 1
            }
            if interaction.violations.contains(.unlistedIdentity) {
                try access(interaction, by: engineer, index: index, n: 0, actor: "guest\(index)", time: time, evidence: evidence)
                attributed += 1
            }
            if interaction.violations.contains(.outsideWindow) {
                // Six hours after the session (the next interaction starts a day or more later).
                try evidence.sharePointFile(
                    interaction.end + 6 * 3600, operation: "FileAccessed", user: engineer.account,
                    ip: engineer.ip, url: CaseConstants.sharePoint + "S\(index)/Shared Documents/late.docx")
                outside.insert(engineer.id)
                unattributed += 1
                events += 1
            }
            interactions[index].attributedEvents = attributed
            events += attributed
        }
        let noise = max(eventCount - events, 0)
        try writeNoise(noise, planner: &planner, evidence: evidence)
        events += noise
        try evidence.close()

        try CaseFileWriters.writeSupportLog(interactions, directory: directory)
        try CaseFileWriters.writeLockbox(interactions, directory: directory)
        try CaseFileWriters.writePolicy(directory: directory)
        try CaseFileWriters.writeAliases(planner.engineers, directory: directory)
        var records = evidence.counts
        records["vendor/support_interactions"] = interactions.filter { $0.engineer != nil }.count
        records["lockbox/lockbox_requests.json"] = interactions.filter { $0.lockbox != nil }.count
        let truth = GroundTruth(
            seed: seed, interactions: interactions, outsideWindowIdentities: outside,
            unattributedEvents: unattributed, eventsExpected: events, recordsPerFile: records)
        try truth.json().write(to: URL(fileURLWithPath: directory + "/ground-truth.json"))
        return truth
    }

    /// One in-scope access of the interaction's kind, by its engineer or (with `actor`) by an
    /// identity not on the ticket using the session's IP.
    private func access(
        _ interaction: PlannedInteraction, by engineer: Engineer, index: Int, n: Int, actor: String?,
        time: Int64, evidence: EvidenceWriters
    ) throws {
        let upn = actor.map { "\($0)@\(CaseConstants.tenant)" } ?? engineer.account
        switch interaction.kind {
        case .sharePointFiles:
            try evidence.sharePointFile(
                time, operation: n % 2 == 0 ? "FileAccessed" : "FileDownloaded", user: upn,
                ip: engineer.ip, url: interaction.scope + "/Shared Documents/f\(n).docx")
        case .mailItems:
            try evidence.mailItemAccessed(
                time, user: upn, ip: engineer.ip, mailbox: interaction.scope,
                messageID: "<g\(index)-\(n)@\(CaseConstants.tenant)>")
        case .mailboxAudit:
            let sid = actor == nil ? engineer.sid : "S-1-5-21-1004336348-1177238915-682003330-\(900_000 + index)"
            try evidence.mailboxBind(
                time, logonSID: sid, logonDN: nil, logonType: "Admin", ip: engineer.ip,
                mailbox: interaction.scope, ownerSID: ownerSID(index), itemID: itemID(index, n))
        case .adminAudit:
            try evidence.setMailbox(time, caller: upn, mailbox: interaction.scope)
        case .googleDrive:
            try evidence.driveActivity(
                time, email: upn, ip: engineer.ip, event: n % 2 == 0 ? "view" : "download",
                docID: "DOC\(index)")
        case .s3Objects:
            let arn = actor.map { "arn:aws:iam::\(CaseConstants.awsAccount):user/\($0)" } ?? engineer.arn
            try evidence.s3GetObject(
                time, arn: arn, ip: engineer.ip, bucket: String(interaction.scope.dropFirst(5)),
                key: "records/k\(n).pdf")
        }
    }

    /// The agency's own staff at work: never support access, never attributed.
    private func writeNoise(_ count: Int, planner: inout CasePlanner, evidence: EvidenceWriters) throws {
        let span = max(Int64(interactionCount), 1) * CaseConstants.interactionSpacing
        for n in 0..<count {
            let time = CaseConstants.firstDay + Int64(planner.below(Int(span)))
            let user = planner.below(500)
            let upn = "user\(user)@\(CaseConstants.tenant)"
            let ip = "198.18.\(user / 250).\(user % 250 + 1)"
            switch n % 20 {
            case 0..<8:
                try evidence.sharePointFile(
                    time, operation: "FileAccessed", user: upn, ip: ip,
                    url: CaseConstants.sharePoint + "Team\(user % 40)/Shared Documents/doc\(planner.below(5000)).docx")
            case 8..<11:
                let sid = "S-1-5-21-1004336348-1177238915-682003330-\(20_000 + user)"
                try evidence.mailboxBind(
                    time, logonSID: sid, logonDN: nil, logonType: "Owner", ip: ip, mailbox: upn,
                    ownerSID: sid, itemID: itemID(1_000_000 + n, 0))
            case 11:
                try evidence.setMailbox(time, caller: "it-admin@\(CaseConstants.tenant)", mailbox: upn)
            case 12..<15:
                try evidence.driveActivity(time, email: upn, ip: ip, event: "view", docID: "TEAMDOC\(user % 300)")
            default:
                try evidence.s3GetObject(
                    time, arn: "arn:aws:iam::\(CaseConstants.awsAccount):user/user\(user)", ip: ip,
                    bucket: "agency-team-\(user % 40)", key: "shared/obj\(planner.below(100_000)).csv")
            }
        }
    }

    private func ownerSID(_ index: Int) -> String { "S-1-5-21-1004336348-1177238915-682003330-\(10_000 + index)" }

    private func itemID(_ index: Int, _ n: Int) -> String {
        "RgAAAAD1kP2pYyUzS6tQ4bW0Q1Jb" + String(format: "%010ld%04ld", index, n) + "AAAA"
    }
}
