import Foundation
import TesseraSDK
import Testing

@testable import MappingPlugin

@Suite struct TimeFormatTests {
    func utc(_ format: String, _ raw: String) throws -> Int64? {
        guard case .utc(let us)? = try TimeFormat.named(format).parse(raw) else { return nil }
        return us
    }

    @Test func httpDateVariants() throws {
        let expected = try µs("2019-06-25T14:56:54Z")
        #expect(try utc("rfc1123", "Tue, 25 Jun 2019 14:56:54 GMT") == expected)
        #expect(try utc("http_date", "Tuesday, 25-Jun-19 14:56:54 GMT") == expected)
        #expect(try utc("http_date", "Tue Jun 25 14:56:54 2019") == nil) // asctime has no zone: naive
        #expect(
            try TimeFormat.named("http_date").parse("Tue Jun 25 14:56:54 2019")
                == .naive(CivilDateTime(year: 2019, month: 6, day: 25, hour: 14, minute: 56, second: 54)))
        #expect(try utc("http_date", "Tue, 25 Jun 2019 16:56:54 +0200") == expected)
        #expect(try utc("http_date", "Tue, 31 Jun 2019 14:56:54 GMT") == nil)
        #expect(try utc("http_date", "Tue, 25 Jun 2019 14:56:54 PST") == nil)
    }

    @Test func epochVariantsAndBounds() throws {
        #expect(try utc("epoch_s", "1700000000") == 1_700_000_000_000_000)
        #expect(try utc("epoch_s", "1700000000.25") == 1_700_000_000_250_000)
        #expect(try utc("epoch_ms", "1700000000123") == 1_700_000_000_123_000)
        #expect(try utc("epoch_ms", "1700000000123.5") == 1_700_000_000_123_500)
        #expect(try utc("epoch_us", "1700000000123456") == 1_700_000_000_123_456)
        #expect(try utc("epoch_s", "-1") == -1_000_000)
        #expect(try utc("epoch_s", "1e9") == nil)
        #expect(try utc("epoch_ms", "9223372036854775.999") == nil)
        #expect(try utc("epoch_ms", "9223372036854775807") == nil)
        #expect(try utc("epoch_s", "99999999999999999999999") == nil)
        #expect(try utc("epoch_s", "") == nil)
    }

    @Test func strptimePatterns() throws {
        #expect(try utc("%d/%b/%Y:%H:%M:%S %z", "06/Feb/2019:00:00:38 +0000") == (try µs("2019-02-06T00:00:38Z")))
        #expect(try utc("%d/%b/%Y:%H:%M:%S %z", "06/Feb/2019:00:00:38 -05:30") == (try µs("2019-02-06T05:30:38Z")))
        #expect(
            try TimeFormat.named("%m/%d/%Y, %I:%M:%S.%f %p").parse("2/1/2021, 12:05:03.5 AM")
                == .naive(CivilDateTime(year: 2021, month: 2, day: 1, hour: 0, minute: 5, second: 3, microsecond: 500_000)))
        #expect(
            try TimeFormat.named("%m/%d/%Y, %I:%M:%S %p").parse("2/1/2021, 12:05:03 PM")
                == .naive(CivilDateTime(year: 2021, month: 2, day: 1, hour: 12, minute: 5, second: 3)))
        #expect(try TimeFormat.named("%m/%d/%Y, %I:%M:%S %p").parse("2/1/2021, 13:05:03 PM") == nil)
        #expect(
            try TimeFormat.named("%Y-%m-%d %T").parse("2024-02-29  23:59:60")
                == .naive(CivilDateTime(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 60)))
        #expect(try TimeFormat.named("%Y-%m-%d").parse("2023-02-29") == nil)
        #expect(try TimeFormat.named("%Y-%m-%d").parse("2023-02-28 trailing") == nil)
        #expect(try utc("%y%m%d %H%M%S %Z", "240101 101010 UTC") == (try µs("2024-01-01T10:10:10Z")))
        #expect(throws: PatternSyntaxError.self) { try TimePattern("%I:%M") }
        #expect(throws: PatternSyntaxError.self) { try TimePattern("%Y-%") }
    }

    @Test func usLocalAndISO() throws {
        #expect(
            try TimeFormat.named("us_local").parse("9/20/2023 4:05:03 AM")
                == .naive(CivilDateTime(year: 2023, month: 9, day: 20, hour: 4, minute: 5, second: 3)))
        #expect(try utc("iso8601", "2022-02-08 09:23:37+11:00") == (try µs("2022-02-07T22:23:37Z")))
    }
}
