import ArgumentParser
import TesseraSDK
import TesseraStore
import TesseraTriage

/// `tessera triage list`: where each reviewed target stands.
struct TriageListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the current verdict of every reviewed finding, event and interaction.",
        discussion: """
            One row per target: its current verdict, tags, latest comment, analyst, time and how many \
            verdicts its history holds. `state` says whether the target is still in the store: a finding \
            whose evidence changed since its review reads "evidence changed since review". The store is \
            opened read-only.

            Examples:
              tessera triage list
              tessera triage list --status false-positive --format csv
              tessera triage list --status unreviewed          # findings nobody has reviewed yet
              tessera triage list --history                    # every row of the chain, oldest first
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(
        name: .customLong("status"),
        help: ArgumentHelp("Only targets with this verdict (repeatable): \(TriageFilterValue.all.joined(separator: ", ")).", valueName: "STATUS"))
    var statuses: [String] = []

    @Option(name: .customLong("tag"), help: ArgumentHelp("Only targets carrying this tag (repeatable: any of them).", valueName: "TAG"))
    var tags: [String] = []

    @Flag(help: "Every annotation row with its hashes, oldest first, instead of the current verdicts.")
    var history = false

    @OptionGroup var formatOptions: OutputFormatOptions
    var format: OutputFormat { formatOptions.format }

    func validate() throws {
        for status in statuses where !TriageFilterValue.all.contains(status) {
            throw ValidationError("--status '\(status)' is not one of \(TriageFilterValue.all.joined(separator: ", "))")
        }
    }

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(.readOnly)
            var writer = RowWriter(format: format)
            if history {
                try writeHistory(store.database, to: &writer)
            } else {
                try writeCurrent(store.database, to: &writer)
            }
        }
    }

    private func keep(_ status: String, _ tagList: [String]) -> Bool {
        (statuses.isEmpty || statuses.contains(status)) && (tags.isEmpty || tagList.contains(where: tags.contains))
    }

    private func writeHistory(_ database: Database, to writer: inout RowWriter) throws {
        try writer.begin(columns: [
            "annotation_id", "target_kind", "target_key", "status", "tags", "comment", "analyst", "created_utc",
            "prev_sha256", "row_sha256",
        ])
        for a in try TriageLedger(database: database).all() where keep(a.status.rawValue, a.tags) {
            try writer.row(values: [
                .integer(a.id), .text(a.kind.rawValue), .text(a.key), .text(a.status.rawValue), .text(a.tagsJSON),
                .optional(a.comment), .text(a.analyst), .text(a.createdUTC), .text(a.prevSHA256), .text(a.rowSHA256),
            ])
        }
        try writer.end()
    }

    private func writeCurrent(_ database: Database, to writer: inout RowWriter) throws {
        try writer.begin(columns: [
            "target_kind", "target", "state", "status", "tags", "comment", "analyst", "created_utc", "history",
            "target_key",
        ])
        /// One row; `filterValue` is what --status compares (a verdict, unreviewed or evidence-changed).
        func emit(
            _ kind: TargetKind, _ target: String, _ state: String, _ filterValue: String, _ a: CurrentAnnotation?,
            key: String
        ) throws {
            if filterValue == TriageFilterValue.unreviewed && !statuses.contains(filterValue) { return }
            guard keep(filterValue, a?.latest.tags ?? []) else { return }
            try writer.row(values: [
                .text(kind.rawValue), .text(target), .text(state), .optional(a?.latest.status.rawValue),
                .optional(a.map { $0.latest.tags.joined(separator: "; ") }), .optional(a?.latestComment),
                .optional(a?.latest.analyst), .optional(a?.latest.createdUTC), .integer(Int64(a?.historyCount ?? 0)),
                .text(key),
            ])
        }
        let ledger = TriageLedger(database: database)
        let overview = try TriageOverview.load(database)
        for (id, review) in overview.findings.sorted(by: { $0.key < $1.key }) {
            let state: String
            switch review {
            case .reviewed: state = "reviewed"
            case .evidenceChanged: state = "evidence changed since review"
            case .unreviewed: state = "unreviewed"
            }
            try emit(.finding, "finding #\(id)", state, review.filterValue, review.annotation, key: overview.keys[id] ?? "")
        }
        for a in overview.orphans {
            try emit(.finding, "none", "finding no longer raised", a.latest.status.rawValue, a, key: a.latest.key)
        }
        let events = try ledger.current(.event)
        let eventIDs = try TriageKeys.eventIDs(database, keys: Set(events.keys))
        for a in events.values.sorted(by: { $0.latest.id < $1.latest.id }) {
            let id = eventIDs[a.latest.key]
            try emit(
                .event, id.map { "event #\($0)" } ?? "none", id == nil ? "event not in this store" : "reviewed",
                a.latest.status.rawValue, a, key: a.latest.key)
        }
        for a in try ledger.current(.interaction).values.sorted(by: { $0.latest.id < $1.latest.id }) {
            let known = try TriageKeys.interactionExists(database, id: a.latest.key)
            try emit(
                .interaction, a.latest.key, known ? "reviewed" : "interaction not in this store", a.latest.status.rawValue, a,
                key: a.latest.key)
        }
        try writer.end()
    }
}
