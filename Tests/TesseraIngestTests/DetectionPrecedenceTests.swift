import Foundation
import MappingPlugin
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import TesseraIngest

/// Claims have a precedence: a compiled plugin's claim wins over every mapping's, so no mapping,
/// however loose, takes a file from the plugin written for it, and the Mapping plugin needs to
/// know nothing of the other plugins.
@Suite struct DetectionPrecedenceTests {
    struct FixedClaim: IngestPlugin {
        var name: String
        var precedence: DetectionPrecedence
        var descriptor: PluginDescriptor {
            PluginDescriptor(name: name, version: "1", formats: ["f"], summary: "test", precedence: precedence)
        }
        func detect(_ head: SniffedHead) -> String? { "f-\(name)" }
        func ingest(_ input: EvidenceInput, context: IngestContext, sink: any EventSink) throws {}
    }

    private func head(_ text: String, name: String) -> SniffedHead {
        SniffedHead(fileName: name, bytes: Array(text.utf8))
    }

    private func winner(_ head: SniffedHead, _ plugins: [any IngestPlugin]) throws -> String {
        try Detector(plugins: plugins).detect(head, path: head.fileName, forced: nil).plugin.descriptor.name
    }

    @Test func compiledClaimsWinOverMappingsAndTiesStayAmbiguous() throws {
        let compiled = FixedClaim(name: "compiled", precedence: .compiled)
        let mappingA = FixedClaim(name: "mapping:a", precedence: .mapping)
        let mappingB = FixedClaim(name: "mapping:b", precedence: .mapping)
        let any = head("x", name: "x.csv")
        #expect(try winner(any, [mappingA, compiled, mappingB]) == "compiled")
        #expect(try winner(any, [mappingA]) == "mapping:a")
        #expect {
            _ = try Detector(plugins: [mappingA, mappingB]).detect(any, path: "x.csv", forced: nil)
        } throws: { error in
            guard case DetectionError.ambiguous(_, let candidates) = error else { return false }
            return candidates == ["mapping:a (f-mapping:a)", "mapping:b (f-mapping:b)"]
        }
        #expect {
            _ = try Detector(plugins: [compiled, mappingA, FixedClaim(name: "other", precedence: .compiled)]).detect(any, path: "x.csv", forced: nil)
        } throws: { error in
            guard case DetectionError.ambiguous(_, let candidates) = error else { return false }
            return candidates == ["compiled (f-compiled)", "other (f-other)"] // the mapping's claim is not a candidate
        }
        #expect(PluginRegistry.compiled.allSatisfy { $0.descriptor.precedence == .compiled })
        #expect(try MappingCatalog.builtIn().allSatisfy { $0.descriptor.precedence == .mapping })
    }

    /// A user mapping loose enough to claim other plugins' inputs never takes them.
    @Test func aLooseUserMappingNeverTakesACompiledPluginsFile() throws {
        let loose = try MappingIngestPlugin(
            yaml: """
                mapping: loose
                input: {kind: json}
                detect: {keys: [Operation]}
                fields: {time: CreationTime, operation: Operation}
                """, file: "/maps/loose.yaml", origin: "/maps/loose.yaml")
        let looseCSV = try MappingIngestPlugin(
            yaml: """
                mapping: loose-csv
                input: {kind: csv}
                detect: {columns: [Operations]}
                fields: {time: CreationDate, operation: Operations}
                """, file: "/maps/loose-csv.yaml", origin: "/maps/loose-csv.yaml")
        let looseSupport = try MappingIngestPlugin(
            yaml: """
                mapping: loose-support
                input: {kind: csv}
                detect: {columns: [start]}
                fields: {time: start, operation: interaction_id}
                """, file: "/maps/loose-support.yaml", origin: "/maps/loose-support.yaml")
        let plugins: [any IngestPlugin] = PluginRegistry.builtIn + [loose, looseCSV, looseSupport]
        let ual = #"{"CreationTime":"2024-01-01T00:00:00","Id":"1","Operation":"FileAccessed","RecordType":6,"Workload":"SharePoint","UserId":"a@b.c"}"#
        let csvUAL = "CreationDate,UserIds,Operations,AuditData\n2024-01-01,a,FileAccessed,{}\n"
        let support = "interaction_id,engineer,start,end\nT-1,eng@vendor,2024-01-01T00:00:00Z,\n"
        let lockbox =
            #"[{"id":"/subscriptions/x/providers/Microsoft.CustomerLockbox/requests/1","type":"Microsoft.CustomerLockbox/requests","properties":{"requestId":"1","status":"Approved","supportCaseUrl":"u","supportRequest":"2","createdDateTime":"2024-01-01T00:00:00Z"},"Operation":"x"}]"#
        // The loose mappings do claim these files on their own...
        #expect(loose.detect(head(ual, name: "ual.json")) != nil)
        #expect(looseCSV.detect(head(csvUAL, name: "ual.csv")) != nil)
        #expect(looseSupport.detect(head(support, name: "support.csv")) != nil)
        // ...but the compiled plugins' claims win.
        #expect(try winner(head(ual, name: "ual.json"), plugins) == "m365-ual")
        #expect(try winner(head(csvUAL, name: "ual.csv"), plugins) == "m365-ual")
        #expect(try winner(head(support, name: "support.csv"), plugins) == "support-log")
        #expect(try winner(head(lockbox, name: "lockbox.json"), plugins) == "customer-lockbox")
        #expect(try winner(head(#"{"Operation":"Mine"}"#, name: "x.json"), plugins) == "mapping:loose")
    }

    /// Every shipped sample and real sample goes to the plugin it went to before claims had a
    /// precedence (when the Mapping plugin refused other plugins' shapes itself); nil: no plugin.
    static let expected: [(String, String?)] = [
        ("Samples/azure/activity_log_fedagency_2023-04-02.json", "azure-monitor"),
        ("Samples/azure/keyvault_auditevent_fedagency-kv_2023-04-02.json", "azure-monitor"),
        ("Samples/exchange/admin_audit_SearchResult.xml", "exchange-audit"),
        ("Samples/exchange/mailbox_audit_SearchResult.xml", "exchange-audit"),
        ("Samples/gdrive/drive_activities_2024.jsonl", "mapping:google-drive"),
        ("Samples/lockbox/lockbox_requests.json", "customer-lockbox"),
        ("Samples/m365/purview_audit_fedagency_2023-2024.csv", "m365-ual"),
        ("Samples/vendor/support_interactions_2022.csv", "support-log"),
        ("Samples/vendor/support_interactions_2023.csv", "support-log"),
        ("Samples/vendor/support_interactions_2024.jsonl", "support-log"),
        ("Samples/aliases.csv", nil),
        ("Samples/geoip-networks.csv", nil),
        ("Samples/policy.yaml", nil),
        ("real/azure-customer-lockbox-api-examples/Operations_List.json", nil),
        ("real/azure-customer-lockbox-api-examples/Requests_List.json", "customer-lockbox"),
        ("real/azure-elastic-beats-activity-records/activity_log.json", "azure-monitor"),
        ("real/azure-elastic-beats-auditlogs-records/audit_log.json", "azure-monitor"),
        ("real/azure-elastic-beats-signinlogs-eventhub/signin_log.json", "azure-monitor"),
        ("real/azure-elastic-integrations-noninteractive-signin/test-activitylogs-identity.log", "azure-monitor"),
        ("real/azure-msdocs-activitylog-nsg-write/activity-log-schema.md.administrative-sample.json", "azure-monitor"),
        ("real/azure-msdocs-keyvault-auditevent/logging.md.example-1.json", "azure-monitor"),
        ("real/azure-msgraph-docs-signins-beta/signin-list.md.example-1.response.json", "azure-monitor"),
        ("real/azure-otel-activity-administrative/valid_1.json", "azure-monitor"),
        ("real/azure-otel-vnet-flowlog/valid_1.json", nil),
        ("real/azure-sentinel-lab-auditlogs/AuditLogs_Hunting.csv", "azure-monitor"),
        ("real/msdocs-exchange-audit-xml/admin_audit_SearchResult_doc_example_verbatim.xml", "exchange-audit"),
        ("real/msdocs-exchange-audit-xml/mailbox_audit_SearchResult_doc_example_verbatim.xml", "exchange-audit"),
        ("real/msdocs-microsoft-operator-ual/microsoft_operator_New-TransportRule_doc_snippet_verbatim.txt", nil),
        ("real/mslearn-azure-storage-analytics-v2/storage_analytics_v2_excerpt.log", "mapping:azure-storage-analytics"),
        ("real/otrf-aws-s3-ec2-proxy-exfiltration/ec2_proxy_s3_exfiltration_2020-09-14011940.json", "mapping:aws-cloudtrail"),
        ("real/otrf-goldensaml-mailitemsaccessed/AADAuditEvents.json", "azure-monitor"),
        ("real/otrf-goldensaml-mailitemsaccessed/OfficeActivityEvents.json", "m365-ual"),
        ("real/plaso-microsoft-audit-jsonl/aws_cloudtrail.jsonl", "mapping:aws-cloudtrail"),
        ("real/plaso-microsoft-audit-jsonl/azure_activity_log.jsonl", "azure-monitor"),
        ("real/plaso-microsoft-audit-jsonl/microsoft_audit_log.jsonl", "m365-ual"),
        ("real/sentinel-gworkspace-drive-box/BoxEvents_CL.json", "mapping:box-events-sentinel"),
        ("real/sentinel-gworkspace-drive-box/GWorkspace_ReportsAPI_drive_CL.json", "mapping:google-drive"),
    ]

    @Test func samplesGoToTheSamePluginsAsBefore() throws {
        var checked = 0
        for (path, plugin) in Self.expected {
            let full = path.hasPrefix("real/") ? RealSamples.root + path.dropFirst(4) : packageRoot + "/" + path
            if path.hasPrefix("real/") && !RealSamples.present { continue }
            let head = try EvidenceFile(path: full, named: true).sniff()
            let detected = try? Detector(plugins: PluginRegistry.builtIn).detect(head, path: full, forced: nil).plugin.descriptor.name
            #expect(detected == plugin, "\(path)")
            checked += 1
        }
        if !RealSamples.present { print("DetectionPrecedenceTests: \(RealSamples.absentReason); checked the shipped Samples only") }
        #expect(checked >= 13)
    }
}
