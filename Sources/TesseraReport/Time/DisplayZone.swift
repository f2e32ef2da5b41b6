import Foundation
import TesseraSDK

/// The zone a report shows times in (`--tz`, UTC by default). Every time written carries its
/// offset, and the report's header names the zone, so no time is ever ambiguous.
public struct DisplayZone: Sendable {
    /// The name the analyst gave (`UTC`, `America/New_York`, `+05:30`).
    public let name: String
    let zone: TimeZone
    let isUTC: Bool

    /// UTC.
    public static let utc = DisplayZone(checkedName: "UTC", zone: TimeZone(secondsFromGMT: 0)!, isUTC: true)

    private init(checkedName: String, zone: TimeZone, isUTC: Bool) {
        self.name = checkedName
        self.zone = zone
        self.isUTC = isUTC
    }

    /// A zone by IANA name, `UTC`, or a fixed offset such as `+05:30`.
    public init(named name: String) throws(ReportError) {
        guard let zone = Timestamp.zone(named: name) else { throw .unknownTimeZone(name) }
        let utc = ["UTC", "Z", "GMT"].contains(name.trimmingCharacters(in: .whitespaces).uppercased())
        self.init(checkedName: utc ? "UTC" : name, zone: zone, isUTC: utc)
    }

    /// Offset from UTC in seconds at the instant `us`.
    public func offsetSeconds(at us: Int64) -> Int {
        isUTC ? 0 : zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(Self.floorDiv(us, 1_000_000))))
    }

    /// The wall-clock time of `us` in this zone.
    public func civil(_ us: Int64) -> CivilDateTime {
        CivilDateTime(microsecondsSinceEpoch: us + Int64(offsetSeconds(at: us)) * 1_000_000)
    }

    /// `2023-03-14 14:02:00 UTC` or `2023-03-14 10:02:00 UTC-04:00`; fractions of a second only
    /// when the time has them.
    public func format(_ us: Int64) -> String {
        let c = civil(us)
        var text = "\(Self.pad(c.year, 4))-\(Self.pad(c.month, 2))-\(Self.pad(c.day, 2)) \(Self.pad(c.hour, 2)):\(Self.pad(c.minute, 2)):\(Self.pad(c.second, 2))"
        if c.microsecond != 0 { text += "." + Self.pad(c.microsecond, 6) }
        return text + " " + offsetLabel(at: us)
    }

    /// A short axis label: `2023-03-14 14:02` (the zone is stated once beside the axis).
    public func formatShort(_ us: Int64) -> String {
        let c = civil(us)
        return "\(Self.pad(c.year, 4))-\(Self.pad(c.month, 2))-\(Self.pad(c.day, 2)) \(Self.pad(c.hour, 2)):\(Self.pad(c.minute, 2))"
    }

    /// `UTC` or `UTC+05:30`.
    public func offsetLabel(at us: Int64) -> String {
        let offset = offsetSeconds(at: us)
        if offset == 0 { return "UTC" }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return "UTC\(sign)\(Self.pad(minutes / 60, 2)):\(Self.pad(minutes % 60, 2))"
    }

    /// ISO 8601 with this zone's offset: `2023-03-14T10:02:00.000000-04:00`.
    public func iso8601(_ us: Int64) -> String {
        let c = civil(us)
        let offset = offsetSeconds(at: us)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return "\(Self.pad(c.year, 4))-\(Self.pad(c.month, 2))-\(Self.pad(c.day, 2))T\(Self.pad(c.hour, 2)):\(Self.pad(c.minute, 2)):\(Self.pad(c.second, 2)).\(Self.pad(c.microsecond, 6))\(sign)\(Self.pad(minutes / 60, 2)):\(Self.pad(minutes % 60, 2))"
    }

    /// How the report names its zone: `UTC`, or `America/New_York (offset shown on each time)`.
    public var label: String {
        isUTC ? "UTC" : "\(name) (each time shows its UTC offset)"
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
