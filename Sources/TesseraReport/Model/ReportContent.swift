import TesseraStore

/// Everything a report shows, read from the store once and rendered as HTML or Markdown.
/// Both renderers receive the same content, so the two formats cannot disagree.
public struct ReportContent: Sendable {
    public var title: String
    public var generatedAtUs: Int64
    public var zone: DisplayZone
    public var filter: ReportFilter
    public var summary: CaseSummary
    public var correlation: CorrelationStatus
    public var findings: [FindingItem]
    public var interactions: [InteractionSection]
    public var timeline: TimelineModel?
    public var events: EventList
    public var limits: ReportOptions
}

/// Section 1: what was ingested and how it was processed.
public struct CaseSummary: Sendable {
    public var storeFileName: String
    public var storeSHA256: String
    public var storeSchemaVersion: Int
    public var toolVersion: String
    public var sources: [SourceSummary]
    public var eventsInStore: Int
    public var rejectsInStore: Int
    /// Events the report's filter covers, and their first and last times.
    public var eventsInScope: Int
    public var firstEventUs: Int64?
    public var lastEventUs: Int64?
}

/// Whether correlation results are in the store.
public enum CorrelationStatus: Sendable {
    /// No correlation tables, or empty ones: the report shows what was ingested.
    case notCorrelated(reason: String)
    /// The latest correlation run's recorded parameters (column, value), in column order.
    case correlated(run: [(String, String)], table: String?)

    public var isCorrelated: Bool {
        if case .correlated = self { return true }
        return false
    }
}

/// One row of `findings`.
public struct FindingItem: Sendable {
    public var findingID: String
    public var interactionID: String?
    public var rule: String
    public var severity: String
    public var summary: String
    public var firstUs: Int64?
    public var lastUs: Int64?
    public var evidence: [Int64]

    /// high → 0, medium → 1, low → 2, anything else → 3.
    public var severityRank: Int { Self.rank(severity) }

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
public struct WindowItem: Sendable {
    public var kind: String
    public var engineer: String?
    public var startUs: Int64
    public var endUs: Int64?
    public var status: String?
    public var sourcePath: String
    public var locator: String
}

/// One row of `interaction_access`, placed in its group.
public struct AccessRow: Sendable {
    public var container: String
    public var resourceType: String
    public var resource: String
    public var resourceName: String
    public var actor: String
    public var action: String
    public var firstUs: Int64?
    public var lastUs: Int64?
    public var eventCount: Int64
    public var clientIPs: String
}

/// Resources of one kind: mailboxes (folders, items), sites (files), admin objects, other.
public struct ResourceGroup: Sendable {
    public var title: String
    public var rows: [AccessRow]
}

/// Section 3: one support interaction.
public struct InteractionSection: Sendable {
    /// Position in the report (anchors use it, never the evidence's id).
    public var index: Int
    public var interactionID: String
    public var engineers: [String]
    public var engineerNames: [String]
    public var employers: [String]
    public var countries: [String]
    public var clearances: [String]
    public var tenant: String?
    public var customerClass: String?
    public var ticketURLs: [String]
    public var summaries: [String]
    public var approvals: [String]
    public var startUs: Int64?
    public var endUs: Int64?
    public var windows: [WindowItem]
    public var accounts: [String]
    public var ips: [String]
    public var scope: [String]
    /// From `interactions` when correlated: sessions, events, resources, findings.
    public var counts: (sessions: Int64, events: Int64, resources: Int64, findings: Int64)?
    public var groups: [ResourceGroup]
    /// Resource rows beyond the per-interaction bound.
    public var omittedResourceRows: Int
    public var findingIDs: [String]
}

/// Section 4: the timeline, already aggregated into columns.
public struct TimelineModel: Sendable {
    public struct Lane: Sendable {
        public var label: String
        public var detail: String
        /// Interaction index for a link, when the lane is one interaction.
        public var interactionIndex: Int?
        /// Window spans as column ranges (inclusive).
        public var bands: [ClosedRange<Int>]
        /// Attributed events per column.
        public var counts: [Int]
    }

    public var startUs: Int64
    public var endUs: Int64
    public var columns: Int
    public var lanes: [Lane]
    /// Unattributed support access per column (nil when the store has no such table).
    public var unattributed: [Int]?
    /// How the lanes were formed, for the reader.
    public var note: String

    public var columnWidthUs: Int64 { max(1, (endUs - startUs + Int64(columns)) / Int64(columns)) }

    func column(of us: Int64) -> Int {
        guard endUs > startUs else { return 0 }
        return Int(min(Int64(columns - 1), max(0, (us - startUs) / columnWidthUs)))
    }
}

/// One event as listed.
public struct EventRow: Sendable {
    public var eventID: Int64
    public var tsUs: Int64
    public var timestampDesc: String
    public var category: String
    public var action: String
    public var operation: String
    public var outcome: String?
    public var actor: String?
    public var clientIP: String?
    public var resourceType: String?
    public var resource: String?
    public var resourceName: String?
    public var message: String
    public var sourcePath: String
    public var locator: String
    public var interactions: [String]
    public var severity: String?
    public var findingIDs: [String]
    public var unattributedSupport: Bool
}

/// Section 5: the event list, bounded for large cases.
public struct EventList: Sendable {
    /// Events of one month (UTC) or one actor, over every event in scope.
    public struct Aggregate: Sendable {
        public var key: String
        public var count: Int64
        public var firstUs: Int64
        public var lastUs: Int64
    }

    public var rows: [EventRow]
    /// Events the filter covers (the list may show fewer).
    public var totalInScope: Int
    /// When the list is bounded: counts per month (UTC) over every event in scope.
    public var byMonth: [Aggregate]
    /// When the list is bounded: the most active actors over every event in scope.
    public var byActor: [Aggregate]
    /// Actors beyond ``byActor``.
    public var otherActors: Int
    public var isBounded: Bool { rows.count < totalInScope }
}
