import TesseraStore

/// Why a triage command could not do what was asked, phrased so an analyst knows what to do.
public enum TriageError: Error, CustomStringConvertible, Sendable {
    case sqlite(SQLiteError)
    /// The store predates triage and is opened read-only, so it cannot be migrated.
    case noAnnotationsTable
    case unknownFinding(Int64)
    case unknownEvent(Int64)
    case unknownInteraction(String)
    /// A first annotation needs a verdict.
    case statusRequired(target: String)
    case emptyTag
    case emptyAnalyst
    /// `triage import` refused the file: every problem, by line. Nothing was imported.
    case importRefused(path: String, problems: [(line: Int, reason: String)])
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// Anything else that stopped the store's transaction (nothing was written).
    case failed(String)

    public var description: String {
        switch self {
        case .sqlite(let error):
            return StoreError.sqlite(error).description
        case .noAnnotationsTable:
            return
                "this store was written before triage existed; open it once read-write (e.g. `tessera triage list` after `tessera correlate`, or any `tessera triage` command) to add the annotations table"
        case .unknownFinding(let id):
            return
                "no finding #\(id) in this store's latest correlation run; list them with `tessera query \"SELECT finding_id, rule, interaction_id, summary FROM findings\"`"
        case .unknownEvent(let id):
            return "no event #\(id) in this store; event ids are those of `tessera query \"SELECT event_id, time_utc, message FROM timeline\"`"
        case .unknownInteraction(let id):
            return "no interaction '\(id)' in this store; list them with `tessera query \"SELECT interaction_id FROM support_interactions\"`"
        case .statusRequired(let target):
            return "\(target) has no verdict yet: give one with --status (\(TriageStatus.names))"
        case .emptyTag:
            return "a --tag or --untag value is empty; give the tag's text"
        case .emptyAnalyst:
            return "no analyst name: give --analyst NAME or set TESSERA_ANALYST"
        case .importRefused(let path, let problems):
            let lines = problems.prefix(50).map { "\(path):\($0.line): \($0.reason)" }
            let more = problems.count > 50 ? ["... and \(problems.count - 50) more problems"] : []
            return "\(path) was not imported (nothing was added to the store); \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
                + (lines + more).joined(separator: "\n")
        case .cannotRead(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason); nothing was written"
        case .failed(let reason):
            return "the annotations were not written: \(reason)"
        }
    }
}
