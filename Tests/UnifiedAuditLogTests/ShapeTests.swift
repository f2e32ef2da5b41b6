import Foundation
import TesseraSDK
import Testing

@testable import UnifiedAuditLogPlugin

/// Each export shape and encoding, generated the way the tools write them.
@Suite struct ShapeTests {
    @Test func purviewCSVWithMultiLineAuditDataCRLFAndBOM() throws {
        // Excel-style: BOM, CRLF, AuditData pretty-printed across lines inside its quotes.
        let pretty = fileDownloaded(id: "2f7e0c1a-0000-4000-8000-00000000aaaa").replacingOccurrences(of: ",\"", with: ",\r\n  \"")
        let csv =
            purviewHeader + "\r\n"
            + purviewRow(
                id: "2f7e0c1a-0000-4000-8000-00000000aaaa", recordType: "SharePointFileOperation", operation: "FileDownloaded",
                userID: "alice@contoso.onmicrosoft.com", auditData: pretty) + "\r\n"
            + purviewRow(
                id: "2f7e0c1a-0000-4000-8000-00000000bbbb", operation: "FileDownloaded", userID: "alice@contoso.onmicrosoft.com",
                auditData: fileDownloaded(id: "2f7e0c1a-0000-4000-8000-00000000bbbb", ip: "203.0.113.7:50123")) + "\r\n"
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(csv.utf8)
        #expect(detect(bytes) == "m365-ual-purview-csv")
        let sink = try ingest(bytes)
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.count == 2)
        let lineCount = pretty.components(separatedBy: "\r\n").count
        #expect(sink.records[0].locator == "lines 2-\(1 + lineCount)")
        #expect(sink.records[1].locator == "line \(2 + lineCount)")
        let event = sink.records[0].events[0]
        #expect(event.action == EventAction.download)
        #expect(event.category == EventCategory.file)
        #expect(event.resourceType == ResourceType.file)
        #expect(event.resource == "https://contoso.sharepoint.com/sites/Legal/Shared Documents/Case 42/brief.docx")
        #expect(event.resourceName == "brief.docx")
        #expect(event.details["SiteUrl"] == .string("https://contoso.sharepoint.com/sites/Legal/"))
        #expect(event.userAgent == "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/110.0")
        #expect(event.iso == "2023-03-14T09:26:53.000000Z")
        #expect(event.details["TimeSource"] == .string("AuditData.CreationTime"))
        #expect(event.details["CreationDate"] == .string("2023-01-01T00:00:01.0000000Z"))
        // The raw row is the whole CSV record, line breaks inside AuditData included.
        #expect(
            String(decoding: sink.records[0].raw, as: UTF8.self).hasPrefix(
                "2f7e0c1a-0000-4000-8000-00000000aaaa,2023-01-01T00:00:01.0000000Z,SharePointFileOperation,"))
        #expect(String(decoding: sink.records[0].raw, as: UTF8.self).contains("\r\n  \"\"Id\"\":"))
        // The port is stripped from ClientIP, the raw form kept in details.
        #expect(sink.records[1].events[0].clientIP == "203.0.113.7")
        #expect(sink.records[1].events[0].details["ClientIPRaw"] == .string("203.0.113.7:50123"))
    }

    @Test func utf16LittleAndBigEndianExports() throws {
        let csv =
            purviewHeader + "\r\n"
            + purviewRow(
                id: "u16", operation: "FileDownloaded", userID: "zoë@contoso.onmicrosoft.com",
                auditData: fileDownloaded(id: "u16", user: "zoë@contoso.onmicrosoft.com")) + "\r\n"
        let le: [UInt8] = [0xFF, 0xFE] + csv.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + csv.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [le, be] {
            #expect(detect(bytes) == "m365-ual-purview-csv")
            let sink = try ingest(bytes)
            #expect(sink.rejects.isEmpty)
            #expect(sink.events.map(\.actor) == ["zoë@contoso.onmicrosoft.com"])
            #expect(String(decoding: sink.records[0].raw, as: UTF8.self).hasPrefix("u16,"))
        }
    }

    @Test func olderPortalCSV() throws {
        let csv =
            "CreationDate,UserIds,Operations,AuditData\n"
            + ["2023-03-14T09:26:53", "alice@contoso.onmicrosoft.com", "FileDownloaded", csvQuote(fileDownloaded(id: "p-1"))].joined(separator: ",") + "\n"
        #expect(detect(csv) == "m365-ual-portal-csv")
        let sink = try ingest(csv)
        #expect(sink.records.map(\.dedupKey) == ["ual:p-1"])
        #expect(sink.events.first?.action == EventAction.download)
    }

    @Test func searchUnifiedAuditLogExportCsvWithTypeLineAndPSColumns() throws {
        let header =
            "RecordType,CreationDate,UserIds,Operations,AuditData,ResultIndex,ResultCount,Identity,IsValid,ObjectState,PSComputerName,RunspaceId,PSShowComputerName"
        func row(_ index: Int, id: String) -> String {
            [
                "SharePointFileOperation", "3/14/2023 9:26:53 AM", "alice@contoso.onmicrosoft.com", "FileDownloaded",
                csvQuote(fileDownloaded(id: id)), String(index), "3", id, "True", "Unchanged", "", "6c1b6f1e-0000-4000-8000-000000000009", "False",
            ]
            .map { $0.hasPrefix("\"") ? $0 : csvQuote($0) }.joined(separator: ",")
        }
        let csv =
            "#TYPE Deserialized.Microsoft.Exchange.Management.SystemConfigurationTasks.AuditRecord\r\n"
            + header.split(separator: ",").map { csvQuote(String($0)) }.joined(separator: ",") + "\r\n"
            + row(1, id: "ps-1") + "\r\n" + row(2, id: "ps-2") + "\r\n"
        #expect(detect(csv) == "m365-ual-search-unifiedauditlog-csv")
        let sink = try ingest(csv)
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.map(\.dedupKey) == ["ual:ps-1", "ual:ps-2"])
        #expect(sink.records.map(\.locator) == ["line 3", "line 4"])
        #expect(sink.events[0].details["ResultIndex"] == .string("1"))
        #expect(sink.events[0].details["PSComputerName"] == nil)
        // ResultCount says 3 records matched, the file holds 2.
        #expect(sink.warnings.count == 1)
        #expect(sink.warnings.first?.contains("ResultCount") == true)
    }

    @Test func jsonArrayPrettyPrinted() throws {
        let json = "[\n  " + fileDownloaded(id: "a-1") + ",\n  " + fileDownloaded(id: "a-2").replacingOccurrences(of: ",\"", with: ",\n    \"") + "\n]\n"
        #expect(detect(json) == "m365-ual-auditdata-json-array")
        let sink = try ingest(json)
        #expect(sink.rejects.isEmpty)
        #expect(sink.warnings.isEmpty)
        #expect(sink.records.map(\.dedupKey) == ["ual:a-1", "ual:a-2"])
        #expect(sink.records[0].locator == "element 1 (line 2)")
        #expect(sink.records[1].locator.hasPrefix("element 2 (lines 3-"))
    }

    @Test func truncatedJSONArrayKeepsWhatItHasAndWarns() throws {
        let full = fileDownloaded(id: "t-2")
        let json = "[" + fileDownloaded(id: "t-1") + "," + full.prefix(full.count / 2)
        let sink = try ingest(json)
        #expect(sink.records.map(\.dedupKey) == ["ual:t-1"])
        #expect(sink.rejects.count == 1)
        #expect(sink.rejects.first?.reason.contains("ends inside this element") == true)
        #expect(sink.warnings.contains { $0.contains("not closed") })
    }

    @Test func jsonExportObjectsWithAuditDataStrings() throws {
        // `Search-UnifiedAuditLog | ConvertTo-Json`: AuditData stays a string member.
        let record =
            "{\"RecordType\":6,\"CreationDate\":\"2023-03-14T09:26:53\",\"UserIds\":\"alice@contoso.onmicrosoft.com\",\"Operations\":\"FileDownloaded\",\"AuditData\":\(JSONWriter.string(.string(fileDownloaded(id: "j-1")))),\"ResultIndex\":1,\"ResultCount\":1,\"Identity\":\"j-1\"}"
        #expect(detect(record + "\n") == "m365-ual-export-jsonl")
        let sink = try ingest(record + "\n")
        #expect(sink.records.map(\.dedupKey) == ["ual:j-1"])
        #expect(sink.warnings.isEmpty)
        // A ResultCount larger than the file's records means the paging was not finished.
        let partial = try ingest(Array((record.replacingOccurrences(of: "\"ResultCount\":1", with: "\"ResultCount\":7") + "\n").utf8), file: "p.jsonl")
        #expect(partial.warnings.count == 1)
        #expect(partial.warnings.first?.contains("matched 7 records but the file holds 1") == true)
    }

    @Test func sentinelOfficeActivityCSV() throws {
        let csv =
            "TenantId,\"TimeGenerated [UTC]\",RecordType,Operation,UserId,OfficeWorkload,Client_IPAddress,OfficeId,ObjectId,Site_Url,SourceFileName,ItemType\n"
            + "00000000-0000-0000-0000-000000000000,\"3/14/2023, 9:26:53.120 AM\",SharePointFileOperation,FileAccessed,Bob@Contoso.onmicrosoft.com,SharePoint,[2001:DB8::7]:443,s-1,https://contoso.sharepoint.com/sites/HR/pay.xlsx,https://contoso.sharepoint.com/sites/HR/,pay.xlsx,File\n"
        #expect(detect(csv) == "m365-ual-sentinel-officeactivity-csv")
        let sink = try ingest(csv, zone: TimeZone(identifier: "America/New_York"))
        let event = try #require(sink.events.first)
        #expect(sink.records.first?.dedupKey == "ual:s-1")
        #expect(event.iso == "2023-03-14T09:26:53.120000Z") // "[UTC]" column: --source-tz does not apply
        #expect(event.clientIP == "2001:db8::7")
        #expect(event.actor == "bob@contoso.onmicrosoft.com")
        #expect(event.actorRaw == "Bob@Contoso.onmicrosoft.com")
        #expect(event.action == EventAction.read)
        #expect(event.resource == "https://contoso.sharepoint.com/sites/HR/pay.xlsx")
    }

    @Test func otherCSVsAreNotClaimed() {
        #expect(detect("interaction_id,engineer,engineer_country,start,end,accounts\nT-1,eng42,US,2023-01-01T00:00:00Z,,alice\n") == nil)
        #expect(detect("CreationDate,UserIds,Operations\n2023-01-01,alice,FileAccessed\n") == nil)
        #expect(detect("created_at,event_type,source_item_name,created_by_login\n2021-02-01,DOWNLOAD,x.docx,a@b.c\n") == nil)
        #expect(detect("{\"eventVersion\":\"1.08\",\"eventTime\":\"2023-01-01T00:00:00Z\",\"eventName\":\"GetObject\",\"RecordType\":1}\n") == nil)
        #expect(detect("") == nil)
    }

    @Test func unrecognizedInputIsAClearError() {
        #expect(throws: EvidenceError.self) { try ingest("a,b,c\n1,2,3\n") }
    }

    /// Two columns of one name (here AuditData, the second differing in case) leave it ambiguous
    /// which to read: the file stops with the column named, rather than one being picked silently.
    @Test func aColumnNamedTwiceInTheHeaderStopsTheFile() throws {
        let text =
            purviewHeader + ",auditdata \n"
            + purviewRow(
                id: "11111111-0000-0000-0000-000000000001", operation: "FileDownloaded", userID: "alice@contoso.onmicrosoft.com",
                auditData: fileDownloaded(id: "11111111-0000-0000-0000-000000000001")) + ",{}\n"
        #expect {
            _ = try ingest(text)
        } throws: { error in
            guard let error = error as? EvidenceError else { return false }
            return error.locator == "line 1" && error.reason.hasPrefix("column 'auditdata' appears twice in the header")
        }
    }
}

/// Shapes combined with encodings that exports produce in the wild.
@Suite struct MoreShapeTests {
    @Test func sentinelRowsAsAJSONArrayInUTF16() throws {
        let row = """
            {"TenantId":"t","TimeGenerated":"2021-08-02T13:32:07Z","RecordType":"SharePointFileOperation","Operation":"FileDownloaded","UserType":"Regular","UserId":"bob@contoso.onmicrosoft.com","OfficeWorkload":"SharePoint","ClientIP":"192.0.2.44:1025","OfficeId":"A1B2","OfficeObjectId":"https://contoso.sharepoint.com/sites/HR/pay.xlsx","SourceFileName":"pay.xlsx","Site_Url":"https://contoso.sharepoint.com/sites/HR/","Type":"OfficeActivity"}
            """
        let text = "[\r\n" + row + ",\r\n" + row.replacingOccurrences(of: "A1B2", with: "A1B3") + "\r\n]"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(detect(bytes) == "m365-ual-sentinel-officeactivity-json")
        let sink = try ingest(bytes, file: "OfficeActivity.json")
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.map(\.dedupKey) == ["ual:a1b2", "ual:a1b3"])
        let event = sink.events[0]
        #expect(event.iso == "2021-08-02T13:32:07.000000Z")
        #expect(event.action == EventAction.download)
        #expect(event.clientIP == "192.0.2.44")
        #expect(event.actorType == ActorType.user)
        #expect(event.resourceName == "pay.xlsx")
        #expect(event.resource == "https://contoso.sharepoint.com/sites/HR/pay.xlsx") // OfficeObjectId
        #expect(event.details["SiteUrl"] == .string("https://contoso.sharepoint.com/sites/HR/")) // Site_Url
        #expect(sink.records[0].locator == "element 1 (line 2)")
    }

    @Test func jsonLinesWithCRLFAndBlankLines() throws {
        let text = fileDownloaded(id: "c-1") + "\r\n\r\n" + fileDownloaded(id: "c-2") + "\r\n"
        let sink = try ingest(Array(text.utf8), file: "a.jsonl")
        #expect(sink.records.map(\.locator) == ["line 1", "line 3"])
        #expect(sink.records[1].raw.last == UInt8(ascii: "}"))
    }
}

/// Microsoft Graph `auditLogRecord` objects (Purview audit search API, written as JSON Lines or
/// an array by collection tools). No public real sample was available; the shape follows the
/// Graph resource's documented property names.
@Suite struct GraphAuditLogRecordTests {
    @Test func graphRecordsUseAuditDataAndFallBackToTheirOwnFields() throws {
        let withCreationTime = """
            {"id":"G-1","createdDateTime":"2024-05-01T10:00:05Z","auditLogRecordType":"sharePointFileOperation","operation":"FileDownloaded","organizationId":"o","userType":"regular","userId":"alice@contoso.onmicrosoft.com","service":"SharePoint","objectId":"https://contoso.sharepoint.com/sites/Legal/a.docx","userPrincipalName":"alice@contoso.onmicrosoft.com","clientIp":"198.51.100.9","administrativeUnits":[],"auditData":\(fileDownloaded(id: "g-1", time: "2024-05-01T10:00:04"))}
            """
        let minimal = """
            {"id":"G-2","createdDateTime":"2024-05-01T10:00:06Z","auditLogRecordType":"exchangeAdmin","operation":"Set-Mailbox","userPrincipalName":"admin@contoso.onmicrosoft.com","clientIp":"[2001:db8::2]:443","auditData":{"@odata.type":"#microsoft.graph.security.exchangeAdminAuditRecord","Parameters":[{"Name":"Identity","Value":"ceo"},{"Name":"ForwardingSmtpAddress","Value":"smtp:x@evil.example"}]}}
            """
        let text = withCreationTime + "\n" + minimal + "\n"
        #expect(detect(text) == "m365-ual-graph-auditlogrecord-json")
        let sink = try ingest(Array(text.utf8), file: "graph.jsonl")
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.map(\.dedupKey) == ["ual:g-1", "ual:g-2"])
        let first = sink.events[0]
        #expect(first.iso == "2024-05-01T10:00:04.000000Z") // AuditData.CreationTime wins
        #expect(first.action == EventAction.download)
        let second = sink.events[1]
        #expect(second.iso == "2024-05-01T10:00:06.000000Z") // createdDateTime fallback
        #expect(second.details["TimeSource"] == .string("auditLogRecord.createdDateTime"))
        #expect(second.action == EventAction.forwardingRule)
        #expect(second.actor == "admin@contoso.onmicrosoft.com")
        #expect(second.clientIP == "2001:db8::2")
        #expect(second.details["RecordType"] == .number("1"))
    }
}
