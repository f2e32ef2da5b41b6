import Foundation
import TesseraSDK

/// Reads Exchange mailbox-audit and admin-audit logs exported as XML: `SearchResult.xml`
/// attachments of `New-MailboxAuditLogSearch` / `New-AdminAuditLogSearch`, and PowerShell
/// `Export-Clixml` files of `Search-MailboxAuditLog` / `Search-AdminAuditLog`.
///
/// Streams with libxml2's text reader (bounded memory on files of any size); never loads DTDs,
/// never substitutes entities, never touches the network. See docs/formats/exchange-audit-xml.md.
public struct ExchangeAuditPlugin: IngestPlugin {
    /// Format names ``detect(_:)`` returns.
    public enum Format {
        public static let mailboxXML = "exchange-mailbox-audit-xml"
        public static let adminXML = "exchange-admin-audit-xml"
        public static let mailboxCLIXML = "exchange-mailbox-audit-clixml"
        public static let adminCLIXML = "exchange-admin-audit-clixml"
    }

    /// A record (or broken stretch) larger than this is refused; real records are a few KiB.
    /// With the 20 000-entry cap on item lists this keeps memory well under 100 MB.
    public var maxRecordBytes: Int

    /// The plugin with its default limits (16 MiB per record).
    public init() {
        self.maxRecordBytes = 16 << 20
    }

    /// For tests: a smaller per-record limit.
    public init(maxRecordBytes: Int) {
        self.maxRecordBytes = maxRecordBytes
    }

    public var descriptor: PluginDescriptor {
        PluginDescriptor(name: "exchange-audit", version: "1.0.0",
                         formats: [Format.mailboxXML, Format.adminXML, Format.mailboxCLIXML, Format.adminCLIXML],
                         summary: "Exchange mailbox-audit and admin-audit logs: SearchResult.xml exports and Export-Clixml files")
    }

    public func detect(_ head: SniffedHead) -> String? {
        ExchangeAuditDetector.detect(head.text)
    }

    public func ingest(_ input: EvidenceInput, context: IngestContext, sink: any EventSink) throws {
        let adapter = RecordSinkAdapter(sink: sink, zone: context.sourceTimeZone)
        let reader = ExchangeAuditXMLReader(input: input, maxRecordBytes: maxRecordBytes, delegate: adapter)
        do {
            try reader.run()
        } catch let error as ExchangeAuditError {
            throw EvidenceError(locator: context.displayPath, reason: error.description)
        }
        if let failure = adapter.sinkFailure { throw failure }
    }
}

/// Recognizes the three shapes from the head of a file.
enum ExchangeAuditDetector {
    static func detect(_ text: String) -> String? {
        guard let root = rootElementName(text) else { return nil }
        switch root {
        case "Objs":
            guard text.contains("http://schemas.microsoft.com/powershell/2004/04") else { return nil }
            if text.contains("MailboxAuditLogEvent") { return ExchangeAuditPlugin.Format.mailboxCLIXML }
            if text.contains("AdminAuditLogEvent") { return ExchangeAuditPlugin.Format.adminCLIXML }
            return nil
        case "SearchResults", "Event":
            guard let event = text.range(of: "<Event") else { return nil }
            let tag = text[event.lowerBound...].prefix(8192)
            let end = tag.firstIndex(of: ">") ?? tag.endIndex
            let attributes = tag[..<end]
            if attributes.contains("Cmdlet=") && attributes.contains("Caller=") { return ExchangeAuditPlugin.Format.adminXML }
            if attributes.contains("LastAccessed=") || (attributes.contains("MailboxGuid=") && attributes.contains("Operation=")) {
                return ExchangeAuditPlugin.Format.mailboxXML
            }
            return nil
        default:
            return nil
        }
    }

    /// The name of the first element, skipping the prolog (declaration, comments, whitespace).
    static func rootElementName(_ text: String) -> String? {
        var rest = Substring(text)
        while true {
            rest = rest.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
            if rest.hasPrefix("<?") {
                guard let end = rest.range(of: "?>") else { return nil }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<!--") {
                guard let end = rest.range(of: "-->") else { return nil }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<") {
                let name = rest.dropFirst().prefix(while: { !$0.isWhitespace && $0 != ">" && $0 != "/" })
                return String(name.split(separator: ":").last ?? name)
            } else {
                return nil
            }
        }
    }
}

/// Maps what the reader produces onto the sink: records to ``SourceRecord``s, broken stretches
/// and unmappable records to ``Reject``s, keeping the counts exact.
final class RecordSinkAdapter: ExchangeAuditReaderDelegate {
    private let sink: any EventSink
    private let zone: TimeZone?
    private(set) var sinkFailure: (any Error)?

    init(sink: any EventSink, zone: TimeZone?) {
        self.sink = sink
        self.zone = zone
    }

    static func locator(index: Int, startLine: Int, endLine: Int) -> String {
        startLine == endLine ? "element \(index), line \(startLine)" : "element \(index), lines \(startLine)-\(endLine)"
    }

    func record(_ record: AuditRecord, index: Int, boundary: RecordBoundary, raw: [UInt8]) throws {
        var record = record
        record.buildIndex()
        let locator = Self.locator(index: index, startLine: boundary.startLine, endLine: boundary.endLine)
        let kind = RecordKind.of(record)
        do {
            if let overflow = record.overflow {
                throw MappingFailure(reason: "the element lists \(overflow.count) entries in <\(overflow.list)>, more than the \(AuditRecord.maxListEntries) one record may expand into events; it is kept here raw and whole rather than partly expanded")
            }
            let events: [NormalizedEvent]
            switch kind {
            case .mailbox: events = try MailboxAuditMapper.map(record, zone: zone)
            case .admin: events = [try AdminAuditMapper.map(record, zone: zone)]
            case .unknown:
                throw MappingFailure(reason: "element <\(record.elementName)> is neither a mailbox-audit event (Operation, LastAccessed) nor an admin-audit event (Cmdlet, RunDate)")
            }
            let key = ContentKey.make(prefix: kind.keyPrefix, bytes: record.canonicalBytes)
            try sink.accept(SourceRecord(locator: locator, dedupKey: key, raw: raw, events: events))
        } catch let failure as MappingFailure {
            try sink.reject(Reject(locator: locator, reason: failure.reason, raw: raw))
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
        if r.field(anyOf: ["Cmdlet", "CmdletName"]) != nil { return .admin }
        if r.field("Operation") != nil && (r.field("LastAccessed") != nil || r.field("MailboxGuid") != nil) { return .mailbox }
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
