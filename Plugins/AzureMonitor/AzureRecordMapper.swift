import Foundation
import TesseraSDK

/// Why one record cannot be stored, phrased for an analyst; it becomes a ``Reject``.
struct AzureProblem: Error {
    var reason: String
}

/// Maps one Azure log record (an object, whatever its container) to a ``SourceRecord``.
struct AzureRecordMapper: Sendable {
    /// The zone for timestamps written without one (`--source-tz`); Azure writes UTC, so nil means UTC.
    var naiveZone: TimeZone

    init(sourceTimeZone: TimeZone?) {
        naiveZone = sourceTimeZone ?? TimeZone(identifier: "UTC")!
    }

    /// What a mapped record yields besides itself: a note for the file's warnings.
    enum Note: Sendable { case signInWithoutUPN }

    /// - Parameter fallback: the log a record is of when it does not say (a CSV export whose header
    ///   named the table but whose rows have no `Type` or `Category` column).
    ///   - rawIsNotJSON: `raw` is a CSV row: keep the record's columns in `details.record`.
    func map(
        _ object: JSONObject, raw: [UInt8], locator: String, fallback: AzureLogKind? = nil,
        rawIsNotJSON: Bool = false
    ) throws(AzureProblem) -> (SourceRecord, Note?) {
        let record = AzureFields(object)
        guard let kind = AzureLogKind.classify(record) ?? fallback else {
            let category = record.text("category").map { " (category `\($0)`)" } ?? ""
            throw AzureProblem(
                reason:
                    "not an Azure Activity Log, Entra ID sign-in or audit, or Key Vault AuditEvent record\(category); other Azure resource logs are not read")
        }
        var note: Note?
        var event: NormalizedEvent
        var key: String
        switch kind {
        case .activity: (event, key) = try activity(record)
        case .signIn: (event, key, note) = try signIn(record)
        case .directoryAudit: (event, key) = try directoryAudit(record)
        case .keyVault: (event, key) = try keyVault(record)
        }
        var details = JSONObject(minimumCapacity: event.details.members.count + 2)
        details.append("azure_log", .string(kind.rawValue))
        details.append(contentsOf: event.details)
        // A JSON record is its own raw text (`events.raw`), stored once on the record; a CSV row's
        // raw text is not JSON, so its columns are kept here as an object for Sigma rules and SQL.
        if rawIsNotJSON { details.append("record", .object(object)) }
        event.details = details
        if key.utf8.count > 512 { key = ContentKey.make(prefix: "azure", bytes: Array(key.utf8)) }
        return (SourceRecord(locator: locator, dedupKey: key, raw: raw, events: [event]), note)
    }

    // MARK: Shared pieces

    /// The record's time from the first present field among `fields`: ISO 8601, or the Log
    /// Analytics portal's localized `4/28/2021, 2:31:30.021 PM`; without a zone, read in ``naiveZone``.
    func time(_ fields: [(AzureFields?, String)]) throws(AzureProblem) -> (us: Int64, raw: String) {
        for (object, name) in fields {
            guard let raw = object?.text(name) else { continue }
            do {
                let parsed: ParsedTimestamp
                if let iso = try? Timestamp.parseISO8601(raw) { parsed = iso } else { parsed = .naive(try Timestamp.parseUSLocalized(raw)) }
                return (try Timestamp.resolve(parsed, raw: raw, zone: naiveZone), raw)
            } catch {
                throw AzureProblem(reason: "field `\(name)`: \(error)")
            }
        }
        let names = fields.map { "`\($0.1)`" }
        throw AzureProblem(
            reason: "no timestamp: none of \(Array(Set(names)).sorted().joined(separator: ", ")) is present, so the record cannot be placed on the timeline")
    }

    /// `success`, `failure`, or nil (started, accepted, in progress, unknown).
    static func outcome(_ status: String?) -> String? {
        guard let s = status?.lowercased() else { return nil }
        if ["success", "succeeded", "ok", "0"].contains(s) { return "success" }
        if s.hasPrefix("fail") || s == "failure" || s == "forbidden" || s == "unauthorized" || s == "notfound" { return "failure" }
        return nil
    }

    /// The subscription of an ARM resource id (`/subscriptions/<id>/...`), as a tenant name.
    static func subscriptionTenant(_ resourceID: String?) -> String? {
        guard let id = resourceID?.lowercased(), id.hasPrefix("/subscriptions/") else { return nil }
        let rest = id.utf8.dropFirst("/subscriptions/".utf8.count).drop { $0 == UInt8(ascii: "/") }
        let subscription = rest.prefix { $0 != UInt8(ascii: "/") }
        guard !subscription.isEmpty, !subscription.contains(UInt8(ascii: "<")) else { return nil }
        return "subscription:" + String(decoding: subscription, as: UTF8.self)
    }

    /// The last segment of a resource id or URI (`.../securityRules/rdp-from-anywhere` → `rdp-from-anywhere`).
    static func lastSegment(_ id: String?) -> String? {
        guard let bytes = id?.utf8 else { return nil }
        let trimmed = bytes.reversed().drop { $0 == UInt8(ascii: "/") }
        let segment = trimmed.prefix { $0 != UInt8(ascii: "/") }
        return segment.isEmpty ? nil : String(decoding: segment.reversed(), as: UTF8.self)
    }

    static func actorType(_ actor: String?, isApp: Bool) -> String? {
        guard let actor else { return nil }
        if IdentityCanonicalizer.isUPN(actor) { return ActorType.user }
        return isApp ? ActorType.service : ActorType.user
    }

    static func ip(_ candidates: String?...) -> String? {
        for case let text? in candidates { if let ip = IPAddress.normalize(text) { return ip } }
        return nil
    }
}
