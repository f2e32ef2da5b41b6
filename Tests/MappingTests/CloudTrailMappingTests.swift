import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import MappingPlugin

@Suite struct CloudTrailMappingTests {
    @Test(.realSamples) func realJSONLinesWithS3DataEventsBecomeFileAccess() throws {
        let path = "otrf-aws-s3-ec2-proxy-exfiltration/ec2_proxy_s3_exfiltration_2020-09-14011940.json"
        let bytes = try RealSamples.bytes(path)
        #expect(try claimants(fileName: "ec2_proxy_s3_exfiltration_2020-09-14011940.json", bytes) == ["aws-cloudtrail"])
        let sink = try run(try builtIn("aws-cloudtrail"), bytes)
        #expect(sink.rejects.isEmpty)
        #expect(sink.records.count == 103)
        #expect(sink.events.count == 103)
        // Line 80: the exfiltrating GetObject. The file has no eventTime, only logstash's @timestamp.
        let record = try #require(sink.records.first(where: { $0.locator == "line 80" }))
        let get = record.events[0]
        #expect(get.operation == "GetObject")
        #expect(get.action == EventAction.download)
        #expect(get.category == EventCategory.file)
        #expect(get.resourceType == ResourceType.file)
        #expect(get.resource == "s3://mordors3stack-s3bucket-llp2yingx64a/ring.txt")
        #expect(get.resourceName == "ring.txt")
        #expect(get.timestampUs == (try µs("2020-09-14T01:02:34Z")))
        #expect(get.timestampRaw == "2020-09-14T01:02:34.000Z")
        #expect(get.actor == "arn:aws:sts::123456789123:assumed-role/mordornginxstack-bankingwafrole-9s3e0uae1mm0/i-0317f6c6b66ae9c40")
        #expect(get.clientIP == "1.2.3.4")
        #expect(get.sessionID == "ASIA5FLZVX4OPVKKVBMX")
        #expect(get.outcome == "success")
        #expect(get.recordID == "771299cb-e200-4926-9604-c85358b30499")
        #expect(get.details["bytes_transferred_out"] == .number("89.0"))
        #expect(record.dedupKey == "aws-cloudtrail:771299cb-e200-4926-9604-c85358b30499")
        let lists = sink.events.filter { $0.operation == "ListObjects" }
        #expect(lists.count == 7)
        #expect(
            lists.allSatisfy {
                $0.action == EventAction.list && $0.resource == "s3://mordors3stack-s3bucket-llp2yingx64a" && $0.resourceType == ResourceType.folder
            })
        let describe = try #require(sink.events.first(where: { $0.operation == "DescribeInstances" }))
        #expect(describe.action == EventAction.list)
        #expect(describe.category == EventCategory.admin)
        // AWS services calling on a user's behalf give a host name, not an IP: kept in details.
        let assume = try #require(sink.events.first(where: { $0.operation == "AssumeRole" }))
        #expect(assume.clientIP == nil)
        #expect(assume.details["client_ip_raw"] == .string("ec2.amazonaws.com"))
        #expect(assume.category == EventCategory.auth)
        #expect(assume.actorType == ActorType.service)
    }

    @Test(.realSamples) func realLookupEventsUseTheEmbeddedRecordAndItsUTCTime() throws {
        let bytes = try RealSamples.bytes("plaso-microsoft-audit-jsonl/aws_cloudtrail.jsonl")
        #expect(try claimants(fileName: "aws_cloudtrail.jsonl", bytes) == ["aws-cloudtrail"])
        let sink = try run(try builtIn("aws-cloudtrail"), bytes)
        #expect(sink.rejects.isEmpty)
        #expect(sink.events.count == 6)
        let first = sink.events[0]
        #expect(first.operation == "DescribeInstances")
        // EventTime "2022-02-08 09:23:37+11:00" and eventTime "2022-02-07T22:23:37Z" are the same instant.
        #expect(first.timestampUs == (try µs("2022-02-07T22:23:37Z")))
        #expect(first.timestampRaw == "2022-02-07T22:23:37Z")
        #expect(first.details["lookup_event_time"] == .string("2022-02-08 09:23:37+11:00"))
        #expect(first.actor == "arn:aws:iam::012345678901:user/fakeusername")
        #expect(first.tenant == "012345678901")
        #expect(sink.records[0].dedupKey == "aws-cloudtrail:0828c0d2-3589-4390-b954-c78b4a7df44b")
        let terminate = try #require(sink.events.first(where: { $0.operation == "TerminateInstances" }))
        #expect(terminate.action == EventAction.delete)
    }

    static let nativeFile = """
        {"Records": [
          {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA1","arn":"arn:aws:iam::111122223333:user/Alice","accountId":"111122223333","accessKeyId":"AKIA1","userName":"Alice"},"eventTime":"2023-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"PutObject","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2","requestParameters":{"bucketName":"evidence","key":"reports/q1%20final.pdf"},"responseElements":null,"requestID":"R1","eventID":"e-1","readOnly":false,"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data"},
          {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/Mallory","accountId":"111122223333"},"eventTime":"2023-05-01T10:05:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"198.51.100.7","responseElements":{"ConsoleLogin":"Failure"},"errorMessage":"Failed authentication","eventID":"e-2","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"},
          {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/Alice"},"eventTime":"2023-05-01T10:06:00Z","eventSource":"iam.amazonaws.com","eventName":"AttachUserPolicy","sourceIPAddress":"203.0.113.9","requestParameters":{"userName":"Bob","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"},"eventID":"e-3"}
        ]}
        """

    @Test func nativeLogFileRecordsArray() throws {
        #expect(try claimants(fileName: "111122223333_CloudTrail_us-east-1_20230501T1000Z_x.json", Array(Self.nativeFile.utf8)) == ["aws-cloudtrail"])
        let sink = try run(try builtIn("aws-cloudtrail"), Self.nativeFile)
        #expect(sink.rejects.isEmpty)
        #expect(sink.events.map(\.action) == [EventAction.upload, EventAction.signIn, EventAction.permissionGrant])
        #expect(sink.events.map(\.category) == [EventCategory.file, EventCategory.auth, EventCategory.admin])
        #expect(sink.events[0].resource == "s3://evidence/reports/q1%20final.pdf")
        #expect(sink.events[1].outcome == "failure")
        #expect(sink.events[0].outcome == "success")
        #expect(sink.records.map(\.locator) == ["element 1 (line 2)", "element 2 (line 3)", "element 3 (line 4)"])
        #expect(sink.records.map(\.dedupKey) == ["aws-cloudtrail:e-1", "aws-cloudtrail:e-2", "aws-cloudtrail:e-3"])
    }

    @Test func truncatedLogFileKeepsEveryCompleteRecordAndRejectsTheCutOne() throws {
        let cut = String(Self.nativeFile.prefix(Self.nativeFile.count - 120))
        let sink = try run(try builtIn("aws-cloudtrail"), cut)
        #expect(sink.records.count == 2)
        #expect(sink.rejects.count == 1)
        #expect(sink.rejects[0].locator == "element 3 (line 4)")
        #expect(sink.rejects[0].reason.contains("truncated"))
        #expect(sink.warnings.count == 1)
    }
}
