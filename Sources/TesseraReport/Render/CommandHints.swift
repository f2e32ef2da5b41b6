import Foundation

/// Commands a report suggests for getting what it does not list. An id from the store is put
/// into a suggested command only when it is made of characters that are inert in both SQL
/// string literals and a double-quoted shell argument; otherwise a generic command is given,
/// so copying a suggestion can never run something an adversary wrote.
enum CommandHints {
    static func isInert(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 120
            && id.unicodeScalars.allSatisfy { s in
                (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || "._:@/-+".unicodeScalars.contains(s)
            }
    }

    /// Every evidence event of one finding.
    static func findingEvidence(_ findingID: String) -> String {
        guard isInert(findingID) else { return allEvents }
        return
            "tessera query \"SELECT t.* FROM findings f, json_each(f.evidence) j JOIN timeline t ON t.event_id = j.value WHERE f.finding_id = '\(findingID)'\""
    }

    /// Every resource row of one interaction.
    static func interactionAccess(_ interactionID: String) -> String {
        guard isInert(interactionID) else { return "tessera export --format csv --rows access --output access.csv" }
        return "tessera export --format csv --rows access --interaction \(interactionID) --output access.csv"
    }

    static let allEvents = "tessera export --format csv --output events.csv"

    /// The whole event list with the report's own filter.
    static func events(filter: ReportFilter, zone: DisplayZone) -> String {
        var parts = ["tessera export --format csv"]
        for id in filter.interactions {
            guard isInert(id) else { return allEvents + "   (then filter it; an interaction id here has characters unsafe to paste)" }
            parts.append("--interaction \(id)")
        }
        if let from = filter.fromUs { parts.append("--from \(Timestampish.utc(from))") }
        if let to = filter.toUs { parts.append("--to \(Timestampish.utc(to))") }
        parts.append("--output events.csv")
        return parts.joined(separator: " ")
    }
}

/// ISO 8601 UTC text for command suggestions.
enum Timestampish {
    static func utc(_ us: Int64) -> String { DisplayZone.utc.iso8601(us).replacingOccurrences(of: "+00:00", with: "Z") }
}
