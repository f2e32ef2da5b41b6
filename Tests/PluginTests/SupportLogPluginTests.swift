import Foundation
import TesseraSDK
import Testing

@testable import SupportLogPlugin

@Suite struct SupportLogPluginTests {
    private func ingest(_ text: String, zone: TimeZone? = nil) throws -> CollectingSink {
        let sink = CollectingSink()
        try SupportLogPlugin().ingest(
            EvidenceInput(bytes: MemoryByteSource(text)),
            context: IngestContext(displayPath: "log", sourceTimeZone: zone), sink: sink)
        return sink
    }

    static let header =
        "interaction_id,Engineer,engineer_country,employer,clearance,tenant,customer_class,start,end,accounts,source_ips,scope,summary,queue\r\n"

    @Test func csvRowBecomesASessionWithStartAndEndEvents() throws {
        let sink = try ingest(
            Self.header + """
                INC-77,Li.Wei@Partner.example,cn,Partner Ltd.,,agency.example,Government,2023-04-03T10:00:00+08:00,2023-04-03T12:30:00+08:00,"Microsoft Operator; LW@Agency.example",203.0.113.7/28;[2001:DB8::1]:443,"https://agency.example/sites/a,b;director@agency.example","Mailbox ""repair""
                second line",Tier1\r\n
                """)
        #expect(sink.rejects.isEmpty)
        let record = try #require(sink.records.first)
        #expect(record.locator == "lines 2-3")
        #expect(record.dedupKey == "support:INC-77|li.wei@partner.example|1680487200000000")
        let session = try #require(record.supportSession)
        #expect(session.engineerCountry == "CN")
        #expect(session.customerClass == "government")
        #expect(session.accounts == ["Microsoft Operator", "LW@Agency.example"])
        #expect(session.sourceIPs == ["203.0.113.0/28", "2001:db8::1"])
        #expect(session.scope == ["https://agency.example/sites/a,b", "director@agency.example"])
        #expect(session.summary == "Mailbox \"repair\"\nsecond line")
        #expect(session.details["queue"] == .string("Tier1"))
        #expect(record.events.map(\.action) == [EventAction.sessionStart, EventAction.sessionEnd])
        #expect(record.events.map { Timestamp.iso8601($0.timestampUs) } == ["2023-04-03T02:00:00.000000Z", "2023-04-03T04:30:00.000000Z"])
        #expect(record.events[0].actor == "li.wei@partner.example")
        #expect(record.events[0].actorRaw == "Li.Wei@Partner.example")
        #expect(record.events[0].actorType == ActorType.supportEngineer)
        #expect(record.events[0].timestampRaw == "2023-04-03T10:00:00+08:00")
    }

    @Test func badRowsAreRejectedWithTheirReasonAndRawText() throws {
        let sink = try ingest(
            Self.header + """
                ,eng@v.example,US,V,,t,government,2023-01-01T00:00:00Z,,,,,,\r
                T-2,eng@v.example,US,V,,t,government,2023-01-01T10:00:00Z,2023-01-01T09:00:00Z,,,,,\r
                T-3,eng@v.example,US,V,,t,government,2023-02-30T10:00:00Z,,,,,,\r
                T-4,eng@v.example,US,V\r
                T-5,eng@v.example,US,V,,t,government,2023-01-01T10:00:00,,,,,,\r
                T-6,eng@v.example,United States,V,,t,government,2023-01-01T10:00:00Z,,,10.0.0.300,,,\r\n
                """)
        #expect(sink.rejects.map(\.locator) == ["line 2", "line 3", "line 4", "line 5", "line 6"])
        #expect(sink.rejects[0].reason == "required field `interaction_id` is empty")
        #expect(sink.rejects[1].reason.contains("is before `start`"))
        #expect(sink.rejects[2].reason.contains("impossible date"))
        #expect(sink.rejects[3].reason == "row has 4 fields but the header has 14")
        #expect(sink.rejects[4].reason.contains("no zone or offset"))
        #expect(String(decoding: sink.rejects[3].raw, as: UTF8.self) == "T-4,eng@v.example,US,V")
        // Questionable but usable values are kept, with a warning.
        #expect(sink.records.count == 1)
        #expect(sink.records[0].supportSession?.engineerCountry == "UNITED STATES")
        #expect(sink.warnings.count == 2)
        #expect(sink.records[0].supportSession?.details["invalid_source_ips"] == .array([.string("10.0.0.300")]))
    }

    @Test func jsonLinesWithArraysMatchTheCSVForm() throws {
        let sink = try ingest(
            """
            {"interaction_id":"T-1","engineer":"eng@v.example","start":"2023-01-01T00:00:00Z","accounts":["a@x.example","S-1-5-21-1-2-3-500"],"source_ips":["198.51.100.1"],"priority":3,"tags":{"k":"v"}}

            {"interaction_id":"T-2","engineer":"eng@v.example","start":"2023-01-01T00:00:00Z"
            [1,2]
            """)
        #expect(sink.records.count == 1)
        let session = try #require(sink.records[0].supportSession)
        #expect(session.accounts == ["a@x.example", "S-1-5-21-1-2-3-500"])
        #expect(session.endUs == nil)
        #expect(sink.records[0].events.count == 1)
        #expect(session.details["priority"] == .string("3"))
        #expect(session.details["tags"] == .object(JSONObject([("k", .string("v"))])))
        #expect(sink.rejects.map(\.locator) == ["line 3", "line 4"])
        #expect(sink.rejects[0].reason.hasPrefix("invalid JSON"))
        #expect(sink.rejects[1].reason == "not a JSON object")
    }

    @Test func duplicatedOrMissingHeaderColumnsStopTheFile() {
        #expect(throws: EvidenceError.self) { _ = try self.ingest("interaction_id,engineer,start,start\nT,e,2023-01-01T00:00:00Z,x\n") }
        #expect(throws: EvidenceError.self) { _ = try self.ingest("interaction_id,engineer\nT,e\n") }
    }

    @Test func detectionNeedsTheRequiredFields() {
        let plugin = SupportLogPlugin()
        #expect(plugin.detect(SniffedHead(fileName: "a.csv", bytes: Array(Self.header.utf8))) == "support-log-csv")
        #expect(plugin.detect(SniffedHead(fileName: "a.csv", bytes: Array("RecordId,CreationDate,RecordType,Operation,UserId,AuditData\n".utf8))) == nil)
        #expect(plugin.detect(SniffedHead(fileName: "a.json", bytes: Array(#"{"interaction_id":"T","engineer":"e"}"#.utf8))) == nil)
    }
}
