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
    /// With the 10 000-entry cap on lists this keeps memory under 100 MB even for a hostile record.
    public var maxRecordBytes: Int

    /// The plugin with its default limits (8 MiB per record).
    public init() {
        self.maxRecordBytes = 8 << 20
    }

    /// For tests: a smaller per-record limit.
    public init(maxRecordBytes: Int) {
        self.maxRecordBytes = maxRecordBytes
    }

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "exchange-audit", version: "1.0.0",
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
