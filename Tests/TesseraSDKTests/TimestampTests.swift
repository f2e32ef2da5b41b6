import Foundation
import Testing

@testable import TesseraSDK

@Suite struct TimestampTests {
    @Test func isoWithZAndSevenDigitFraction() throws {
        let us = try Timestamp.parseISO8601UTC("2023-01-01T00:00:01.1234567Z", zone: nil)
        #expect(us == 1_672_531_201_123_456)
        #expect(Timestamp.iso8601(us) == "2023-01-01T00:00:01.123456Z")
    }

    @Test func isoWithNegativeOffsetIsConvertedToUTC() throws {
        // Exchange mailbox audit LastAccessed as Microsoft documents it.
        let us = try Timestamp.parseISO8601UTC("2010-04-30T11:01:55.140625-07:00", zone: nil)
        #expect(Timestamp.iso8601(us) == "2010-04-30T18:01:55.140625Z")
    }

    @Test func compactOffsetAndSpaceSeparator() throws {
        let us = try Timestamp.parseISO8601UTC("2022-03-04 05:06:07+0530", zone: nil)
        #expect(Timestamp.iso8601(us) == "2022-03-03T23:36:07.000000Z")
    }

    @Test func naiveNeedsAZone() throws {
        #expect(throws: TimestampError.naiveWithoutZone("2022-03-04T05:06:07")) {
            try Timestamp.parseISO8601UTC("2022-03-04T05:06:07", zone: nil)
        }
        let ny = try #require(Timestamp.zone(named: "America/New_York"))
        // 5 March 2022 is before the DST change: EST, UTC-5.
        #expect(Timestamp.iso8601(try Timestamp.parseISO8601UTC("2022-03-04T05:06:07", zone: ny)) == "2022-03-04T10:06:07.000000Z")
        // July: EDT, UTC-4.
        #expect(Timestamp.iso8601(try Timestamp.parseISO8601UTC("2022-07-04T05:06:07", zone: ny)) == "2022-07-04T09:06:07.000000Z")
        let fixed = try #require(Timestamp.zone(named: "+05:30"))
        #expect(Timestamp.iso8601(try Timestamp.parseISO8601UTC("2022-07-04T05:06:07", zone: fixed)) == "2022-07-03T23:36:07.000000Z")
        #expect(Timestamp.zone(named: "Mars/Olympus_Mons") == nil)
    }

    @Test func impossibleDatesAreRefused() {
        #expect(throws: TimestampError.impossible("2023-02-30T00:00:00Z")) {
            try Timestamp.parseISO8601UTC("2023-02-30T00:00:00Z", zone: nil)
        }
        #expect(throws: TimestampError.unparseable("yesterday")) { try Timestamp.parseISO8601("yesterday") }
        #expect(throws: TimestampError.unparseable("2023-01-01T00:00:00Q")) { try Timestamp.parseISO8601("2023-01-01T00:00:00Q") }
    }

    @Test func usLocalizedTwelveHourTimes() throws {
        let civil = try Timestamp.parseUSLocalized("9/20/2023 4:05:03 AM")
        #expect(civil == CivilDateTime(year: 2023, month: 9, day: 20, hour: 4, minute: 5, second: 3))
        #expect(try Timestamp.parseUSLocalized("9/20/2023 12:05:03 AM").hour == 0)
        #expect(try Timestamp.parseUSLocalized("9/20/2023 12:05:03 PM").hour == 12)
        #expect(try Timestamp.parseUSLocalized("09/20/2023 16:05:03").hour == 16)
        #expect(throws: TimestampError.impossible("2/30/2023 1:00:00 PM")) { try Timestamp.parseUSLocalized("2/30/2023 1:00:00 PM") }
    }

    /// Every shape the US-localized reader accepts, and what it refuses: attacker-controlled text
    /// from a CSV cell. `4:05:` (a colon and no seconds) crashed the reader before it read bytes.
    @Test func usLocalizedAcceptsExactlyItsForms() throws {
        let accepted: [(String, CivilDateTime)] = [
            ("9/20/2023", CivilDateTime(year: 2023, month: 9, day: 20)),
            ("9/20/2023,", CivilDateTime(year: 2023, month: 9, day: 20)),
            ("  9/20/2023   4:05 pm  ", CivilDateTime(year: 2023, month: 9, day: 20, hour: 16, minute: 5)),
            ("12/31/1999 23:59:60", CivilDateTime(year: 1999, month: 12, day: 31, hour: 23, minute: 59, second: 60)),
            ("1/2/2024 1:02:03.1234567 Am", CivilDateTime(year: 2024, month: 1, day: 2, hour: 1, minute: 2, second: 3, microsecond: 123_456)),
            ("1/2/2024 12:00:00.5 AM", CivilDateTime(year: 2024, month: 1, day: 2, microsecond: 500_000)),
        ]
        for (text, civil) in accepted { #expect(try Timestamp.parseUSLocalized(text) == civil, "\(text)") }
        let unparseable = [
            "9/20/2023 4:05: AM", "1/1/2000 1:1:", "9/20/2023 4:05:03.", "9/20/2023 4:05:03.x", "+9/20/2023", "9/-1/2023",
            "9/20/23 4:05", "9/20/20234", "9/20/2023 4", "9/20/2023 4:05 XM", "9/20/2023 4:05 AMX", "9/20/2023 4:05 AM PM",
            "9/20/2023 4:05:03AM", "9/20/2023,4:05", "", " ", "9//2023", "٩/20/2023",
        ]
        for text in unparseable {
            #expect(throws: TimestampError.unparseable(text), "\(text)") { try Timestamp.parseUSLocalized(text) }
        }
        for text in ["13/1/2023", "9/20/2023 0:05 AM", "9/20/2023 13:05 PM", "9/20/2023 24:00", "9/20/0000"] {
            #expect(throws: TimestampError.impossible(text), "\(text)") { try Timestamp.parseUSLocalized(text) }
        }
    }

    /// The Log Analytics portal's "Export to CSV" writes a comma after the date and milliseconds.
    @Test func logAnalyticsPortalTimes() throws {
        #expect(
            try Timestamp.parseUSLocalized("4/28/2021, 2:31:30.021 PM")
                == CivilDateTime(year: 2021, month: 4, day: 28, hour: 14, minute: 31, second: 30, microsecond: 21_000))
        #expect(throws: TimestampError.unparseable("4/28/2021,, 2:31 PM")) { try Timestamp.parseUSLocalized("4/28/2021,, 2:31 PM") }
    }

    @Test func civilRoundTripAcrossEras() {
        for us: Int64 in [0, -1, 951_782_400_000_000, 253_402_300_799_999_999, -62_135_596_800_000_000] {
            #expect(CivilDateTime(microsecondsSinceEpoch: us).microsecondsAsUTC == us)
        }
        #expect(Timestamp.iso8601(-1) == "1969-12-31T23:59:59.999999Z")
    }
}
