import Foundation

/// plaso's l2t_csv line for one event (the 17 columns of ``ExportColumns/l2t``), dates and
/// times in the export's zone.
enum L2TCSV {
    /// MACB letters by normalized action: content read → `.A..`, content or name changed →
    /// `M...`, permissions/configuration (metadata) changed → `..C.`, created → `...B`.
    static func macb(action: String) -> String {
        switch action {
        case "read", "preview", "download", "list", "search", "export", "sign_in", "sign_in_failed": return ".A.."
        case "modify", "rename", "move", "delete", "upload", "send": return "M..."
        case "permission_grant", "permission_revoke", "forwarding_rule", "inbox_rule", "password_reset",
             "credential_change", "role_change", "config_change", "share": return "..C."
        case "create", "copy": return "...B"
        default: return "...."
        }
    }

    /// The `notes` column: where the record is, and the analyst's verdict and tags (l2t notes).
    static func notes(_ e: ExportEvent) -> String {
        var notes = "locator: " + (e.text("locator") ?? "")
        if let verdict = e.verdict { notes += "; verdict: " + verdict }
        if !e.tags.isEmpty { notes += "; tags: " + e.tags.joined(separator: ", ") }
        return notes
    }

    static func values(_ e: ExportEvent, zone: DisplayZone) -> [String] {
        let c = zone.civil(e.tsUs)
        let date = "\(DisplayZone.pad(c.month, 2))/\(DisplayZone.pad(c.day, 2))/\(DisplayZone.pad(c.year, 4))"
        let time = "\(DisplayZone.pad(c.hour, 2)):\(DisplayZone.pad(c.minute, 2)):\(DisplayZone.pad(c.second, 2))"
        let action = e.text("action") ?? ""
        let target = e.text("resource_name") ?? e.text("resource") ?? ""
        var extra: [String] = ["event_id: \(e.eventID)", "ts_us: \(e.tsUs)"]
        for key in ["category", "operation", "outcome", "actor_type", "client_ip", "user_agent", "resource_type", "resource",
                    "session_id", "record_id", "source_sha256"] {
            if let v = e.text(key), !v.isEmpty { extra.append("\(key): \(v)") }
        }
        if !e.interactions.isEmpty { extra.append("interactions: " + e.interactions.joined(separator: " ")) }
        if let s = e.severity { extra.append("severity: \(s)"); extra.append("findings: " + e.findings.joined(separator: " ")) }
        if e.unattributedSupport { extra.append("unattributed_support: true") }
        return [
            date, time, zone.isUTC ? "UTC" : zone.name, macb(action: action), "LOG",
            "Tessera " + (e.text("format") ?? e.text("plugin") ?? ""), e.text("timestamp_desc") ?? "",
            e.text("actor") ?? "-", e.text("tenant") ?? "-", "\(action) \(target)".trimmingCharacters(in: .whitespaces),
            e.text("message") ?? "", "2", e.text("source_file") ?? "", "-", notes(e),
            "tessera/" + (e.text("plugin") ?? ""), extra.joined(separator: "; "),
        ]
    }
}
