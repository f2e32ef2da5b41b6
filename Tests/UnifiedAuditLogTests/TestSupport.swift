import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import UnifiedAuditLogPlugin

/// Runs the plugin over bytes as the pipeline would, collecting what it emits.
func ingest(_ bytes: [UInt8], zone: TimeZone? = nil, file: String = "export.csv") throws -> CollectingSink {
    let sink = CollectingSink()
    let input = EvidenceInput(bytes: MemoryByteSource(bytes))
    try UnifiedAuditLogPlugin().ingest(input, context: IngestContext(displayPath: file, sourceTimeZone: zone), sink: sink)
    return sink
}

func ingest(_ text: String, zone: TimeZone? = nil) throws -> CollectingSink {
    try ingest(Array(text.utf8), zone: zone)
}

func detect(_ bytes: [UInt8], fileName: String = "file") -> String? {
    UnifiedAuditLogPlugin().detect(SniffedHead(fileName: fileName, bytes: Array(bytes.prefix(64 << 10))))
}

func detect(_ text: String) -> String? { detect(Array(text.utf8)) }

/// Quotes a CSV field the way Purview and Export-Csv do.
func csvQuote(_ field: String) -> String {
    "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

let purviewHeader = "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames"

/// One Purview CSV row around an AuditData JSON text.
func purviewRow(
    id: String, creationDate: String = "2023-01-01T00:00:01.0000000Z", recordType: String = "6",
    operation: String, userID: String, auditData: String
) -> String {
    [id, creationDate, recordType, operation, userID, csvQuote(auditData), "", ""].joined(separator: ",")
}

/// A SharePoint FileDownloaded AuditData with the given id and time.
func fileDownloaded(
    id: String, time: String = "2023-03-14T09:26:53", user: String = "alice@contoso.onmicrosoft.com",
    ip: String = "203.0.113.7"
) -> String {
    """
    {"CreationTime":"\(time)","Id":"\(id)","Operation":"FileDownloaded","OrganizationId":"4b4b5f5c-1111-2222-3333-444455556666","RecordType":6,"UserKey":"i:0h.f|membership|10032001@live.com","UserType":0,"Version":1,"Workload":"SharePoint","ClientIP":"\(ip)","ObjectId":"https://contoso.sharepoint.com/sites/Legal/Shared Documents/Case 42/brief.docx","UserId":"\(user)","CorrelationId":"a0b1c2d3-0000-4000-8000-000000000001","EventSource":"SharePoint","ItemType":"File","ListId":"5e6f7a8b-0000-4000-8000-000000000002","ListItemUniqueId":"6f7a8b9c-0000-4000-8000-000000000003","Site":"7a8b9cad-0000-4000-8000-000000000004","UserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/110.0","WebId":"8b9cadbe-0000-4000-8000-000000000005","SourceFileExtension":"docx","SiteUrl":"https://contoso.sharepoint.com/sites/Legal/","SourceFileName":"brief.docx","SourceRelativeUrl":"Shared Documents/Case 42"}
    """
}

extension NormalizedEvent {
    var iso: String { Timestamp.iso8601(timestampUs) }
}
