import TesseraSDK
import TesseraStore

/// Which records a prune keeps (`tessera normalize --keep`), from a plan that `tessera
/// prune-plan` derived from the policy (docs/scale-out.md, "What the prune keeps").
///
/// Always kept: records holding a support session (support logs, Lockbox requests) and records
/// with an event naming a logon (`logon_identity`: the evidence's links between a person's
/// names). With a plan, also every record with an event whose actor is a support identity or
/// alias (at any time), whose actor type is one of the plan's (at any time), or whose client IP
/// lies in a session's network within that session's window (with the policy's slack). Rejects
/// are never pruned. The tests are supersets of the correlator's own queries: keeping an extra
/// record costs space, never a finding.
public struct KeepRule: Sendable {
    private var identities: Set<String> = []
    private var actorTypes: Set<String> = []
    /// Single-host networks by their text (the correlator matches hosts by `client_ip` text).
    private var hostWindows: [String: [ClosedRange<Int64>]] = [:]
    /// CIDR blocks with their windows.
    private var blocks: [(IPNetwork, ClosedRange<Int64>)] = []

    /// Keeps only what is always kept (the Spark job's first pass, which builds the plan).
    public static let alwaysKept = KeepRule()

    private init() {}

    /// The rule of a plan (the JSON `tessera prune-plan` prints).
    public init(plan: JSONObject) throws(NormalizedFormatError) {
        func strings(_ key: String) throws(NormalizedFormatError) -> [String] {
            guard let values = plan[key]?.arrayValue else { throw NormalizedFormatError(place: "keep plan", reason: "no '\(key)' list") }
            return values.compactMap(\.stringValue)
        }
        identities = Set(try strings("identities"))
        actorTypes = Set(try strings("actor_types"))
        guard let windows = plan["windows"]?.arrayValue else { throw NormalizedFormatError(place: "keep plan", reason: "no 'windows' list") }
        for (i, value) in windows.enumerated() {
            guard let w = value.objectValue, let lo = w["lo"]?.intValue, let hi = w["hi"]?.intValue, lo <= hi,
                let networks = w["networks"]?.arrayValue
            else {
                throw NormalizedFormatError(place: "keep plan windows[\(i)]", reason: "needs lo ≤ hi and networks")
            }
            for text in networks.compactMap(\.stringValue) {
                guard let network = IPNetwork(text) else {
                    throw NormalizedFormatError(place: "keep plan windows[\(i)]", reason: "'\(text)' is not an IP network")
                }
                if network.prefixLength == network.address.count * 8 {
                    hostWindows[network.description, default: []].append(lo...hi)
                } else {
                    blocks.append((network, lo...hi))
                }
            }
        }
    }

    private static let actor = EncodedRecord.eventColumnNames.firstIndex(of: "actor")!
    private static let actorType = EncodedRecord.eventColumnNames.firstIndex(of: "actor_type")!
    private static let clientIP = EncodedRecord.eventColumnNames.firstIndex(of: "client_ip")!
    private static let logonIdentity = EncodedRecord.eventColumnNames.firstIndex(of: "logon_identity")!

    /// Whether the prune keeps `record`.
    public func keeps(_ record: EncodedRecord) -> Bool {
        if record.supportSession != nil { return true }
        for event in 0..<record.eventCount where keeps(record, event) { return true }
        return false
    }

    private func keeps(_ record: EncodedRecord, _ event: Int) -> Bool {
        if record.withEventValue(event, Self.logonIdentity, { $0 != nil }) { return true }
        if !identities.isEmpty, let actor = text(record, event, Self.actor), identities.contains(actor) { return true }
        if !actorTypes.isEmpty, let type = text(record, event, Self.actorType), actorTypes.contains(type) { return true }
        guard !hostWindows.isEmpty || !blocks.isEmpty, let ip = text(record, event, Self.clientIP) else { return false }
        let ts = record.timestamp(event)
        if let windows = hostWindows[ip], windows.contains(where: { $0.contains(ts) }) { return true }
        return blocks.contains { $0.1.contains(ts) && $0.0.contains(ip) }
    }

    private func text(_ record: EncodedRecord, _ event: Int, _ column: Int) -> String? {
        record.withEventValue(event, column) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }
}
