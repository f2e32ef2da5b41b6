import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import MappingPlugin

@Suite struct DetectionTests {
    /// Each real sample is claimed by exactly the expected built-in mapping, or by none (the
    /// other plugins' inputs: UAL, Exchange XML, Customer Lockbox, Entra ID audit).
    @Test(
        .realSamples,
        arguments: [
            ("sentinel-gworkspace-drive-box/GWorkspace_ReportsAPI_drive_CL.json", ["google-drive"]),
            ("sentinel-gworkspace-drive-box/BoxEvents_CL.json", ["box-events-sentinel"]),
            ("otrf-aws-s3-ec2-proxy-exfiltration/ec2_proxy_s3_exfiltration_2020-09-14011940.json", ["aws-cloudtrail"]),
            ("plaso-microsoft-audit-jsonl/aws_cloudtrail.jsonl", ["aws-cloudtrail"]),
            ("mslearn-azure-storage-analytics-v2/storage_analytics_v2_excerpt.log", ["azure-storage-analytics"]),
            ("plaso-microsoft-audit-jsonl/microsoft_audit_log.jsonl", []),
            ("plaso-microsoft-audit-jsonl/azure_activity_log.jsonl", []),
            ("otrf-goldensaml-mailitemsaccessed/OfficeActivityEvents.json", []),
            ("otrf-goldensaml-mailitemsaccessed/AADAuditEvents.json", []),
            ("msdocs-exchange-audit-xml/admin_audit_SearchResult_doc_example_verbatim.xml", []),
            ("msdocs-exchange-audit-xml/mailbox_audit_SearchResult_doc_example_verbatim.xml", []),
            ("azure-customer-lockbox-api-examples/Requests_List.json", []),
            ("azure-customer-lockbox-api-examples/Operations_List.json", []),
            ("msdocs-microsoft-operator-ual/microsoft_operator_New-TransportRule_doc_snippet_verbatim.txt", []),
        ])
    func realSamplesAreClaimedByAtMostTheRightMapping(path: String, expected: [String]) throws {
        let bytes = try RealSamples.bytes(path)
        #expect(try claimants(fileName: (path as NSString).lastPathComponent, bytes) == expected)
    }

    /// The Mapping plugin knows nothing of the other plugins: a loose mapping claims whatever
    /// its `detect:` matches, and the detector lets a compiled plugin's claim win
    /// (TesseraIngestTests' DetectionPrecedenceTests).
    @Test func aLooseMappingClaimsWhatItsDetectMatches() throws {
        let loose = try mapping(
            """
            mapping: loose
            input: {kind: json}
            detect: {keys: [Operation]}
            fields: {time: CreationTime, operation: Operation}
            """)
        #expect(loose.detect(SniffedHead(fileName: "x.json", bytes: Array(#"{"Operation":"Mine"}"#.utf8))) == "loose")
        #expect(loose.detect(SniffedHead(fileName: "x.json", bytes: Array(#"{"Other":"Mine"}"#.utf8))) == nil)
        #expect(loose.detect(SniffedHead(fileName: "x.xml", bytes: Array("<Operation/>".utf8))) == nil)
        #expect(loose.descriptor.precedence == .mapping)
    }

    @Test func twoMappingsClaimingOneFileIsAnErrorNamingBoth() throws {
        let a = try mapping(
            """
            mapping: vendor-a
            input: {kind: csv}
            detect: {columns: [time, user, action]}
            fields: {time: time, operation: action}
            """, file: "/maps/a.yaml")
        let b = try mapping(
            """
            mapping: vendor-b
            input: {kind: csv}
            detect: {columns: [time, action]}
            fields: {time: time, operation: action}
            """, file: "/maps/b.yaml")
        let head = SniffedHead(fileName: "export.csv", bytes: Array("time,user,action,file\n2024-01-01T00:00:00Z,u,view,f\n".utf8))
        do {
            _ = try MappingCatalog.claimant(of: head, among: [a, b])
            Issue.record("an ambiguous claim was not reported")
        } catch {
            #expect(error.claimants.map(\.name) == ["mapping:vendor-a", "mapping:vendor-b"])
            #expect(error.description.contains("/maps/a.yaml"))
            #expect(error.description.contains("/maps/b.yaml"))
            #expect(error.description.contains("--plugin"))
        }
        let other = SniffedHead(fileName: "e.csv", bytes: Array("time,action\n2024-01-01T00:00:00Z,view\n".utf8))
        #expect(try MappingCatalog.claimant(of: other, among: [a, b])?.mappingName == "vendor-b")
    }

    @Test func detectionChecksValuesLinePatternsAndFileNames() throws {
        let m = try mapping(
            """
            mapping: v
            input: {kind: json-lines}
            detect:
              keys: [source, "event.name"]
              values: {source: '^badge-system$'}
              file_name: '\\.jsonl$'
            fields: {time: at, operation: event.name}
            """)
        let good = #"{"source":"badge-system","event":{"name":"enter"},"at":"2024-01-01T00:00:00Z"}"#
        #expect(m.detect(SniffedHead(fileName: "x.jsonl", bytes: Array(good.utf8))) == "v")
        #expect(m.detect(SniffedHead(fileName: "x.json", bytes: Array(good.utf8))) == nil)
        #expect(m.detect(SniffedHead(fileName: "x.jsonl", bytes: Array(good.replacingOccurrences(of: "badge-system", with: "other").utf8))) == nil)
        #expect(m.detect(SniffedHead(fileName: "x.jsonl", bytes: Array(#"{"source":"badge-system","event":{}}"#.utf8))) == nil)
    }

    @Test func builtInsDoNotClaimEachOthersDocumentedShapes() throws {
        #expect(try claimants(fileName: "page.json", Array(BoxMappingTests.apiResponse.utf8)) == ["box-events"])
        #expect(try claimants(fileName: "ct.json", Array(CloudTrailMappingTests.nativeFile.utf8)) == ["aws-cloudtrail"])
        #expect(try claimants(fileName: "s3.log", Array(S3AccessLogMappingTests.log.utf8)) == ["aws-s3-access-log"])
        #expect(try claimants(fileName: "empty.json", Array("".utf8)) == [])
        #expect(try claimants(fileName: "garbage.bin", [0, 1, 2, 0xFF, 0xFE, 0x7B]) == [])
    }
}
