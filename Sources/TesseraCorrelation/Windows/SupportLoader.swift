import TesseraSDK
import TesseraStore

/// Reads support sessions and the identities evidence names together.
enum SupportLoader {
    static func sessions(_ db: Database) throws(SQLiteError) -> [SupportWindow] {
        let s = try db.prepare(
            """
            SELECT session_row_id, interaction_id, kind, engineer, engineer_name, engineer_country, clearance, tenant,
                   customer_class, start_us, end_us, status, details, dedup_key, approval
            FROM support_sessions ORDER BY start_us, session_row_id
            """)
        var windows: [SupportWindow] = []
        var index: [Int64: Int] = [:]
        while try s.step() {
            let w = SupportWindow(
                sessionRowID: s.int64(0), interactionID: s.text(1) ?? "", kind: s.text(2) ?? "", engineer: s.text(3),
                engineerName: s.text(4), engineerCountry: s.text(5).map { $0.trimmingCharactersInWhitespace().uppercased() },
                clearance: s.text(6), tenant: s.text(7), customerClass: s.text(8), startUs: s.int64(9),
                endUs: s.isNull(10) ? nil : s.int64(10), status: s.text(11), details: s.text(12) ?? "{}", dedupKey: s.text(13) ?? "",
                approval: s.text(14))
            index[w.sessionRowID] = windows.count
            windows.append(w)
        }
        let accounts = try db.prepare("SELECT session_row_id, account_canonical FROM support_accounts ORDER BY rowid")
        while try accounts.step() {
            if let i = index[accounts.int64(0)], let a = accounts.text(1) { windows[i].accounts.append(a) }
        }
        let ips = try db.prepare("SELECT session_row_id, network, prefix_length FROM support_ips ORDER BY rowid")
        while try ips.step() {
            if let i = index[ips.int64(0)], let text = ips.text(1), let network = IPNetwork("\(text.split(separator: "/").first ?? "")/\(ips.int64(2))") {
                windows[i].networks.append(network)
            }
        }
        let scope = try db.prepare("SELECT session_row_id, item_canonical FROM support_scope ORDER BY rowid")
        while try scope.step() {
            if let i = index[scope.int64(0)], let item = scope.text(1) { windows[i].scope.append(item.lowercased()) }
        }
        return windows
    }

    /// One logon as an event's details name it (keys `logon_user_sid`, `logon_user_dn`,
    /// `logon_user_display_name`, `logon_user_upn`), with the first event naming it and how many do.
    struct Logon {
        var sid: String?
        var dn: String?
        var displayName: String?
        var upn: String?
        var firstEventID: Int64
        var count: Int
    }

    /// Distinct logons named in event details (`event_rows.logon_identity`), read from the
    /// partial `events_logon_identity` index alone.
    static func logons(_ db: Database) throws(SQLiteError) -> [Logon] {
        let s = try db.prepare(
            """
            SELECT logon_identity, min(event_id), count(*)
            FROM event_rows WHERE logon_identity IS NOT NULL
            GROUP BY 1 ORDER BY 2
            """)
        var result: [Logon] = []
        while try s.step() {
            guard let text = s.text(0), let values = (try? JSONParser.parse(text))?.arrayValue, values.count == 4 else { continue }
            func value(_ i: Int) -> String? {
                guard case .string(let v) = values[i], !v.isEmpty else { return nil }
                return v
            }
            result.append(
                Logon(
                    sid: value(0), dn: value(1), displayName: value(2), upn: value(3),
                    firstEventID: s.int64(1), count: Int(s.int64(2))))
        }
        return result
    }
}
