import Foundation
import TesseraSDK

/// Maps one UAL record to a ``SourceRecord``: time, dedup key, actor, client IP and the
/// workload-specific resource/action mapping (see `docs/formats/unified-audit-log.md`).
struct UALMapper: Sendable {
    /// Upper bound on events from one record (a MailItemsAccessed record lists at most about a
    /// thousand items; anything far above that is hostile or corrupt input).
    static let maxEventsPerRecord = 10_000

    var sourceTimeZone: TimeZone?

    /// What every event of one record shares.
    struct Common {
        var audit: AuditObject
        var operation: String
        var workload: String?
        var recordType: Int?
        var timestampUs: Int64
        var timestampRaw: String
        var timestampDescription: String
        var actorRaw: String?
        var actor: String?
        var actorType: String?
        var clientIP: String?
        var userAgent: String?
        var tenant: String?
        var outcome: String?
        var recordID: String?
        var details: JSONObject
        /// `<actor> <operation>`, the start of every event's message.
        var messagePrefix: String

        func event(
            category: String, action: String, resourceType: String? = nil, resource: String? = nil,
            resourceName: String? = nil, sessionID: String? = nil, outcome: String? = nil,
            details extra: JSONObject = JSONObject()
        ) -> NormalizedEvent {
            // Keys of `extra` never repeat the common ones, so members are concatenated (no lookups).
            var details = self.details
            if !extra.isEmpty { details.append(contentsOf: extra) }
            return event(
                category: category, action: action, resourceType: resourceType, resource: resource,
                resourceName: resourceName, sessionID: sessionID, outcome: outcome, allDetails: details)
        }

        /// An event whose details are exactly `details` (the common ones already included).
        func event(
            category: String, action: String, resourceType: String?, resource: String?,
            resourceName: String?, sessionID: String?, outcome: String? = nil, allDetails details: JSONObject
        ) -> NormalizedEvent {
            // `<actor> <operation>[ <resource>][ from <ip>]`, built in one allocation.
            let shown = resourceName ?? resource
            var message = messagePrefix
            message.reserveCapacity(messagePrefix.utf8.count + (shown.map { $0.utf8.count + 1 } ?? 0) + (clientIP.map { $0.utf8.count + 6 } ?? 0))
            if let shown { message += " "; message += shown }
            if let clientIP { message += " from "; message += clientIP }
            return NormalizedEvent(
                timestampUs: timestampUs, timestampRaw: timestampRaw, timestampDescription: timestampDescription,
                category: category, operation: operation, action: action, outcome: outcome ?? self.outcome,
                actor: actor, actorRaw: actorRaw, actorType: actorType, clientIP: clientIP, userAgent: userAgent,
                tenant: tenant, resourceType: resourceType, resource: resource, resourceName: resourceName,
                sessionID: sessionID, recordID: recordID, message: message, details: details)
        }
    }

    /// The mapped record, and a warning when its events had to be capped.
    func map(_ row: UALRow) throws(UALRecordError) -> (record: SourceRecord, warning: String?) {
        let audit = row.audit
        guard let operation = audit.text("Operation") ?? row.operation else {
            throw UALRecordError(reason: "AuditData has no Operation (and the export has no Operation column value)")
        }
        let time = try resolveTime(row)
        let id = audit.text("Id") ?? row.recordID
        let dedupKey = id.map { $0.lowercased(prefixedWith: "ual:") } ?? ContentKey.make(prefix: "ual:sha256", bytes: row.raw)

        let recordType = RecordTypes.number(audit.text("RecordType")) ?? RecordTypes.number(row.recordType)
        let actorRaw = audit.text("UserId") ?? row.userID
        let workload = audit.text("Workload")
        let userTypeText = audit.text("UserType")
        let userType = UserTypes.number(userTypeText)
        let resultStatus = audit.text("ResultStatus")
        let externalAccess = audit.bool("ExternalAccess")
        let logonType = audit.text("LogonType")
        let ipRaw = audit.text("ClientIP", "ClientIPAddress", "ActorIpAddress", "ClientIp") ?? row.exportColumns.text("clientIp")

        var details = JSONObject(minimumCapacity: 16 + row.exportColumns.members.count)
        details.add("Workload", workload)
        if let recordType {
            details.append("RecordType", .number(String(recordType)))
            details.add("RecordTypeName", RecordTypes.name(recordType))
        } else {
            details.add("RecordType", audit.text("RecordType") ?? row.recordType)
        }
        details.add("UserType", userTypeText)
        details.add("UserKey", audit.text("UserKey"))
        if let externalAccess { details.append("ExternalAccess", .bool(externalAccess)) }
        details.add("LogonType", logonType)
        details.add("ObjectId", audit.text("ObjectId"))
        details.add("ResultStatus", resultStatus)
        details.add("OrganizationId", audit.text("OrganizationId"))
        details.add("AppId", audit.text("AppId"))
        details.add("ClientAppId", audit.text("ClientAppId"))
        let clientIP = ipRaw.flatMap(IPAddress.normalize)
        if let ipRaw, clientIP != ipRaw { details.add("ClientIPRaw", ipRaw) }
        // The logon's SID and UPN under the keys correlation reads to link identities
        // (docs/correlation.md): the SID of the logon (LogonUserSid, or a UserKey that is a SID)
        // with the UserId that names the same logon, when that is a UPN.
        // (The SID is looked up first: most records have none, and the UPN test allocates.)
        if let sid = audit.text("LogonUserSid") ?? audit.text("UserKey").flatMap({ $0.hasPrefix("S-1-") || $0.hasPrefix("s-1-") ? $0 : nil }),
            let actorRaw, IdentityCanonicalizer.isUPN(actorRaw)
        {
            details.add("logon_user_sid", sid)
            details.add("logon_user_upn", actorRaw)
        }
        details.add("CreationDate", row.creationDate)
        details.add("TimeSource", time.source)
        for member in row.exportColumns.members { details[member.key] = member.value }

        let family = Self.family(operation: operation, recordType: recordType, workload: workload, audit: audit)
        // ExternalAccess means vendor or delegated administration only on admin (cmdlet) records;
        // on mailbox records it means the logon user's domain differs from the mailbox owner's.
        let adminExternalAccess = family == .exchangeAdmin ? externalAccess : nil
        let common = Common(
            audit: audit, operation: operation, workload: workload, recordType: recordType,
            timestampUs: time.us, timestampRaw: time.raw, timestampDescription: "Creation Time",
            actorRaw: actorRaw, actor: actorRaw.flatMap(IdentityCanonicalizer.canonical),
            actorType: ActorClassifier.actorType(userID: actorRaw, userType: userType, externalAccess: adminExternalAccess, logonType: logonType),
            clientIP: clientIP,
            userAgent: audit.text("UserAgent") ?? audit.text("ClientInfoString"),
            tenant: (audit.text("OrganizationName") ?? audit.text("OrganizationId")).map { $0.lowercased(prefixedWith: "") },
            outcome: Self.outcome(resultStatus), recordID: id, details: details,
            messagePrefix: (actorRaw ?? "(no actor)") + " " + operation)

        var session: SupportSession?
        var events: [NormalizedEvent]
        switch family {
        case .mailItemsAccessed: events = MailboxMapping.mailItemsAccessed(common)
        case .mailbox: events = MailboxMapping.itemOperation(common)
        case .exchangeAdmin:
            let mapped = ExchangeAdminMapping.map(common)
            events = mapped.events
            session = mapped.session
        case .sharePoint: events = FileOperationMapping.map(common)
        case .entra: events = EntraMapping.map(common)
        case .generic: events = [Self.generic(common)]
        }
        var warning: String?
        if events.count > Self.maxEventsPerRecord {
            warning =
                "\(row.locator): \(operation) record lists more than \(Self.maxEventsPerRecord) items; only the first \(Self.maxEventsPerRecord) became events (the raw record is kept whole)"
            events.removeSubrange(Self.maxEventsPerRecord...)
        }
        return (SourceRecord(locator: row.locator, dedupKey: dedupKey, raw: row.raw, events: events, supportSession: session), warning)
    }

    enum Family { case mailItemsAccessed, mailbox, exchangeAdmin, sharePoint, entra, generic }

    static func family(operation: String, recordType: Int?, workload: String?, audit: AuditObject) -> Family {
        let workload = workload?.lowercased() ?? ""
        let recordType = recordType ?? -1
        if operation == "MailItemsAccessed" { return .mailItemsAccessed }
        if [1, 18].contains(recordType) || (workload == "exchange" && operation.contains("-")) {
            return .exchangeAdmin
        }
        if [2, 3, 50].contains(recordType) || (workload == "exchange" && audit.field("MailboxOwnerUPN") != nil) {
            return .mailbox
        }
        if [4, 6, 7, 14, 36].contains(recordType) || workload == "sharepoint" || workload == "onedrive" {
            return .sharePoint
        }
        if [8, 9, 15].contains(recordType) || workload == "azureactivedirectory" { return .entra }
        return .generic
    }

    /// Unknown record types are kept with what every record has: operation, actor, ObjectId, IP, workload.
    static func generic(_ c: Common) -> NormalizedEvent {
        let objectID = c.audit.text("ObjectId")
        return c.event(
            category: EventCategory.other, action: EventAction.other,
            resourceType: objectID == nil ? nil : ResourceType.adminObject, resource: objectID)
    }

    static func outcome(_ status: String?) -> String? {
        switch status?.lowercased() {
        case "success", "succeeded", "true": return "success"
        case "failed", "failure", "false": return "failure"
        default: return nil
        }
    }

    /// `AuditData.CreationTime` is authoritative and UTC although it carries no zone marker;
    /// the export's `CreationDate` is the fallback, read in `--source-tz` (UTC when not given).
    func resolveTime(_ row: UALRow) throws(UALRecordError) -> (us: Int64, raw: String, source: String) {
        var problem: String?
        if let raw = row.audit.text("CreationTime") {
            do {
                switch try Timestamp.parseISO8601(raw) {
                case .utc(let us): return (us, raw, row.creationTimeSource)
                case .naive(let civil): return (civil.microsecondsAsUTC, raw, row.creationTimeSource)
                }
            } catch {
                problem = "AuditData.CreationTime: \(error)"
            }
        }
        if let raw = row.creationDate {
            let zone = row.creationDateIsUTC ? TimeZone(secondsFromGMT: 0)! : (sourceTimeZone ?? TimeZone(secondsFromGMT: 0)!)
            do {
                let parsed: ParsedTimestamp
                if raw.first?.isNumber == true, raw.contains("/") {
                    // `9/20/2023 4:05:03 AM`; Log Analytics writes `2/1/2021, 5:20:06.681 PM`.
                    parsed = .naive(try Timestamp.parseUSLocalized(raw))
                } else {
                    parsed = try Timestamp.parseISO8601(raw)
                }
                return (try Timestamp.resolve(parsed, raw: raw, zone: zone), raw, row.creationDateSource)
            } catch {
                problem = (problem.map { $0 + "; " } ?? "") + "CreationDate: \(error)"
            }
        }
        throw UALRecordError(reason: problem ?? "no time: AuditData has no CreationTime and the export no CreationDate")
    }
}

typealias Common = UALMapper.Common
