import Foundation
import TesseraSDK

/// plaso's l2t_csv line for one event (the 17 columns of ``ExportColumns/l2t``), dates and
/// times in the export's zone.
enum L2TCSV {
    /// MACB letters by normalized action: content read → `.A..`, content or name changed →
    /// `M...`, permissions/configuration (metadata) changed → `..C.`, created → `...B`.
    static func macb(action: String) -> StaticString {
        switch action {
        case "read", "preview", "download", "list", "search", "export", "sign_in", "sign_in_failed": return ".A.."
        case "modify", "rename", "move", "delete", "upload", "send": return "M..."
        case "permission_grant", "permission_revoke", "forwarding_rule", "inbox_rule", "password_reset",
            "credential_change", "role_change", "config_change", "share":
            return "..C."
        case "create", "copy": return "...B"
        default: return "...."
        }
    }

    /// Fields listed in the `extra` column as `name: value` when not empty.
    static let extraFields = [
        "category", "operation", "outcome", "actor_type", "client_ip", "user_agent", "resource_type",
        "resource", "session_id", "record_id", "source_sha256",
    ]
    private static let extraColumns = extraFields.map { (name: Array(($0 + ": ").utf8), column: ExportFields.column($0)) }
    private static let action = ExportFields.column("action")
    private static let resourceName = ExportFields.column("resource_name")
    private static let resource = ExportFields.column("resource")
    private static let format = ExportFields.column("format")
    private static let plugin = ExportFields.column("plugin")
    private static let timestampDesc = ExportFields.column("timestamp_desc")
    private static let actor = ExportFields.column("actor")
    private static let tenant = ExportFields.column("tenant")
    private static let message = ExportFields.column("message")
    private static let sourceFile = ExportFields.column("source_file")
    private static let locator = ExportFields.column("locator")

    /// Appends the event's line (with CRLF). Each value is composed in `scratch`, then written
    /// as a CSV cell; l2t_csv's own "-" placeholder is written as is (a lone minus is text to a
    /// spreadsheet, not a formula).
    static func append(_ e: ExportRow, zone: DisplayZone, scratch: inout [UInt8], to out: inout [UInt8]) {
        var first = true
        func cell(_ compose: (inout [UInt8]) -> Void) {
            scratch.removeAll(keepingCapacity: true)
            compose(&scratch)
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            if scratch.count == 1 && scratch[0] == UInt8(ascii: "-") {
                out.append(UInt8(ascii: "-"))
            } else {
                scratch.withUnsafeBytes { CSVEscaping.append(text: $0, to: &out) }
            }
        }
        func column(_ index: Int, orNull placeholder: StaticString = "", to s: inout [UInt8]) {
            if e.isNull(index) { s.append(ascii: placeholder) } else { e.withBytes(index) { s.append(raw: $0) } }
        }
        let c = zone.civil(e.tsUs)
        cell { s in
            DisplayZone.append(c.month, width: 2, to: &s); s.append(UInt8(ascii: "/"))
            DisplayZone.append(c.day, width: 2, to: &s); s.append(UInt8(ascii: "/"))
            DisplayZone.append(c.year, width: 4, to: &s)
        }
        cell { zone.append(time: c, to: &$0) }
        cell { s in if zone.isUTC { s.append(ascii: "UTC") } else { s.append(utf8: zone.name) } }
        let action = e.text(Self.action) ?? ""
        cell { $0.append(ascii: macb(action: action)) }
        cell { $0.append(ascii: "LOG") }
        cell { s in
            s.append(ascii: "Tessera "); column(e.isNull(Self.format) ? Self.plugin : Self.format, to: &s)
        }
        cell { column(Self.timestampDesc, to: &$0) }
        cell { column(Self.actor, orNull: "-", to: &$0) }
        cell { column(Self.tenant, orNull: "-", to: &$0) }
        cell { s in
            s.append(utf8: action)
            s.append(UInt8(ascii: " "))
            column(e.isNull(Self.resourceName) ? Self.resource : Self.resourceName, to: &s)
            trimWhitespace(&s)
        }
        cell { column(Self.message, to: &$0) }
        cell { $0.append(UInt8(ascii: "2")) }
        cell { column(Self.sourceFile, to: &$0) }
        cell { $0.append(UInt8(ascii: "-")) }
        cell { s in
            s.append(ascii: "locator: "); column(Self.locator, to: &s)
            // l2t's notes also carry the analyst's triage verdict and tags.
            if let verdict = e.verdict { s.append(ascii: "; verdict: "); s.append(utf8: verdict) }
            if !e.tags.isEmpty {
                s.append(ascii: "; tags: ")
                for (i, tag) in e.tags.enumerated() {
                    if i > 0 { s.append(ascii: ", ") }
                    s.append(utf8: tag)
                }
            }
        }
        cell { s in
            s.append(ascii: "tessera/"); column(Self.plugin, to: &s)
        }
        cell { s in
            s.append(ascii: "event_id: "); s.append(decimal: e.eventID)
            s.append(ascii: "; ts_us: "); s.append(decimal: e.tsUs)
            for extra in extraColumns where !e.isNull(extra.column) {
                e.withBytes(extra.column) { value in
                    guard value.count > 0 else { return }
                    s.append(ascii: "; "); s.append(contentsOf: extra.name); s.append(raw: value)
                }
            }
            if !e.interactions.isEmpty {
                s.append(ascii: "; interactions: ")
                EventWriter.append(joined: e.interactions, separator: UInt8(ascii: " "), to: &s)
            }
            if let severity = e.severity {
                s.append(ascii: "; severity: "); s.append(utf8: severity)
                s.append(ascii: "; findings: ")
                EventWriter.append(joined: e.findings, separator: UInt8(ascii: " "), to: &s)
            }
            if e.unattributedSupport { s.append(ascii: "; unattributed_support: true") }
        }
        out.append(ascii: "\r\n")
    }

    /// Trims leading and trailing white space as `trimmingCharacters(in: .whitespaces)` does;
    /// bytes are decoded only when an end is not plainly ASCII.
    private static func trimWhitespace(_ s: inout [UInt8]) {
        guard let head = s.first, let tail = s.last else { return }
        let plain: (UInt8) -> Bool = { $0 < 0x80 && $0 != 0x20 && $0 != 0x09 }
        if plain(head) && plain(tail) { return }
        let trimmed = String(decoding: s, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        s.removeAll(keepingCapacity: true)
        s.append(utf8: trimmed)
    }
}
