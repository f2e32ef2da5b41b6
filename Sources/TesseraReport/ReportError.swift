import TesseraStore

/// Why a report or export could not be written, phrased so the analyst knows what to do.
public enum ReportError: Error, CustomStringConvertible, Sendable {
    case unknownTimeZone(String)
    case badTime(option: String, value: String, reason: String)
    case emptyRange(from: String, to: String)
    case unknownInteraction([String])
    case outputIsStore(String)
    case cannotWrite(path: String, reason: String)
    case store(String)
    case unsupportedRows(format: String)
    case notCorrelated

    /// The message `tessera` prints after `tessera: `.
    public var description: String {
        switch self {
        case .unknownTimeZone(let name):
            return "unknown time zone '\(name)'; use an IANA name such as America/New_York, UTC, or an offset such as +05:30"
        case .badTime(let option, let value, let reason):
            return "\(option) '\(value)' is not a time Tessera can read (\(reason)); use ISO 8601, e.g. 2023-03-14T14:00:00Z or 2023-03-14"
        case .emptyRange(let from, let to):
            return "--from \(from) is after --to \(to); nothing would be reported. Swap them or widen the range"
        case .unknownInteraction(let ids):
            return
                "no interaction \(ids.map { "'\($0)'" }.joined(separator: ", ")) in the store; list them with: tessera query \"SELECT interaction_id FROM support_interactions\""
        case .outputIsStore(let path):
            return "--output \(path) is the store itself; choose another output file"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path) (\(reason)); check the directory exists and is writable, or choose another --output"
        case .unsupportedRows(let format):
            return "--rows access is available in the csv and jsonl formats only, not \(format); use --format csv or --format jsonl"
        case .notCorrelated:
            return "this store is not correlated yet, so it has no interaction_access rows; run `tessera correlate` first, or export --rows events"
        case .store(let message):
            return "reading the store failed: \(message). The store was not changed; check it with `tessera sources`"
        }
    }

    static func wrap(_ error: any Error) -> ReportError {
        if let error = error as? ReportError { return error }
        if let error = error as? StoreError { return .store(error.description) }
        if let error = error as? SQLiteError { return .store(error.description) }
        return .store("\(error)")
    }
}
