import TesseraCorrelation
import TesseraStore
import TesseraTriage

/// Everything a report shows, read from the store once and rendered as HTML or Markdown.
/// Both renderers receive the same content, so the two formats cannot disagree.
struct ReportContent: Sendable {
    var title: String
    var generatedAtUs: Int64
    var zone: DisplayZone
    var filter: ReportFilter
    var summary: CaseSummary
    /// The store's correlation results (TesseraCorrelation's read model).
    var correlation: CorrelationResults
    var findings: [FindingItem]
    var interactions: [InteractionSection]
    var timeline: TimelineModel?
    var events: EventList
    var limits: ReportOptions
    /// Analysts' verdicts (nil when the store was not correlated).
    var triage: TriageFacts?
    /// Sigma detections of the latest `tessera detect` run; nil when none ever ran.
    var detections: DetectionSection?

    /// The "Correlation" fact of the case summary.
    var correlationFact: String {
        guard correlation.hasResults else { return "not correlated yet" }
        // Sources ingested, replaced or removed after the correlation run shown.
        guard case .stale(let run) = correlation.status else { return "correlated (results below)" }
        return "STALE: sources changed after correlation run \(run); the results below do not cover them. Re-run `tessera correlate`."
    }
}

/// Section 1: what was ingested and how it was processed.
struct CaseSummary: Sendable {
    var storeFileName: String
    var storeSHA256: String
    /// Bytes in the store's write-ahead log (`<store>-wal`) when it holds changes not yet in the
    /// main file, which the hash does not cover; nil when there is none.
    var pendingWALBytes: Int64?
    var storeSchemaVersion: Int
    var toolVersion: String
    var sources: [SourceSummary]
    /// How the store was built when not by a local ingest of the evidence: (fact, value) per
    /// import of normalized output (a Spark prune's parameters). Empty for a local ingest.
    var builtFrom: [(String, String)] = []
    var eventsInStore: Int
    var rejectsInStore: Int
    /// Events the report's filter covers, and their first and last times.
    var eventsInScope: Int
    var firstEventUs: Int64?
    var lastEventUs: Int64?
}

extension CorrelationResults {
    /// Why the report shows no correlation results, for its reader; nil when it shows them.
    var notCorrelatedReason: String? {
        switch presence {
        case .noTables:
            return
                "not correlated yet: this store has no correlation results (\(Self.tables.joined(separator: ", ")) missing). Run `tessera correlate` to attribute events to interactions and raise findings."
        case .empty:
            return "not correlated yet: the correlation tables are empty. Run `tessera correlate` after ingesting the support logs."
        case .present:
            return nil
        }
    }
}

/// One row of `findings`.
struct FindingItem: Sendable {
    var findingID: String
    var interactionID: String?
    var rule: String
    var severity: String
    var summary: String
    var firstUs: Int64?
    var lastUs: Int64?
    var evidence: [Int64]
    /// Where the finding stands in triage (`tessera triage`).
    var review: FindingReview = .unreviewed

    /// high → 0, medium → 1, low → 2, anything else → 3.
    var severityRank: Int { Self.rank(severity) }

    static func rank(_ severity: String) -> Int {
        switch severity.lowercased() {
        case "high": return 0
        case "medium": return 1
        case "low": return 2
        default: return 3
        }
    }
}

/// One support session or Lockbox window of an interaction, with where it was read.
struct WindowItem: Sendable {
    var kind: String
    var engineer: String?
    var startUs: Int64
    var endUs: Int64?
    var status: String?
    var sourcePath: String
    var locator: String
}

/// One row of `interaction_access`, placed in its group.
struct AccessRow: Sendable {
    var container: String
    var resourceType: String
    var resource: String
    var resourceName: String
    var actor: String
    var action: String
    var firstUs: Int64?
    var lastUs: Int64?
    var eventCount: Int64
    var clientIPs: String
}

/// Resources of one kind: mailboxes (folders, items), sites (files), admin objects, other.
struct ResourceGroup: Sendable {
    var title: String
    var rows: [AccessRow]
}

/// Section 3: one support interaction.
struct InteractionSection: Sendable {
    /// Position in the report (anchors use it, never the evidence's id).
    var index: Int
    var interactionID: String
    var engineers: [String]
    var engineerNames: [String]
    var employers: [String]
    var countries: [String]
    var clearances: [String]
    var tenant: String?
    /// The tenants the interaction's attributed events belong to, with counts (`interaction_tenants`).
    var evidenceTenants: [String] = []
    var customerClass: String?
    var ticketURLs: [String]
    var summaries: [String]
    var approvals: [String]
    var startUs: Int64?
    var endUs: Int64?
    var windows: [WindowItem]
    var accounts: [String]
    var ips: [String]
    var scope: [String]
    /// From `interactions` when correlated: sessions, events, resources, findings.
    var counts: (sessions: Int64, events: Int64, resources: Int64, findings: Int64)?
    var groups: [ResourceGroup]
    /// Resource rows beyond the per-interaction bound.
    var omittedResourceRows: Int
    var findingIDs: [String]
}

/// Section 4: the timeline, already aggregated into columns.
struct TimelineModel: Sendable {
    struct Lane: Sendable {
        var label: String
        var detail: String
        /// Interaction index for a link, when the lane is one interaction.
        var interactionIndex: Int?
        /// Window spans as column ranges (inclusive).
        var bands: [ClosedRange<Int>]
        /// Attributed events per column.
        var counts: [Int]
    }

    var startUs: Int64
    var endUs: Int64
    var columns: Int
    var lanes: [Lane]
    /// Unattributed support access per column (nil when the store has no such table).
    var unattributed: [Int]?
    /// How the lanes were formed, for the reader.
    var note: String

    var columnWidthUs: Int64 { max(1, (endUs - startUs + Int64(columns)) / Int64(columns)) }

    func column(of us: Int64) -> Int {
        guard endUs > startUs else { return 0 }
        return Int(min(Int64(columns - 1), max(0, (us - startUs) / columnWidthUs)))
    }
}

/// One event as listed.
struct EventRow: Sendable {
    var eventID: Int64
    var tsUs: Int64
    var timestampDesc: String
    var category: String
    var action: String
    var operation: String
    var outcome: String?
    var actor: String?
    var clientIP: String?
    var resourceType: String?
    var resource: String?
    var resourceName: String?
    var message: String
    var sourcePath: String
    var locator: String
    var interactions: [String]
    var severity: String?
    var findingIDs: [String]
    var unattributedSupport: Bool
    /// Titles of the Sigma rules that matched the event's record.
    var sigmaRules: [String] = []
}

/// Section 5: the event list, bounded for large cases.
struct EventList: Sendable {
    /// Events of one month (UTC) or one actor, over every event in scope.
    struct Aggregate: Sendable {
        var key: String
        var count: Int64
        var firstUs: Int64
        var lastUs: Int64
    }

    var rows: [EventRow]
    /// Events the filter covers (the list may show fewer).
    var totalInScope: Int
    /// When the list is bounded: counts per month (UTC) over every event in scope.
    var byMonth: [Aggregate]
    /// When the list is bounded: the most active actors over every event in scope.
    var byActor: [Aggregate]
    /// Actors beyond ``byActor``.
    var otherActors: Int
    var isBounded: Bool { rows.count < totalInScope }
}
