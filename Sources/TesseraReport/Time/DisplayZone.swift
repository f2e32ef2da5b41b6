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
        var text =
            "\(Self.pad(c.year, 4))-\(Self.pad(c.month, 2))-\(Self.pad(c.day, 2)) \(Self.pad(c.hour, 2)):\(Self.pad(c.minute, 2)):\(Self.pad(c.second, 2))"
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
        var out: [UInt8] = []
        append(iso8601: us, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends ``iso8601(_:)`` as bytes (the exports' hot path).
    func append(iso8601 us: Int64, to out: inout [UInt8]) {
        let c = civil(us)
        append(date: c, separator: UInt8(ascii: "-"), to: &out)
        out.append(UInt8(ascii: "T"))
        append(time: c, to: &out)
        out.append(UInt8(ascii: "."))
        Self.append(c.microsecond, width: 6, to: &out)
        let offset = offsetSeconds(at: us)
        out.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let minutes = abs(offset) / 60
        Self.append(minutes / 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.append(minutes % 60, width: 2, to: &out)
    }

    /// `2023-03-14` (year first) with `separator`.
    func append(date c: CivilDateTime, separator: UInt8, to out: inout [UInt8]) {
        Self.append(c.year, width: 4, to: &out)
        out.append(separator)
        Self.append(c.month, width: 2, to: &out)
        out.append(separator)
        Self.append(c.day, width: 2, to: &out)
    }

    /// `14:02:00`.
    func append(time c: CivilDateTime, to out: inout [UInt8]) {
        Self.append(c.hour, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.append(c.minute, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.append(c.second, width: 2, to: &out)
    }

    /// `v` in decimal, zero-padded to `width` digits (as ``pad(_:_:)``).
    static func append(_ v: Int, width: Int, to out: inout [UInt8]) {
        var characters = v < 0 ? 2 : 1, rest = v.magnitude / 10
        while rest > 0 { characters += 1; rest /= 10 }
        for _ in characters..<max(width, characters) { out.append(UInt8(ascii: "0")) }
        out.append(decimal: Int64(v))
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
