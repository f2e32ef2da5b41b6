import TesseraSDK
import TesseraStore

/// What a prune of the evidence must keep so that correlation of the kept events finds exactly
/// what it finds on all of them (docs/scale-out.md, "What the prune keeps"). Built by the
/// correlator's own code (support windows, identities with aliases and the logons the evidence
/// names, Lockbox approvals, windows closed with the policy's slack) from a store holding the
/// case's support-log and Lockbox records and every event that names a logon:
///
/// - `identities`: every alias of every support identity: events by them are kept at any time
///   (attribution inside windows, unattributed support access outside them);
/// - `windows`: each closed window `[lo, hi]` (µs) with its session networks: events from an
///   address inside one of them within the window are kept (attribution by IP);
/// - `actor_types`: the policy's support and Lockbox actor types: such events are kept at any time.
///
/// Records that hold a support session or an event naming a logon (`logon_identity`) are always
/// kept: they are what windows and identities are built from.
public enum PrunePlan {
    /// The plan as JSON, with the parameters it was built with.
    public static func build(store: EventStore, options: CorrelationOptions) throws(CorrelationError) -> JSONObject {
        let aliasFile = try options.aliasesPath.map { path throws(CorrelationError) in try AliasFile.load(path: path) }
        var aliasesSHA256: String?
        if let path = options.aliasesPath {
            do { aliasesSHA256 = try FileBytes.sha256(path) } catch { throw .aliasesUnreadable(path: path, reason: error.reason) }
        }
        let db = store.database
        var warnings: [String] = []
        var windows: [SupportWindow]
        do {
            windows = try SupportLoader.sessions(db)
            _ = try IdentityBuilder.build(
                windows: &windows, db: db, aliasFile: aliasFile, aliasesPath: options.aliasesPath,
                warnings: &warnings)
        } catch {
            throw .store(.sqlite(error))
        }
        LockboxApproval.apply(&windows, warnings: &warnings)
        WindowBuilder.close(&windows, slackUs: options.slackUs, policy: options.policy, warnings: &warnings)
        let policy = options.policy
        let identities = Set(windows.flatMap(\.identityAliases)).sorted()
        let windowValues: [JSONValue] = windows.compactMap { w in
            guard let window = w.window else { return nil }
            return .object(
                JSONObject([
                    ("interaction_id", .string(w.interactionID)), ("lo", .number(String(window.lowerBound))),
                    ("hi", .number(String(window.upperBound))), ("networks", .array(w.networks.map { .string($0.description) })),
                ]))
        }
        let actorTypes = policy.supportActorTypes.union(policy.lockboxActorTypes).sorted()
        return JSONObject([
            ("policy_source", .string(policy.source)), ("policy_sha256", .string(policy.sha256)),
            ("aliases", options.aliasesPath.map(JSONValue.string) ?? .null), ("aliases_sha256", aliasesSHA256.map(JSONValue.string) ?? .null),
            ("slack_seconds", .number(String(options.slackUs / 1_000_000))),
            ("interactions", .number(String(Set(windows.map(\.interactionID)).count))),
            ("identities", .array(identities.map(JSONValue.string))),
            ("actor_types", .array(actorTypes.map(JSONValue.string))),
            ("windows", .array(windowValues)),
            ("always_kept", .array([.string("support_session"), .string("logon_identity")])),
        ])
    }

    /// Warnings when the store holds a Spark prune made for another policy, alias file or slack
    /// than this run's: the prune kept only what its own plan could use.
    static func mismatches(_ db: Database, options: CorrelationOptions, aliasesSHA256: String?) throws(SQLiteError) -> [String] {
        guard try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'normalized_imports'") == 1 else { return [] }
        let statement = try db.prepare("SELECT import_id, parameters FROM normalized_imports WHERE pruned = 1 ORDER BY import_id")
        var warnings: [String] = []
        while try statement.step() {
            guard let plan = (try? JSONParser.parse(statement.text(1) ?? "{}"))?.objectValue?["plan"]?.objectValue else { continue }
            var differences: [String] = []
            if plan["policy_sha256"]?.stringValue != options.policy.sha256 { differences.append("policy") }
            if plan["slack_seconds"]?.intValue != options.slackUs / 1_000_000 { differences.append("slack") }
            if plan["aliases_sha256"]?.stringValue != aliasesSHA256 { differences.append("aliases file") }
            if !differences.isEmpty {
                warnings.append(
                    "this store holds a Spark prune (normalized_imports \(statement.int64(0))) made for another \(differences.joined(separator: ", ")) than this run's: the prune kept only the events its own plan could use, so this run may miss some; correlate with the job's --policy, --aliases and --slack, or run tessera spark again with these"
                )
            }
        }
        return warnings
    }
}
