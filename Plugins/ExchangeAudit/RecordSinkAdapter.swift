import Foundation
import TesseraSDK

/// Maps what the reader produces onto the sink: records to ``SourceRecord``s, broken stretches
/// and unmappable records to ``Reject``s, keeping the counts exact.
final class RecordSinkAdapter: ExchangeAuditReaderDelegate {
    private let sink: any EventSink
    private let zone: TimeZone?
    private let layouts = FieldLayoutCache()
    private(set) var sinkFailure: (any Error)?

    init(sink: any EventSink, zone: TimeZone?) {
        self.sink = sink
        self.zone = zone
    }

    static func locator(index: Int, startLine: Int, endLine: Int) -> String {
        startLine == endLine ? "element \(index), line \(startLine)" : "element \(index), lines \(startLine)-\(endLine)"
    }

    func record(_ record: AuditRecord, index: Int, boundary: RecordBoundary, raw: [UInt8]) throws {
        try store(record, index: index, boundary: boundary, raw: raw, recovery: nil)
    }

    func recovered(_ record: AuditRecord, index: Int, boundary: RecordBoundary, raw: [UInt8], recovery: RecordRecovery) throws {
        try store(record, index: index, boundary: boundary, raw: raw, recovery: recovery)
    }

    /// Maps a record; a recovered one's events say so in `details.recovered` / `details.recovery`.
    private func store(_ record: AuditRecord, index: Int, boundary: RecordBoundary, raw: [UInt8], recovery: RecordRecovery?) throws {
        var record = record
        record.attachLayout(from: layouts)
        let locator = Self.locator(index: index, startLine: boundary.startLine, endLine: boundary.endLine)
        let kind = RecordKind.of(record)
        do {
            if let overflow = record.overflow {
                throw MappingFailure(
                    reason:
                        "the element lists \(overflow.count) entries in <\(overflow.list)>, more than the \(AuditRecord.maxListEntries) one record may expand into events; it is kept here raw and whole rather than partly expanded"
                )
            }
            var events: [NormalizedEvent]
            switch kind {
            case .mailbox: events = try MailboxAuditMapper.map(record, zone: zone)
            case .admin: events = [try AdminAuditMapper.map(record, zone: zone)]
            case .unknown:
                throw MappingFailure(
                    reason:
                        "element <\(record.elementName)> is neither a mailbox-audit event (Operation, LastAccessed) nor an admin-audit event (Cmdlet, RunDate)")
            }
            if let recovery {
                let notes = JSONValue.array(([recovery.fault] + recovery.notes).map { .string($0) })
                for i in events.indices {
                    events[i].details.append("recovered", .bool(true))
                    events[i].details.append("recovery", notes)
                }
            }
            let key = ContentKey.make(prefix: kind.keyPrefix, bytes: record.canonicalBytes)
            try sink.accept(SourceRecord(locator: locator, dedupKey: key, raw: raw, events: events))
        } catch let failure as MappingFailure {
            let reason = recovery.map { failure.reason + "; the element is also damaged: " + $0.fault } ?? failure.reason
            try sink.reject(Reject(locator: locator, reason: reason, raw: raw))
        }
    }

    func broken(index: Int, startLine: Int, endLine: Int, raw: [UInt8], reason: String) throws {
        try sink.reject(Reject(locator: Self.locator(index: index, startLine: startLine, endLine: endLine), reason: reason, raw: raw))
    }

    func warning(_ message: String) {
        sink.warn(message)
    }
}

/// Which log a record belongs to.
enum RecordKind {
    case mailbox, admin, unknown

    static func of(_ r: AuditRecord) -> RecordKind {
        if r.typeNames.contains(where: { $0.hasSuffix("MailboxAuditLogEvent") }) { return .mailbox }
        if r.typeNames.contains(where: { $0.hasSuffix("AdminAuditLogEvent") }) { return .admin }
        if r.field(anyOf: .cmdlet, .cmdletName) != nil { return .admin }
        if r.field(.operation) != nil && (r.field(.lastAccessed) != nil || r.field(.mailboxGuid) != nil) { return .mailbox }
        return .unknown
    }

    var keyPrefix: String {
        switch self {
        case .mailbox: return "exchange-mailbox"
        case .admin: return "exchange-admin"
        case .unknown: return "exchange-unknown"
        }
    }
}
