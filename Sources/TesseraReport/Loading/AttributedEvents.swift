/// Which events belong to which interaction — the one query a report relies on for it.
///
/// The correlation engine's public contract (`interaction_access`) lists, per interaction,
/// each (actor, resource, action) with its first and last time; it does not name the events.
/// Until the engine publishes its own event-level attribution, the events of an interaction
/// are derived here: events whose resource, actor and action match (NULL matching NULL) an
/// `interaction_access` row and whose time lies within that row's `first_utc`..`last_utc`
/// (inclusive).
///
/// **Swap point.** When the engine's attributed-event table is public, replace ``sql`` with a
/// select from it (and ``requiredRelations`` with its name); everything else (timeline, event list, exports) reads only these columns:
/// `interaction_id` (TEXT), `event_id` (INTEGER), `ts_us` (INTEGER). The query takes no
/// parameters; callers wrap it in a CTE named `attributed` and filter by time themselves.
enum AttributedEvents {
    /// Tables the query needs; without them nothing is attributed.
    static let requiredRelations: Set<String> = ["interaction_access", "events"]

    static let sql = """
        SELECT a.interaction_id AS interaction_id, e.event_id AS event_id, e.ts_us AS ts_us
        FROM interaction_access a
        JOIN events e ON e.resource IS a.resource
         AND e.ts_us BETWEEN \(SQLTime.micros("a.first_utc")) AND \(SQLTime.micros("a.last_utc"))
         AND e.actor IS a.actor AND e.action IS a.action
        """
}
