import Foundation

/// A timestamp as read from evidence: either anchored to UTC, or naive (no zone given).
public enum ParsedTimestamp: Sendable, Equatable {
    /// Microseconds since the Unix epoch, UTC.
    case utc(Int64)
    /// A wall-clock time without a zone; needs a zone (`--source-tz`) to become UTC.
    case naive(CivilDateTime)
}

/// Why a timestamp could not be turned into UTC, phrased for an analyst.
public enum TimestampError: Error, Equatable, Sendable, CustomStringConvertible {
    case unparseable(String)
    case impossible(String)
    case naiveWithoutZone(String)

    public var description: String {
        switch self {
        case .unparseable(let raw): return "unrecognized timestamp '\(raw)'"
        case .impossible(let raw): return "impossible date or time '\(raw)'"
        case .naiveWithoutZone(let raw):
            return "timestamp '\(raw)' has no zone or offset; re-run with --source-tz ZONE (e.g. --source-tz UTC or --source-tz America/New_York)"
        }
    }
}

/// Timestamp parsing and formatting shared by every plugin. No `DateFormatter`: these run
/// millions of times per ingest.
public enum Timestamp {
    /// Parses ISO 8601 / RFC 3339: `2023-01-01T00:00:01Z`, `...T00:00:01.0000000Z`,
    /// `2010-04-30T11:01:55.140625-07:00`, `+0700` offsets, a space instead of `T`, and naive
    /// forms without a zone. Fractions beyond microseconds are truncated.
    public static func parseISO8601(_ text: some StringProtocol) throws(TimestampError) -> ParsedTimestamp {
        let raw = String(text)
        let utf8 = raw.utf8
        // Trim spaces at either end; most timestamps have none, and then the bytes are taken as they are.
        let s =
            utf8.first == 0x20 || utf8.last == 0x20
            ? Array(utf8.drop(while: { $0 == 0x20 }).reversed().drop(while: { $0 == 0x20 }).reversed()) : Array(utf8)
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= s.count else { return nil }
            var v = 0
            for k in 0..<count {
                let c = s[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += count
            return v
        }
        func take(_ c: UInt8) -> Bool {
            if i < s.count && s[i] == c { i += 1; return true }
            return false
        }
        guard let year = digits(4), take(UInt8(ascii: "-")), let month = digits(2), take(UInt8(ascii: "-")),
            let day = digits(2)
        else { throw .unparseable(raw) }
        var civil = CivilDateTime(year: year, month: month, day: day)
        if i < s.count {
            guard s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: "t") || s[i] == 0x20 else { throw .unparseable(raw) }
            i += 1
            guard let hour = digits(2), take(UInt8(ascii: ":")), let minute = digits(2) else { throw .unparseable(raw) }
            civil.hour = hour
            civil.minute = minute
            if take(UInt8(ascii: ":")) {
                guard let second = digits(2) else { throw .unparseable(raw) }
                civil.second = second
                if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                    var micro = 0, count = 0
                    while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                        if count < 6 { micro = micro * 10 + Int(s[i] - 0x30) }
                        count += 1
                        i += 1
                    }
                    guard count > 0 else { throw .unparseable(raw) }
                    for _ in count..<max(count, 6) { micro *= 10 }
                    civil.microsecond = micro
                }
            }
        }
        guard civil.isValid else { throw .impossible(raw) }
        if i == s.count { return .naive(civil) }
        if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) {
            guard i == s.count else { throw .unparseable(raw) }
            return .utc(civil.microsecondsAsUTC)
        }
        _ = take(0x20)
        let sign: Int64
        if take(UInt8(ascii: "+")) { sign = 1 } else if take(UInt8(ascii: "-")) { sign = -1 } else { throw .unparseable(raw) }
        guard let offsetHours = digits(2) else { throw .unparseable(raw) }
        _ = take(UInt8(ascii: ":"))
        let offsetMinutes = digits(2) ?? 0
        guard i == s.count, offsetHours <= 23, offsetMinutes <= 59 else { throw .unparseable(raw) }
        let offsetUs = sign * Int64(offsetHours * 3600 + offsetMinutes * 60) * 1_000_000
        return .utc(civil.microsecondsAsUTC - offsetUs)
    }

    /// Turns a parsed timestamp into UTC microseconds, reading a naive one in `zone`.
    public static func resolve(_ parsed: ParsedTimestamp, raw: String, zone: TimeZone?) throws(TimestampError) -> Int64 {
        switch parsed {
        case .utc(let us): return us
        case .naive(let civil):
            guard let zone else { throw .naiveWithoutZone(raw) }
            return utcMicroseconds(civil, in: zone)
        }
    }

    /// Parses ISO 8601 and resolves a naive result in `zone` (see ``resolve(_:raw:zone:)``).
    public static func parseISO8601UTC(_ text: String, zone: TimeZone?) throws(TimestampError) -> Int64 {
        try resolve(try parseISO8601(text), raw: text, zone: zone)
    }

    /// Reads a wall-clock time in `zone` as UTC. In a daylight-saving gap or overlap the
    /// offset in force just before the transition is used (documented in docs/schema.md).
    public static func utcMicroseconds(_ civil: CivilDateTime, in zone: TimeZone) -> Int64 {
        let localUs = civil.microsecondsAsUTC
        let localSeconds = Double(localUs / 1_000_000)
        let firstGuess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: localSeconds))
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: localSeconds - Double(firstGuess)))
        return localUs - Int64(offset) * 1_000_000
    }

    /// `2023-01-01T00:00:01.000000Z`: ISO 8601 UTC with microseconds (the store's text form).
    public static func iso8601(_ us: Int64) -> String {
        let c = CivilDateTime(microsecondsSinceEpoch: us)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.microsecond, 6))Z"
    }

    /// Parses a `--source-tz` value: an IANA zone name (`America/New_York`), `UTC`, or a fixed
    /// offset (`+05:30`, `-0700`).
    public static func zone(named name: String) -> TimeZone? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.uppercased() == "UTC" || trimmed.uppercased() == "Z" || trimmed.uppercased() == "GMT" {
            return TimeZone(secondsFromGMT: 0)
        }
        if let first = trimmed.first, first == "+" || first == "-" {
            let digits = trimmed.dropFirst().filter { $0 != ":" }
            guard digits.count == 4, let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)),
                hours <= 14, minutes < 60
            else { return nil }
            return TimeZone(secondsFromGMT: (first == "-" ? -1 : 1) * (hours * 3600 + minutes * 60))
        }
        return TimeZone(identifier: trimmed)
    }
}
