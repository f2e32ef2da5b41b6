import TesseraSDK
import TesseraTriage

/// The words both renderers use for triage, so HTML and Markdown say the same. Values are
/// plain text (analysts' tags and comments are hostile text: the renderers escape them).
enum TriageText {
    /// "by A. Analyst at 2024-05-01 12:00:00 UTC; 3 verdicts in its history".
    static func attribution(_ a: CurrentAnnotation, zone: DisplayZone) -> String {
        let when: String
        if let parsed = try? Timestamp.parseISO8601(a.latest.createdUTC), case .utc(let us) = parsed {
            when = zone.format(us)
        } else {
            when = a.latest.createdUTC
        }
        return "by \(a.latest.analyst) at \(when); \(a.historyCount) verdict\(a.historyCount == 1 ? "" : "s") in its history"
    }

    /// The heading word of a finding's triage state.
    static func state(_ review: FindingReview) -> String {
        switch review {
        case .unreviewed: return "not reviewed"
        case .reviewed(let a): return a.latest.status.rawValue
        case .evidenceChanged: return "evidence changed since review"
        }
    }

    /// What an evidence-changed finding's earlier verdict was.
    static func earlier(_ a: CurrentAnnotation) -> String {
        "it was reviewed as \(a.latest.status.rawValue) for other evidence; review it again"
    }

    /// How to record a verdict, said once in the case summary.
    static let hint = "tessera triage finding ID --status STATUS"

    /// CSS class of a state: confirmed, false-positive, benign, needs-review, changed, none.
    static func cssClass(_ review: FindingReview) -> String {
        switch review {
        case .unreviewed: return "none"
        case .reviewed(let a): return a.latest.status.rawValue
        case .evidenceChanged: return "changed"
        }
    }
}
