import TesseraStore

/// Where a finding of the latest correlation run stands in triage.
public enum FindingReview: Sendable, Equatable {
    /// No analyst has reviewed it.
    case unreviewed
    /// Its current verdict, given for exactly this evidence.
    case reviewed(CurrentAnnotation)
    /// Reviewed, but a later run (or replaced evidence) changed the events it rests on: the
    /// verdict was given for other evidence and must be reviewed again.
    case evidenceChanged(CurrentAnnotation)

    /// The annotation shown, if any.
    public var annotation: CurrentAnnotation? {
        switch self {
        case .unreviewed: return nil
        case .reviewed(let a), .evidenceChanged(let a): return a
        }
    }

    /// The value `--status` filters on: the verdict, or `unreviewed`, or `evidence-changed`.
    public var filterValue: String {
        switch self {
        case .unreviewed: return TriageFilterValue.unreviewed
        case .reviewed(let a): return a.latest.status.rawValue
        case .evidenceChanged: return TriageFilterValue.evidenceChanged
        }
    }
}

/// The values `--status` takes besides the verdicts.
public enum TriageFilterValue {
    public static let unreviewed = "unreviewed"
    public static let evidenceChanged = "evidence-changed"
    /// Every value, in display order.
    public static let all = TriageStatus.allCases.map(\.rawValue) + [unreviewed, evidenceChanged]
}

/// Every current finding's triage state, and the reviews whose finding is no longer raised.
public struct TriageOverview: Sendable {
    /// By `findings.finding_id`.
    public var findings: [Int64: FindingReview]
    /// Each finding's stable key, by `finding_id`.
    public var keys: [Int64: String]
    /// Reviews of findings the latest run no longer raises (no finding of that rule and
    /// interaction remains): kept and shown, never dropped. (A review of earlier evidence of a
    /// finding that is still raised is either shown on it as "evidence changed" or superseded by a
    /// review of its current evidence; it stays in the history.)
    public var orphans: [CurrentAnnotation]

    /// Reads the store (read-only is enough).
    ///
    /// A review attaches to the finding with exactly its key. A review whose key no run raises
    /// any more (its evidence changed) is shown as "evidence changed" on the findings of the same
    /// rule and interaction that have no review of their own — the latest such review when there
    /// are several — unless a finding of that rule and interaction was reviewed later for its
    /// current evidence (then it is superseded, and stays in the history). When a rule raises
    /// several findings for one interaction, each unreviewed one is flagged: asking for a review
    /// too often is safe, a verdict moved to the wrong finding is not. When no finding of that
    /// rule and interaction remains, the review is an orphan.
    public static func load(_ database: Database) throws(SQLiteError) -> TriageOverview {
        let targets = try TriageKeys.findings(database)
        let reviews = try TriageLedger(database: database).current(.finding)
        var overview = TriageOverview(findings: [:], keys: [:], orphans: [])
        let liveKeys = Set(targets.map(\.key))
        var stale: [String: [CurrentAnnotation]] = [:]
        for (key, review) in reviews where !liveKeys.contains(key) {
            stale[TriageKeys.group(ofFindingKey: key), default: []].append(review)
        }
        var latestExact: [String: Int64] = [:]
        for target in targets {
            if let review = reviews[target.key] { latestExact[target.group] = max(latestExact[target.group] ?? 0, review.latest.id) }
        }
        for target in targets {
            overview.keys[target.findingID] = target.key
            if let review = reviews[target.key] {
                overview.findings[target.findingID] = .reviewed(review)
            } else if let candidate = stale[target.group]?.filter({ $0.latest.id > latestExact[target.group] ?? 0 })
                .max(by: { $0.latest.id < $1.latest.id })
            {
                overview.findings[target.findingID] = .evidenceChanged(candidate)
            } else {
                overview.findings[target.findingID] = .unreviewed
            }
        }
        let liveGroups = Set(targets.map(\.group))
        overview.orphans = stale.filter { !liveGroups.contains($0.key) }.values.flatMap { $0 }.sorted { $0.latest.id < $1.latest.id }
        return overview
    }
}
