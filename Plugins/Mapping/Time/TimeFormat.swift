import Foundation
import TesseraSDK

/// One accepted timestamp format of a mapping's `time.formats` list.
enum TimeFormat: Sendable {
    case iso8601
    /// RFC 1123 (`Tue, 25 Jun 2019 14:56:54 GMT`), RFC 850 (`Tuesday, 25-Jun-19 14:56:54 GMT`),
    /// asctime (`Tue Jun 25 14:56:54 2019`), RFC 2822 numeric offsets.
    case httpDate
    case epochSeconds, epochMilliseconds, epochMicroseconds
    /// `9/20/2023 4:05:03 AM` and `09/20/2023 16:05:03` (see `Timestamp.parseUSLocalized`).
    case usLocal
    case pattern(TimePattern)

    static let names = [
        "iso8601", "http_date (alias rfc1123)", "epoch_s", "epoch_ms", "epoch_us", "us_local",
        "a strptime pattern such as '%d/%b/%Y:%H:%M:%S %z'",
    ]

    static func named(_ name: String) throws(PatternSyntaxError) -> TimeFormat {
        switch name.lowercased() {
        case "iso8601", "iso-8601", "rfc3339": return .iso8601
        case "http_date", "rfc1123", "rfc-1123", "rfc850", "rfc2822": return .httpDate
        case "epoch_s", "epoch", "epoch_seconds": return .epochSeconds
        case "epoch_ms", "epoch_millis", "epoch_milliseconds": return .epochMilliseconds
        case "epoch_us", "epoch_micros", "epoch_microseconds": return .epochMicroseconds
        case "us_local", "us": return .usLocal
        default:
            guard name.contains("%") else {
                throw PatternSyntaxError(reason: "unknown time format `\(name)`; use one of: \(names.joined(separator: ", "))")
            }
            return .pattern(try TimePattern(name))
        }
    }

    private static let httpPatterns: [TimePattern] = [
        try! TimePattern("%a, %d %b %Y %H:%M:%S %Z"),
        try! TimePattern("%a, %d %b %Y %H:%M:%S %z"),
        try! TimePattern("%A, %d-%b-%y %H:%M:%S %Z"),
        try! TimePattern("%a %b %e %H:%M:%S %Y"),
        try! TimePattern("%d %b %Y %H:%M:%S %Z"),
    ]

    func parse(_ raw: String) -> ParsedTimestamp? {
        switch self {
        case .iso8601: return try? Timestamp.parseISO8601(raw)
        case .httpDate:
            for pattern in Self.httpPatterns { if let hit = pattern.parse(raw) { return hit } }
            return nil
        case .epochSeconds: return Self.epoch(raw, digitsPerSecond: 0)
        case .epochMilliseconds: return Self.epoch(raw, digitsPerSecond: 3)
        case .epochMicroseconds: return Self.epoch(raw, digitsPerSecond: 6)
        case .usLocal: return (try? Timestamp.parseUSLocalized(raw)).map(ParsedTimestamp.naive)
        case .pattern(let pattern): return pattern.parse(raw)
        }
    }

    /// `1600000000`, `1600000000.25`, `-5`: a count of 10^-`digitsPerSecond` seconds with an
    /// optional fraction. Values beyond year 9999 are refused.
    static func epoch(_ raw: String, digitsPerSecond: Int) -> ParsedTimestamp? {
        var s = raw.trimmingCharactersInWhitespace()[...]
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !parts[0].isEmpty, parts[0].count <= 19, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let whole = Int64(parts[0])
        else { return nil }
        let wanted = 6 - digitsPerSecond
        var unit: Int64 = 1
        for _ in 0..<wanted { unit *= 10 }
        let (product, overflow) = whole.multipliedReportingOverflow(by: unit)
        guard !overflow else { return nil }
        var us = product
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            var digits = String(fraction.prefix(wanted))
            while digits.count < wanted { digits += "0" }
            if wanted > 0, let extra = Int64(digits) {
                let (sum, overflow) = us.addingReportingOverflow(extra)
                guard !overflow else { return nil }
                us = sum
            }
        }
        if negative { us = -us }
        guard abs(us) <= 253_402_300_799_999_999 else { return nil }
        return .utc(us)
    }
}

/// How a mapping turns a timestamp without an offset into UTC.
enum ZoneRule: Sendable {
    /// Use `--source-tz` (IngestContext.sourceTimeZone); without it, reject the record.
    case source
    /// The value must carry its own offset; a naive timestamp is rejected.
    case valueOnly
    /// The format defines the zone (e.g. Sentinel's `[UTC]` columns).
    case fixed(TimeZone, name: String)
}

/// A compiled `time:` section.
struct TimeSpec: Sendable {
    var value: Expr
    var formats: [TimeFormat]
    var zone: ZoneRule
    var description: String

    enum Failure: Error {
        case missing
        case unparseable(String)
        case naive(String, ZoneRule)
    }

    func resolve(_ raw: String, sourceZone: TimeZone?) -> Result<Int64, Failure> {
        let trimmed = raw.trimmingCharactersInWhitespace()
        for format in formats {
            guard let parsed = format.parse(trimmed) else { continue }
            switch parsed {
            case .utc(let us): return .success(us)
            case .naive(let civil):
                switch zone {
                case .fixed(let tz, _): return .success(Timestamp.utcMicroseconds(civil, in: tz))
                case .source:
                    guard let sourceZone else { return .failure(.naive(raw, zone)) }
                    return .success(Timestamp.utcMicroseconds(civil, in: sourceZone))
                case .valueOnly: return .failure(.naive(raw, zone))
                }
            }
        }
        return .failure(.unparseable(raw))
    }
}
