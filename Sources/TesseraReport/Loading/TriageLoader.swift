import TesseraStore
import TesseraTriage

/// Analysts' verdicts as a report shows them: on each finding, counted in the case summary,
/// and `--status` applied (the summary still says what it left out, and whose verdicts those were).
enum TriageLoader {
    /// Sets each finding's review, drops those `filter.triageStatuses` leaves out, and returns the facts.
    static func apply(_ database: Database, to findings: inout [FindingItem], filter: ReportFilter) throws -> TriageFacts {
        let overview = try TriageOverview.load(database)
        var facts = TriageFacts(counts: [:], excluded: [], orphans: overview.orphans, statusFilter: filter.triageStatuses)
        var excluded: [String: (count: Int, analysts: [String: Int])] = [:]
        for i in findings.indices {
            let review = Int64(findings[i].findingID).flatMap { overview.findings[$0] } ?? .unreviewed
            findings[i].review = review
            facts.counts[review.filterValue, default: 0] += 1
        }
        if !filter.triageStatuses.isEmpty {
            findings.removeAll { f in
                guard !filter.triageStatuses.contains(f.review.filterValue) else { return false }
                var entry = excluded[f.review.filterValue] ?? (0, [:])
                entry.count += 1
                if let analyst = f.review.annotation?.latest.analyst { entry.analysts[analyst, default: 0] += 1 }
                excluded[f.review.filterValue] = entry
                return true
            }
        }
        facts.excluded = TriageFilterValue.all.compactMap { value in
            excluded[value].map {
                TriageFacts.Exclusion(
                    value: value, count: $0.count,
                    analysts: $0.analysts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            }
        }
        return facts
    }

    /// The current verdict of each interaction, by id.
    static func interactions(_ database: Database) throws -> [String: CurrentAnnotation] {
        try TriageLedger(database: database).current(.interaction)
    }
}

/// The triage facts of a report.
struct TriageFacts: Sendable {
    /// Findings left out by `--status`: how many had this verdict (or state), and by whom.
    struct Exclusion: Sendable {
        var value: String
        var count: Int
        var analysts: [(name: String, findings: Int)]

        /// "3 false-positive (by alice: 2, bob: 1)".
        var sentence: String {
            let by = analysts.isEmpty ? "" : " (verdicts by " + analysts.map { "\($0.name): \($0.findings)" }.joined(separator: ", ") + ")"
            return "\(count) \(value)\(by)"
        }
    }

    /// Findings in the report's scope (before `--status`) by verdict, `unreviewed` or `evidence-changed`.
    var counts: [String: Int]
    var excluded: [Exclusion]
    /// Reviews of findings whose rule and interaction the latest run no longer raises.
    var orphans: [CurrentAnnotation]
    /// `--status` values (empty: every finding is listed).
    var statusFilter: [String]
    /// Current verdicts of interactions, by id.
    var interactions: [String: CurrentAnnotation] = [:]

    /// "2 confirmed, 1 false-positive, 20 unreviewed" in the fixed order of the values.
    var countsSentence: String {
        let parts = TriageFilterValue.all.compactMap { value in counts[value].map { "\($0) \(value)" } }
        return parts.isEmpty ? "no findings" : parts.joined(separator: ", ")
    }
}
