import Foundation
import TesseraSDK
import TesseraStore

/// What a report or export covers: `--interaction` (repeatable), `--from`, `--to`.
public struct ReportFilter: Sendable, Equatable {
    /// Interaction ids to keep; empty means all.
    public var interactions: [String]
    /// Inclusive lower bound, UTC µs.
    public var fromUs: Int64?
    /// Inclusive upper bound, UTC µs.
    public var toUs: Int64?
    /// Reports only: list only findings whose triage state is one of these (a verdict,
    /// `unreviewed` or `evidence-changed`); empty lists every finding. Exports ignore it.
    public var triageStatuses: [String] = []

    /// A filter from values already parsed (times in UTC µs).
    public init(interactions: [String] = [], fromUs: Int64? = nil, toUs: Int64? = nil) {
        self.interactions = interactions
        self.fromUs = fromUs
        self.toUs = toUs
    }

    /// Builds a filter from command-line text. A time without a zone is read in `zone`; a
    /// date alone means the start of that day for `--from` and its last microsecond for `--to`.
    public init(interactions: [String], from: String?, to: String?, zone: DisplayZone) throws(ReportError) {
        self.interactions = Array(Set(interactions)).sorted()
        self.fromUs = try from.map { text throws(ReportError) in try Self.parse(text, option: "--from", endOfDay: false, zone: zone) }
        self.toUs = try to.map { text throws(ReportError) in try Self.parse(text, option: "--to", endOfDay: true, zone: zone) }
        if let fromUs, let toUs, fromUs > toUs { throw .emptyRange(from: from ?? "", to: to ?? "") }
    }

    static func parse(_ text: String, option: String, endOfDay: Bool, zone: DisplayZone) throws(ReportError) -> Int64 {
        do {
            let parsed = try Timestamp.parseISO8601(text)
            let us = try Timestamp.resolve(parsed, raw: text, zone: zone.zone)
            let dateOnly = text.trimmingCharacters(in: .whitespaces).count == 10
            return endOfDay && dateOnly ? us + 86_400_000_000 - 1 : us
        } catch {
            throw .badTime(option: option, value: text, reason: error.description)
        }
    }

    /// Whether `us` is inside the range.
    public func contains(_ us: Int64) -> Bool {
        (fromUs.map { us >= $0 } ?? true) && (toUs.map { us <= $0 } ?? true)
    }

    /// Whether the span `[first, last]` overlaps the range.
    public func overlaps(first: Int64, last: Int64) -> Bool {
        (fromUs.map { last >= $0 } ?? true) && (toUs.map { first <= $0 } ?? true)
    }

    /// The bounds as SQL parameter values (always two: the open ends are the extremes).
    var bounds: [SQLValue] { [.integer(boundsUs.from), .integer(boundsUs.to)] }

    /// The bounds in µs (the open ends are the extremes).
    var boundsUs: (from: Int64, to: Int64) { (fromUs ?? Int64.min, toUs ?? Int64.max) }

    /// A plain-language statement of the filter for the report's header.
    public func describe(in zone: DisplayZone) -> String {
        var parts: [String] = []
        if !interactions.isEmpty { parts.append("interactions " + interactions.joined(separator: ", ")) }
        if let fromUs { parts.append("from " + zone.format(fromUs)) }
        if let toUs { parts.append("to " + zone.format(toUs)) }
        if !triageStatuses.isEmpty { parts.append("findings with triage status " + triageStatuses.joined(separator: ", ")) }
        return parts.isEmpty ? "everything in the store" : parts.joined(separator: "; ")
    }
}

/// How a report looks: everything besides the filter.
public struct ReportOptions: Sendable {
    /// The report's title (`--title`).
    public var title: String
    /// The time the report says it was generated (`--generated-at`, UTC µs): fixing it makes
    /// the output byte-identical for the same store and options.
    public var generatedAtUs: Int64
    /// The display zone (`--tz`).
    public var zone: DisplayZone
    /// The Tessera version printed in the case summary.
    public var toolVersion: String
    /// At most this many event rows are listed (HTML and Markdown); beyond it the list is a
    /// bounded, prioritized selection plus aggregated counts.
    public var maxEventRows: Int
    /// At most this many resource rows per interaction.
    public var maxResourceRows: Int
    /// Evidence links listed per finding.
    public var maxEvidenceLinks: Int
    /// Longest evidence value shown in a cell before it is cut (exports are never cut).
    public var maxCellCharacters: Int

    /// Options with the documented defaults for the bounds.
    public init(
        title: String = "Tessera timeline report", generatedAtUs: Int64, zone: DisplayZone = .utc,
        toolVersion: String, maxEventRows: Int = 2_000, maxResourceRows: Int = 25,
        maxEvidenceLinks: Int = 25, maxCellCharacters: Int = 300
    ) {
        self.title = title
        self.generatedAtUs = generatedAtUs
        self.zone = zone
        self.toolVersion = toolVersion
        self.maxEventRows = maxEventRows
        self.maxResourceRows = maxResourceRows
        self.maxEvidenceLinks = maxEvidenceLinks
        self.maxCellCharacters = maxCellCharacters
    }
}
