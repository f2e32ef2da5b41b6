import Foundation
import TesseraSynthetic

/// One vendor support session as the support log states it; `SupportSessions` derives the same
/// sessions from the same seed, so `ual-for-sessions` follows a `support-log` without reading it.
struct SupportSession {
    var interactionID: String
    var engineer: Int
    var country: String
    var tenant: String
    var government: Bool
    var start: Int64
    var end: Int64
    var scope: String
    var index: Int

    /// The support account the session used in the customer's tenant (first of `accounts`).
    var account: String { "eng\(engineer)-adm@tenant.example" }
    /// The session's source IP (first of `source_ips`).
    var sourceIP: String { "198.51.\(engineer % 256).\(index % 256)" }
}

/// The sessions of a synthetic support log, in file order: 2,000 engineers in eight countries,
/// starts anywhere in 2022–2024, 5 minutes to 4 hours long, two rows per interaction id.
struct SupportSessions {
    private var random: SeededRandom
    static let countries = ["US", "US", "US", "CN", "IN", "NG", "IE", "PH"]
    static let firstStart: Int64 = 1_640_995_200 // 2022-01-01T00:00:00Z

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    mutating func session(_ i: Int) -> SupportSession {
        let engineer = random.below(2000)
        let start = Self.firstStart + Int64(random.below(3 * 365 * 86400))
        let end = start + Int64(random.within(5..<240)) * 60
        return SupportSession(
            interactionID: "TKT-" + Text.padded(i / 2, 8), engineer: engineer,
            country: Self.countries[engineer % Self.countries.count], tenant: "tenant\(random.below(300)).example",
            government: random.chance(0.4), start: start, end: end,
            scope: "https://tenant.example/sites/s\(random.below(50))", index: i)
    }
}

/// The vendor's support-interaction log (CSV, the columns of `Samples/vendor`): one session a row.
/// `scripts/crash-tests/crash-test-ingest` and `crash-test-correlate` ingest it.
struct SupportLogShape: EvidenceShape {
    private var sessions: SupportSessions

    init(seed: UInt64) { sessions = SupportSessions(seed: seed) }

    mutating func begin(_ file: OutputFile) throws {
        try file.write(
            "interaction_id,engineer,engineer_name,engineer_country,employer,clearance,tenant,customer_class,"
                + "start,end,accounts,source_ips,scope,channel,summary\r\n")
    }

    mutating func record(_ i: Int, to file: OutputFile) throws {
        let s = sessions.session(i)
        let us = s.country == "US"
        let fields = [
            s.interactionID, "eng\(s.engineer)@vendor.example", "Engineer \(s.engineer)", s.country,
            us ? "Vendor Inc." : "Partner Ltd.", us ? "Secret" : "", s.tenant, s.government ? "government" : "commercial",
            Text.iso(s.start), Text.iso(s.end), "\(s.account);Microsoft Operator", "\(s.sourceIP);203.0.113.0/28", s.scope,
            "remote-session", "Ticket \(i): customer reports issue, \"quoted\" text",
        ]
        try file.record(fields.map(Text.csv).joined(separator: ",") + "\r\n")
    }
}

/// A Purview UAL CSV whose SharePoint `FileAccessed` events fall inside the sessions of the
/// `support-log` written with the same seed, by the session's account and from its source IP, so
/// that `tessera correlate` attributes them; every fourth event is a minute after its session
/// ended (support access outside every window with `--slack 0`; the default slack covers it).
/// `--records` counts sessions; each gets `perSession` rows.
struct UALForSessionsShape: EvidenceShape {
    private var sessions: SupportSessions
    private let perSession: Int
    private var written = 0

    init(seed: UInt64, perSession: Int) {
        sessions = SupportSessions(seed: seed)
        self.perSession = perSession
    }

    mutating func begin(_ file: OutputFile) throws { try file.write(PurviewCSVShape.header) }

    mutating func record(_ i: Int, to file: OutputFile) throws {
        let s = sessions.session(i)
        for k in 0..<perSession {
            written += 1
            let time =
                written % 4 != 0 ? s.start + (s.end - s.start) * Int64(k + 1) / Int64(perSession + 1) : s.end + 60
            let id = "00000000-0000-0000-0000-" + Text.padded(written, 12)
            let creation = Text.iso(time, zulu: false)
            let audit =
                "{\"Id\":\"\(id)\",\"CreationTime\":\"\(creation)\",\"Operation\":\"FileAccessed\",\"RecordType\":6,"
                + "\"UserId\":\(Text.json(s.account)),\"UserType\":0,\"Workload\":\"SharePoint\",\"ClientIP\":\"\(s.sourceIP)\","
                + "\"ObjectId\":\(Text.json("\(s.scope)/doc\(k).docx")),\"SiteUrl\":\(Text.json(s.scope)),"
                + "\"SourceFileName\":\"doc\(k).docx\"}"
            let row = [id, creation + ".0000000Z", "SharePointFileOperation", "FileAccessed", s.account, audit, "", ""]
            try file.record(row.map(Text.csv).joined(separator: ",") + "\r\n")
        }
    }
}
