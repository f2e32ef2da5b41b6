import TesseraSDK

/// Azure control-plane and identity logs: the Azure Activity Log, Entra ID sign-in and audit
/// logs, and Key Vault `AuditEvent` logs, in the shapes they are exported in — diagnostic
/// settings (`{"records": [...]}` blobs, Event Hub JSON Lines), JSON arrays, Microsoft Graph
/// (`{"value": [...]}`), the REST / Python SDK shapes, and Log Analytics / Sentinel exports (JSON
/// and the portal's CSV). See `docs/formats/azure-monitor.md`.
public struct AzureMonitorPlugin: IngestPlugin {
    /// Creates the plugin; it has no settings of its own (`--source-tz` arrives in the context).
    public init() {}

    /// Name `azure-monitor`, the format names, and a one-line summary.
    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "azure-monitor", version: "1.0.0", formats: AzureShape.formatNames,
            summary: "Azure Activity Log, Entra ID sign-in and audit logs, Key Vault AuditEvent (diagnostic settings, Graph, Log Analytics JSON/CSV)")
    }

    /// The format of the file's dominant log and container (`entra-signin-csv`, ...), or nil.
    public func detect(_ head: SniffedHead) -> String? {
        AzureShape.recognize(head.text)
    }

    /// Streams every record of `input` to `sink`: mapped records, rejects with reasons and raw
    /// bytes, and file-level warnings (truncated array, CSV without a time column, sign-ins
    /// without a UPN).
    /// - Throws: ``EvidenceError`` when the file is not an Azure log export at all.
    public func ingest(_ input: EvidenceInput, context: IngestContext, sink: any EventSink) throws {
        let text = input.text()
        let head = try PrefixedByteSource.peek(text, count: 64 << 10)
        guard let format = AzureShape.recognize(String(decoding: head, as: UTF8.self)) else {
            throw EvidenceError(
                locator: "line 1",
                reason: "not an Azure Activity Log, Entra ID sign-in / audit or Key Vault AuditEvent export; pick the right --plugin for this file")
        }
        let reader = AzureLogReader(
            mapper: AzureRecordMapper(sourceTimeZone: context.sourceTimeZone), sink: sink,
            displayPath: context.displayPath)
        let source = PrefixedByteSource(prefix: head, rest: text)
        if format.hasSuffix("-csv") { try reader.readCSV(source, kind: AzureShape.kind(ofFormat: format)) } else { try reader.readJSON(source, head: head) }
        reader.finish()
    }
}
