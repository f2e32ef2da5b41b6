import TesseraStore

/// Why correlation could not run, phrased so an analyst knows what to do. Nothing in the
/// store changes when one of these is thrown: a run writes its results in one transaction.
public enum CorrelationError: Error, CustomStringConvertible, Sendable {
    /// The policy file could not be read.
    case policyUnreadable(path: String, reason: String)
    /// The policy file is not valid YAML / JSON, or a key or value is wrong.
    case policyInvalid(source: String, location: String, problem: String)
    /// The analyst alias CSV could not be read.
    case aliasesUnreadable(path: String, reason: String)
    /// A row of the alias CSV is malformed.
    case aliasesInvalid(path: String, locator: String, problem: String)
    /// The GeoIP database could not be opened.
    case geoIPUnreadable(path: String, reason: String)
    /// A `--slack` value that is not a duration.
    case invalidDuration(String)
    /// Another process (an ingest, another correlate) holds the store's write lock.
    case storeBusy(path: String)
    /// The store failed.
    case store(StoreError)
    /// Any other failure while correlating (the store is unchanged).
    case unexpected(String)

    /// The message for the analyst.
    public var description: String {
        switch self {
        case .policyUnreadable(let path, let reason):
            return
                "cannot read the policy file \(path) (\(reason)); check the path, or omit --policy to use the default policy (`tessera correlate --print-default-policy` shows it)"
        case .policyInvalid(let source, let location, let problem):
            return "policy \(source) \(location): \(problem); fix the file (docs/policy.md describes every key) and re-run"
        case .aliasesUnreadable(let path, let reason):
            return "cannot read the alias file \(path) (\(reason)); check the --aliases path"
        case .aliasesInvalid(let path, let locator, let problem):
            return "alias file \(path) \(locator): \(problem); the file needs a header row with the columns `identity,alias` (see docs/correlation.md)"
        case .geoIPUnreadable(let path, let reason):
            return
                "cannot open the GeoIP database \(path) (\(reason)); give a MaxMind DB country database (GeoLite2-Country.mmdb, DB-IP country lite) or omit --geoip to skip the location-mismatch rule"
        case .invalidDuration(let text):
            return "'\(text)' is not a duration; give minutes (`15`) or a number with a unit (`900s`, `15m`, `1h`)"
        case .storeBusy(let path):
            return "the store \(path) is busy: another tessera process is writing to it; re-run `tessera correlate` when it has finished (nothing was changed)"
        case .store(let error):
            return error.description
        case .unexpected(let message):
            return "correlation failed: \(message); the store was not changed. Re-run; if it fails again, report it with this message"
        }
    }
}
