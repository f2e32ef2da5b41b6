import TesseraSDK

/// The Microsoft 365 unified audit log (UAL) plugin: Purview audit search CSV exports (current
/// and older portal headers), `Search-UnifiedAuditLog | Export-Csv`, JSON Lines or JSON arrays of
/// AuditData, and Microsoft Sentinel `OfficeActivity` rows. See `docs/formats/unified-audit-log.md`.
public struct UnifiedAuditLogPlugin: IngestPlugin {
    /// Creates the plugin; it has no settings of its own (`--source-tz` arrives in the context).
    public init() {}

    /// Name `m365-ual`, the format names of every shape, and a one-line summary.
    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "m365-ual", version: "1.0.0", formats: UALShape.allFormatNames,
            summary: "Microsoft 365 unified audit log: Purview/PowerShell CSV exports, AuditData JSON, Sentinel OfficeActivity")
    }

    /// The format name of the recognized shape (see ``UALShape/recognize(headText:)``), or nil.
    public func detect(_ head: SniffedHead) -> String? {
        UALShape.recognize(headText: Substring(head.text))?.formatName
    }

    /// Streams every record of `input` to `sink`: mapped records, rejects with reasons and raw
    /// bytes, and file-level warnings (export cap, incomplete paging, truncated array).
    /// - Throws: ``EvidenceError`` when the file is not a UAL export at all.
    public func ingest(_ input: EvidenceInput, context: IngestContext, sink: any EventSink) throws {
        let text = input.text()
        let head = try PrefixedByteSource.peek(text, count: 64 << 10)
        guard let shape = UALShape.recognize(headText: Substring(String(decoding: head, as: UTF8.self))) else {
            throw EvidenceError(
                locator: "line 1",
                reason:
                    "not a Microsoft 365 unified audit log export: expected a CSV header with AuditData and CreationDate columns, AuditData JSON objects, or Sentinel OfficeActivity rows; pick the right --plugin for this file"
            )
        }
        try UALIngestor(shape: shape, context: context, sink: sink).run(PrefixedByteSource(prefix: head, rest: text))
    }
}
