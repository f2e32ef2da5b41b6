import TesseraCorrelation
import TesseraStore

/// Attributed and unattributed support events in the report's time range, read once through
/// TesseraCorrelation's ``AttributedEvents`` and indexed for the timeline, the event list and the
/// exports' `interactions` column.
struct AttributionIndex {
    struct Entry {
        var interaction: Int32
        var eventID: Int64
        var tsUs: Int64
    }

    /// Interaction ids; entries refer to them by position.
    var interactionIDs: [String] = []
    var entries: [Entry] = []
    /// Events by support identities outside every window: (event id, time), time order; nil
    /// when the store has no correlation results.
    var unattributed: [(eventID: Int64, tsUs: Int64)]?

    /// Reads attribution for events in the filter's time range (all interactions; callers
    /// narrow to the selected ones). Empty when the store has no correlation results.
    static func load(_ db: Database, correlation: CorrelationResults, filter: ReportFilter) throws -> AttributionIndex {
        var result = AttributionIndex()
        guard correlation.hasResults else { return result }
        let (from, to) = filter.boundsUs
        result.interactionIDs = try AttributedEvents.interactionIDs(db)
        try AttributedEvents.attributed(db, from: from, to: to) { interaction, eventID, tsUs in
            result.entries.append(Entry(interaction: interaction, eventID: eventID, tsUs: tsUs))
        }
        result.unattributed = try AttributedEvents.unattributedSupport(db, from: from, to: to)
        return result
    }

    /// Positions of the given interaction ids (all when `ids` is empty).
    func positions(of ids: [String]) -> Set<Int32> {
        let wanted = Set(ids)
        var result = Set<Int32>()
        for (i, id) in interactionIDs.enumerated() where ids.isEmpty || wanted.contains(id) { result.insert(Int32(i)) }
        return result
    }

    /// Interaction ids per event, for the given events only.
    func interactions(of events: Set<Int64>) -> [Int64: [String]] {
        var result: [Int64: [String]] = [:]
        for entry in entries where events.contains(entry.eventID) {
            let id = interactionIDs[Int(entry.interaction)]
            if !(result[entry.eventID]?.contains(id) ?? false) { result[entry.eventID, default: []].append(id) }
        }
        for key in result.keys { result[key]?.sort() }
        return result
    }
}
