import Foundation
import TesseraSDK
import TesseraStore

/// The correlation engine: for every support interaction, which identities of the vendor's
/// personnel touched which resources, when, how often and from where, and where policy was
/// broken. Reads only the store; writes its results (migration 3 tables) in one transaction,
/// replacing the previous run's, and appends a row to `correlation_runs`.
///
/// ```swift
/// let store = try EventStore(path: "case.tessera", mode: .readWrite)
/// let summary = try Correlator(store: store, options: CorrelationOptions()).run()
/// print(summary)
/// ```
public final class Correlator {
    /// The store to correlate, opened read-write (results are written into it).
    public let store: EventStore
    /// Policy, alias file, GeoIP database and slack of this run.
    public let options: CorrelationOptions

    /// Prepares a run; nothing is read or written until ``run()``.
    public init(store: EventStore, options: CorrelationOptions) {
        self.store = store
        self.options = options
    }

    /// Runs correlation and returns its summary. On any error nothing in the store changes.
    public func run() throws(CorrelationError) -> CorrelationSummary {
        let started = Date()
        let geoIP = try options.geoIPPath.map { path throws(CorrelationError) in try GeoIPDatabase(path: path) }
        let aliasFile = try options.aliasesPath.map { path throws(CorrelationError) in try AliasFile.load(path: path) }
        var inputs = RunInputs(started: started)
        if let geoIP {
            inputs.geoIPDescription = "\(geoIP.databaseType) built \(Timestamp.iso8601(Int64(geoIP.buildEpoch) * 1_000_000))"
        }
        if let path = options.aliasesPath {
            do { inputs.aliasesSHA256 = try FileBytes.sha256(path) } catch { throw .aliasesUnreadable(path: path, reason: error.reason) }
        }
        if let path = options.geoIPPath {
            do { inputs.geoIPSHA256 = try FileBytes.sha256(path) } catch { throw .geoIPUnreadable(path: path, reason: error.reason) }
        }
        do {
            return try store.database.transaction {
                try correlate(geoIP: geoIP, aliasFile: aliasFile, inputs: inputs)
            }
        } catch let error as CorrelationError {
            throw error
        } catch let error as SQLiteError {
            if error.isBusyOrLocked { throw .storeBusy(path: store.path) }
            throw .store(.sqlite(error))
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .unexpected("\(error)")
        }
    }

    struct RunInputs {
        var started: Date
        var aliasesSHA256: String?
        var geoIPSHA256: String?
        /// `database_type` and build date of the GeoIP database, from its metadata.
        var geoIPDescription: String?
    }

    private func correlate(geoIP: GeoIPDatabase?, aliasFile: AliasFile?, inputs: RunInputs) throws -> CorrelationSummary {
        let db = store.database
        let policy = options.policy
        var warnings: [String] = try PrunePlan.mismatches(db, options: options, aliasesSHA256: inputs.aliasesSHA256)
        var windows = try SupportLoader.sessions(db)
        let queries = try EventQueries(db)

        var clock = PhaseClock()
        // Identities.
        let resolver = try IdentityBuilder.build(
            windows: &windows, db: db, aliasFile: aliasFile,
            aliasesPath: options.aliasesPath, warnings: &warnings)
        clock.mark("identities")
        // Windows.
        LockboxApproval.apply(&windows, warnings: &warnings)
        WindowBuilder.close(&windows, slackUs: options.slackUs, policy: policy, warnings: &warnings)
        var timestamps: [Int64: Int64] = [:]
        for i in windows.indices {
            if let (id, ts) = try queries.sessionEvent(dedupKey: windows[i].dedupKey) {
                windows[i].sessionEventID = id
                windows[i].sessionEventTs = ts
                timestamps[id] = ts
            }
        }
        let interactionIDs = Array(Set(windows.map(\.interactionID))).sorted()
        let interactionIndex = Dictionary(uniqueKeysWithValues: interactionIDs.enumerated().map { ($1, $0) })
        let interactionOf = windows.map { interactionIndex[$0.interactionID]! }
        var sessionsOf = [[Int]](repeating: [], count: interactionIDs.count)
        for (si, ii) in interactionOf.enumerated() { sessionsOf[ii].append(si) }
        let unclassed = Set(windows.filter { !policy.listsClass($0.customerClass) && $0.customerClass != nil }.compactMap(\.customerClass))
        for name in unclassed.sorted() {
            warnings.append("customer class '\(name)' is not in the policy; the policy's default class applied")
        }

        clock.mark("windows")
        // Attribution.
        let directory = TenantDirectory.build(windows: windows, aliasFile: aliasFile, warnings: &warnings)
        var tenants = TenantGuard(
            directory: directory, windows: windows, interactionOf: interactionOf,
            interactionCount: interactionIDs.count)
        let attribution = try Attributor.attribute(
            windows: windows, interactionOf: interactionOf, queries: queries,
            policy: policy, tenants: &tenants)
        warnings += tenants.warnings(interactionIDs: interactionIDs)
        for (id, e) in attribution.events { timestamps[id] = e.ts }
        let eventsOf = attribution.eventsByInteraction(count: interactionIDs.count)

        clock.mark("attribution")
        // Support identities and their events outside every window.
        let supportRoots = Set(windows.flatMap(\.identityRoots))
        let labels = IdentityBuilder.labels(windows: windows, roots: supportRoots, resolver: resolver)
        let unattributedList = try UnattributedAccess.find(
            windows: windows, attribution: attribution, queries: queries,
            policy: policy, resolver: resolver, labels: labels)
        for entry in unattributedList { timestamps[entry.event.id] = entry.event.ts }

        clock.mark("unattributed support access")
        // Rules.
        var engine = RuleEngine(
            RuleContext(
                windows: windows, interactionIDs: interactionIDs, sessionsOf: sessionsOf, eventsOf: eventsOf,
                attribution: attribution, unattributed: unattributedList, policy: policy, geoIP: geoIP,
                resolver: resolver, timestamps: timestamps))
        let findings = engine.run()
        warnings += engine.notes

        let overlaps = WindowOverlap.find(windows: windows, interactionOf: interactionOf, interactionIDs: interactionIDs)
        let overlappingEvents = attribution.hits.values.filter { $0.count > 1 }.count

        var summary = CorrelationSummary(
            runID: 0, interactions: interactionIDs.count, sessions: windows.count,
            windows: windows.filter { $0.window != nil }.count, attributedEvents: attribution.hits.count,
            overlappingEvents: overlappingEvents, windowOverlaps: overlaps.count,
            unattributedSupportEvents: unattributedList.count, supportIdentities: supportRoots.count,
            findingsBySeverity: [:], findingsByRule: [:], skippedRules: engine.skipped.map { (rule: $0.0, reason: $0.1) },
            warnings: warnings, policySource: policy.source, policySHA256: policy.sha256, slackSeconds: options.slackUs / 1_000_000)
        for f in findings {
            summary.findingsBySeverity[f.severity, default: 0] += 1
            summary.findingsByRule[f.rule, default: 0] += 1
        }

        clock.mark("rules")
        let writer = try ResultWriter(db)
        try writer.clear()
        try writer.writeIdentities(roots: supportRoots, labels: labels, resolver: resolver)
        try writer.writePseudoIdentities(policy: policy, resolver: resolver, supportRoots: supportRoots)
        try writer.writeWindows(windows)
        try writer.writeInteractions(
            ids: interactionIDs, sessionsOf: sessionsOf, windows: windows, eventsOf: eventsOf,
            attribution: attribution, findings: findings)
        try writer.writeAttributions(ids: interactionIDs, windows: windows, attribution: attribution)
        try writer.writeAccess(ids: interactionIDs, windows: windows, eventsOf: eventsOf, attribution: attribution)
        try writer.writeOverlaps(overlaps)
        try writer.writeFindings(findings)
        try SigmaFindings.refresh(db) // Sigma detections attributed to an interaction (tessera detect)
        try writer.writeUnattributed(unattributedList)
        clock.mark("writing results")
        summary.phaseSeconds = clock.phases
        summary.runID = try writer.writeRun(summary: summary, options: options, inputs: inputs)
        return summary
    }
}
