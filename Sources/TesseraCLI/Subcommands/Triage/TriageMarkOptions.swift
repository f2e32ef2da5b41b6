import ArgumentParser
import Foundation
import TesseraStore
import TesseraTriage

/// `--status`, `--tag`, `--untag`, `--comment`, `--analyst`: what `triage finding|event|interaction` record.
struct TriageMarkOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The verdict: \(TriageStatus.names) (default: the target's current verdict).", valueName: "STATUS"))
    var status: TriageStatus?

    @Option(name: .customLong("tag"), help: ArgumentHelp("Add a tag (repeatable; the target keeps its earlier tags).", valueName: "TAG"))
    var tags: [String] = []

    @Option(name: .customLong("untag"), help: ArgumentHelp("Remove a tag (repeatable).", valueName: "TAG"))
    var untags: [String] = []

    @Option(help: ArgumentHelp("Why: kept with the verdict, shown in reports.", valueName: "TEXT"))
    var comment: String?

    @Option(help: ArgumentHelp("Who decides (default: $TESSERA_ANALYST, else the login name).", valueName: "NAME"))
    var analyst: String?

    /// The analyst in force: --analyst, then TESSERA_ANALYST, then the login name.
    func analystName() throws(TriageError) -> String {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [analyst, environment["TESSERA_ANALYST"], environment["USER"], environment["LOGNAME"], NSUserName()]
        for case let name? in candidates {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { return trimmed }
        }
        throw .emptyAnalyst
    }

    /// Opens the store read-write, resolves the target (its key and how to name it) and records the verdict.
    func record(
        _ kind: TargetKind, storeOptions: StoreOptions,
        target: (EventStore) throws -> (key: String, label: String)
    ) throws {
        try reportingErrors {
            let store = try storeOptions.open(.readWrite)
            let (key, label) = try target(store)
            try record(kind, key: key, label: label, store: store)
        }
    }

    /// Appends the verdict for `key` and prints what was recorded.
    func record(_ kind: TargetKind, key: String, label: String, store: EventStore) throws {
        let ledger = TriageLedger(database: store.database)
        let previous = try ledger.current(kind, key: key)
        guard let verdict = status ?? previous?.latest.status else { throw TriageError.statusRequired(target: label) }
        if (tags + untags).contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { throw TriageError.emptyTag }
        var newTags = previous?.latest.tags ?? []
        for tag in tags where !newTags.contains(tag) { newTags.append(tag) }
        newTags.removeAll { untags.contains($0) }
        let entry = TriageLedger.Entry(
            kind: kind, key: key, status: verdict, tags: newTags, comment: comment,
            analyst: try analystName(), createdUTC: TriageLedger.now())
        guard let written = try ledger.append([entry]).first else { return }
        let history = (previous?.historyCount ?? 0) + 1
        print(
            "\(label): \(written.status.rawValue)\(newTags.isEmpty ? "" : " [" + newTags.joined(separator: ", ") + "]") "
                + "by \(written.analyst) at \(written.createdUTC) (annotation #\(written.id); "
                + "\(history) in this target's history; key \(written.key))")
    }
}

/// `tessera triage finding ID`.
struct TriageFindingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finding",
        abstract: "Record a verdict on a finding of the latest correlation run (by its finding_id).")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The finding's id (findings.finding_id).") var id: Int64
    @OptionGroup var mark: TriageMarkOptions

    func run() throws {
        try mark.record(.finding, storeOptions: storeOptions) { store in
            guard let target = try TriageKeys.findings(store.database).first(where: { $0.findingID == id }) else {
                throw TriageError.unknownFinding(id)
            }
            return (target.key, "finding #\(id) \(target.rule) · \(target.interactionID ?? "no interaction")")
        }
    }
}

/// `tessera triage event ID`.
struct TriageEventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: "Record a verdict on an event (by its event_id).")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The event's id (events.event_id).") var id: Int64
    @OptionGroup var mark: TriageMarkOptions

    func run() throws {
        try mark.record(.event, storeOptions: storeOptions) { store in
            guard let key = try TriageKeys.eventKey(store.database, eventID: id) else { throw TriageError.unknownEvent(id) }
            return (key, "event #\(id)")
        }
    }
}

/// `tessera triage interaction ID`.
struct TriageInteractionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interaction",
        abstract: "Record a verdict on a support interaction (by its interaction id).")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The interaction id (e.g. the ticket number).") var id: String
    @OptionGroup var mark: TriageMarkOptions

    func run() throws {
        try mark.record(.interaction, storeOptions: storeOptions) { store in
            guard try TriageKeys.interactionExists(store.database, id: id) else { throw TriageError.unknownInteraction(id) }
            return (id, "interaction \(id)")
        }
    }
}
