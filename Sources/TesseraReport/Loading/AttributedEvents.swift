/// Which events belong to which interaction — the one query a report relies on for it.
///
/// The correlation engine lists every attributed event, with its interaction, in `attributions`
/// (docs/schema.md). Everything else (timeline, event list, exports) reads only these columns:
/// `interaction_id` (TEXT), `event_id` (INTEGER), `ts_us` (INTEGER). The query takes no
/// parameters; callers wrap it in a CTE named `attributed` and filter by time themselves.
enum AttributedEvents {
    /// Tables the query needs; without them nothing is attributed.
    static let requiredRelations: Set<String> = ["attributions", "events"]

    static let sql = """
        SELECT a.interaction_id AS interaction_id, e.event_id AS event_id, e.ts_us AS ts_us
        FROM attributions a JOIN events e ON e.event_id = a.event_id
        """
}
