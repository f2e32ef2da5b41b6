import TesseraCorrelation
import TesseraStore

/// Reads everything a report shows from a store opened read-only.
enum ReportLoader {
    /// Loads the report's content. The store is only read.
    static func load(store: EventStore, filter: ReportFilter, options: ReportOptions) throws(ReportError) -> ReportContent {
        let hashing = BackgroundHash.start(path: store.path)
        do {
            let queries = StoreQueries(database: store.database)
            let relations = try queries.relations()
            let caseLoader = CaseLoader(store: store, queries: queries)
            let correlation = try CorrelationResults.read(store)
            let correlated = correlation.hasResults
            let interactions = try InteractionLoader(queries: queries, relations: relations, correlated: correlated)
                .load(filter: filter, options: options)
            var findings: [FindingItem] = []
            var triage: TriageFacts?
            if correlated {
                findings = try FindingLoader(queries: queries).load(filter: filter, interactions: Set(interactions.map(\.interactionID)))
                triage = try TriageLoader.apply(store.database, to: &findings, filter: filter)
                triage?.interactions = try TriageLoader.interactions(store.database)
            }
            let attribution = try AttributionIndex.load(store.database, correlation: correlation, filter: filter)
            let (events, scope) = try EventListLoader(queries: queries, correlated: correlated)
                .load(
                    filter: filter, interactions: interactions, findings: findings, attribution: attribution,
                    limit: options.maxEventRows)
            var sections = interactions
            for i in sections.indices {
                sections[i].findingIDs = findings.filter { $0.interactionID == sections[i].interactionID }.map(\.findingID)
            }
            let timeline = TimelineBuilder.build(
                interactions: sections, attribution: attribution, filter: filter,
                scope: (scope.first, scope.last), correlated: correlated)
            let summary = try caseLoader.summary(
                storeSHA256: try hashing.wait(), toolVersion: options.toolVersion,
                scope: (scope.count, scope.first, scope.last))
            var content = ReportContent(
                title: options.title, generatedAtUs: options.generatedAtUs, zone: options.zone,
                filter: filter, summary: summary, correlation: correlation, findings: findings,
                interactions: sections, timeline: timeline, events: events, limits: options)
            content.triage = triage
            if let detections = try DetectionLoader(queries: queries).load(filter: filter, relations: relations) {
                content.detections = detections
                for i in content.events.rows.indices {
                    content.events.rows[i].sigmaRules = detections.rulesOfEvent[content.events.rows[i].eventID] ?? []
                }
            }
            return content
        } catch {
            hashing.cancel()
            throw ReportError.wrap(error)
        }
    }
}
