import Foundation
import TesseraSDK
import TesseraTestSupport
import Testing

@testable import MappingPlugin

@Suite struct S3AccessLogMappingTests {
    /// Lines in the documented layout (AWS "Amazon S3 server access log format"): a current
    /// 27-field line, an older 18-field one, one with a field AWS may add in future, one broken.
    static let owner = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    static let log = """
        \(owner) evidence-bucket [06/Feb/2019:00:00:38 +0000] 192.0.2.3 arn:aws:iam::123456789012:user/alice 3E57427F3EXAMPLE REST.GET.OBJECT reports/Q1%20final.pdf "GET /evidence-bucket/reports/Q1%20final.pdf HTTP/1.1" 200 - 2662992 3462992 70 10 "-" "aws-cli/2.9 Python/3.11" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader evidence-bucket.s3.us-west-1.amazonaws.com TLSV1.2 - Yes us-east-1
        \(owner) evidence-bucket [06/Feb/2019:00:01:57 +0100] 198.51.100.4 - 891CE47D2EXAMPLE REST.GET.BUCKET - "GET /evidence-bucket?list-type=2 HTTP/1.1" 403 AccessDenied 243 - 12 - "-" "curl/8.0" -
        \(owner) evidence-bucket [06/Feb/2019:00:02:00 +0000] 192.0.2.3 arn:aws:iam::123456789012:user/alice A1206F460EXAMPLE REST.PUT.ACL reports/Q1%20final.pdf "PUT /evidence-bucket/reports/Q1%20final.pdf?acl HTTP/1.1" 200 - - - 18 - "-" "aws-cli/2.9" - hostid SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader evidence-bucket.s3.us-west-1.amazonaws.com TLSV1.3 - - eu-west-1 a-future-field another-one
        \(owner) evidence-bucket [06/Feb/2019:00:03:00 +0000] 192.0.2.3 - 7B4A0FABBEXAMPLE REST.GET.OBJECT x "GET /evidence-bucket/x HTTP/1.1 200
        """

    @Test func documentedLinesMapPositionallyAndTolerateExtraFields() throws {
        #expect(try claimants(fileName: "2019-02-06-00-00-38-5A5D8D8D1E3B1F3E", Array(Self.log.utf8)) == ["aws-s3-access-log"])
        let sink = try run(try builtIn("aws-s3-access-log"), Self.log)
        #expect(sink.records.count == 3)
        #expect(sink.rejects.count == 1)
        #expect(sink.rejects[0].locator == "line 4")
        #expect(sink.rejects[0].reason.contains("never closed"))
        let get = sink.events[0]
        #expect(get.timestampUs == (try µs("2019-02-06T00:00:38Z")))
        #expect(get.timestampRaw == "06/Feb/2019:00:00:38 +0000")
        #expect(get.operation == "REST.GET.OBJECT")
        #expect(get.action == EventAction.download)
        #expect(get.category == EventCategory.file)
        #expect(get.resource == "s3://evidence-bucket/reports/Q1 final.pdf")
        #expect(get.resourceName == "Q1 final.pdf")
        #expect(get.actor == "arn:aws:iam::123456789012:user/alice")
        #expect(get.clientIP == "192.0.2.3")
        #expect(get.userAgent == "aws-cli/2.9 Python/3.11")
        #expect(get.outcome == "success")
        #expect(get.details["tls_version"] == .string("TLSV1.2"))
        #expect(get.details["source_region"] == .string("us-east-1"))
        let list = sink.events[1]
        #expect(list.timestampUs == (try µs("2019-02-05T23:01:57Z")))
        #expect(list.action == EventAction.list)
        #expect(list.outcome == "failure")
        #expect(list.actor == nil)
        #expect(list.details["anonymous"] == .string("true"))
        #expect(list.details["error_code"] == .string("AccessDenied"))
        #expect(list.resource == "s3://evidence-bucket")
        #expect(sink.events[2].action == EventAction.permissionGrant)
        #expect(sink.records[0].dedupKey.hasPrefix("aws-s3-access:"))
    }

    @Test func identicalRedeliveredLinesShareADedupKey() throws {
        let line = Self.log.split(separator: "\n")[0]
        let sink = try run(try builtIn("aws-s3-access-log"), "\(line)\n\(line)\n")
        #expect(sink.records.count == 2)
        #expect(sink.records[0].dedupKey == sink.records[1].dedupKey)
    }
}

@Suite struct AzureStorageAnalyticsMappingTests {
    @Test(.realSamples) func realV2LinesWithHTMLEncodedQuotedETag() throws {
        let bytes = try RealSamples.bytes("mslearn-azure-storage-analytics-v2/storage_analytics_v2_excerpt.log")
        #expect(try claimants(fileName: "000001.log", bytes) == ["azure-storage-analytics"])
        let sink = try run(try builtIn("azure-storage-analytics"), bytes)
        #expect(sink.rejects.isEmpty)
        #expect(sink.events.count == 4)
        let put = sink.events[0]
        #expect(put.timestampUs == (try µs("2019-06-25T14:56:54.007915Z")))
        #expect(put.timestampRaw == "2019-06-25T14:56:54.0079155Z")
        #expect(put.operation == "PutBlob")
        #expect(put.action == EventAction.upload)
        #expect(put.category == EventCategory.file)
        #expect(put.outcome == "success")
        #expect(put.clientIP == "40.91.210.176")
        #expect(put.resource == "https://xxxxxx.blob.core.windows.net:443/testcontainer/testblob7.dat")
        #expect(put.resourceName == "testblob7.dat")
        #expect(put.userAgent == "Azure-Storage/9.3.2 (.NET Core)")
        #expect(put.actor == "xxxxx")
        #expect(put.recordID == "c675930e-f01e-0016-2e66-2b5b8a000000")
        #expect(put.details["etag"] == .string("\"0x8D6F97D5CA88E64\""))
        #expect(put.details["last_modified_time"] == .string("Tuesday, 25-Jun-19 14:56:54 GMT"))
        #expect(put.details["client_request_id"] == .string("d76a96e0-9f66-4476-b5e0-b8979b69ea85"))
        #expect(sink.events[2].action == EventAction.download)
        #expect(sink.records.map(\.locator) == ["line 1", "line 2", "line 3", "line 4"])
    }

    @Test func sasTokenStaysOutOfTheResourceButInTheRawRecord() throws {
        let line =
            #"1.0;2024-03-01T08:00:00.1234567Z;GetBlob;SASSuccess;200;10;5;sas;;acct;blob;"https://acct.blob.core.windows.net/c/secret.docx?sv=2022-11-02&amp;sig=ABC%3D";"/acct/c/secret.docx";11111111-0000-0000-0000-000000000000;0;203.0.113.50:51000;2022-11-02;500;0;300;1000;0;;;"&quot;0x1&quot;";Fri, 01 Mar 2024 07:00:00 GMT;;"curl/8";;"cid""#
        let sink = try run(try builtIn("azure-storage-analytics"), line)
        #expect(sink.rejects.isEmpty)
        let event = try #require(sink.events.first)
        #expect(event.resource == "https://acct.blob.core.windows.net/c/secret.docx")
        #expect(String(decoding: sink.records[0].raw, as: UTF8.self).contains("sig=ABC"))
        #expect(event.outcome == "success")
        #expect(event.actor == nil)
        #expect(event.tenant == "acct")
        #expect(event.clientIP == "203.0.113.50")
    }
}
