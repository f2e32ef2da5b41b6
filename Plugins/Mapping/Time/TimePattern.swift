import TesseraSDK

/// A strptime-style pattern compiled once: `%d/%b/%Y:%H:%M:%S %z`, `%m/%d/%Y, %I:%M:%S.%f %p`.
///
/// Directives: `%Y` year, `%y` two-digit year (1969-2068), `%m` month, `%d`/`%e` day (1-2
/// digits), `%H` hour 0-23, `%I` hour 1-12 with `%p` AM/PM, `%M` minute, `%S` second, `%f`
/// fraction (any number of digits, truncated to microseconds), `%b`/`%B` month name, `%a`/`%A`
/// weekday name (checked only for being a name), `%z` offset (`+0000`, `-07:00`, `Z`), `%Z` zone
/// abbreviation (`UTC`, `GMT`, `Z` only), `%T` = `%H:%M:%S`, `%%` a percent sign. A space
/// matches one or more spaces; anything else must match literally.
struct TimePattern: Sendable {
    enum Token: Sendable, Equatable {
        case literal(UInt8)
        case space
        case year4, year2, month, day, hour24, hour12, minute, second, fraction
        case monthName, weekdayName, meridiem, offset, zoneName
    }

    let text: String
    let tokens: [Token]

    init(_ text: String) throws(PatternSyntaxError) {
        self.text = text
        var tokens: [Token] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                guard i + 1 < bytes.count else { throw PatternSyntaxError(reason: "pattern ends with a lone %") }
                let d = bytes[i + 1]
                i += 2
                switch d {
                case UInt8(ascii: "Y"): tokens.append(.year4)
                case UInt8(ascii: "y"): tokens.append(.year2)
                case UInt8(ascii: "m"): tokens.append(.month)
                case UInt8(ascii: "d"), UInt8(ascii: "e"): tokens.append(.day)
                case UInt8(ascii: "H"): tokens.append(.hour24)
                case UInt8(ascii: "I"): tokens.append(.hour12)
                case UInt8(ascii: "M"): tokens.append(.minute)
                case UInt8(ascii: "S"): tokens.append(.second)
                case UInt8(ascii: "f"): tokens.append(.fraction)
                case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "h"): tokens.append(.monthName)
                case UInt8(ascii: "a"), UInt8(ascii: "A"): tokens.append(.weekdayName)
                case UInt8(ascii: "p"): tokens.append(.meridiem)
                case UInt8(ascii: "z"): tokens.append(.offset)
                case UInt8(ascii: "Z"): tokens.append(.zoneName)
                case UInt8(ascii: "T"): tokens += [.hour24, .literal(UInt8(ascii: ":")), .minute, .literal(UInt8(ascii: ":")), .second]
                case UInt8(ascii: "%"): tokens.append(.literal(UInt8(ascii: "%")))
                default: throw PatternSyntaxError(reason: "unsupported directive %\(Character(Unicode.Scalar(d))) in `\(text)`")
                }
            } else if b == 0x20 {
                if tokens.last != .space { tokens.append(.space) }
                i += 1
            } else {
                tokens.append(.literal(b))
                i += 1
            }
        }
        if tokens.contains(.hour12) != tokens.contains(.meridiem) {
            throw PatternSyntaxError(reason: "`%I` (12-hour clock) and `%p` (AM/PM) must be used together in `\(text)`")
        }
        self.tokens = tokens
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses `raw`; nil when it does not match the pattern or names an impossible time.
    func parse(_ raw: String) -> ParsedTimestamp? {
        let s = Array(raw.utf8)
        var i = 0
        var civil = CivilDateTime(year: 1970, month: 1, day: 1)
        var pm: Bool? = nil
        var hour12: Int? = nil
        var offsetSeconds: Int? = nil

        func number(min: Int, max: Int) -> Int? {
            var v = 0, n = 0
            while n < max, i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                v = v * 10 + Int(s[i] - 0x30)
                i += 1
                n += 1
            }
            return n >= min ? v : nil
        }
        func letters() -> String {
            let start = i
            while i < s.count, (s[i] | 0x20) >= UInt8(ascii: "a"), (s[i] | 0x20) <= UInt8(ascii: "z") { i += 1 }
            return String(decoding: s[start..<i], as: UTF8.self)
        }

        for token in tokens {
            switch token {
            case .literal(let b):
                guard i < s.count, s[i] == b else { return nil }
                i += 1
            case .space:
                guard i < s.count, s[i] == 0x20 else { return nil }
                while i < s.count, s[i] == 0x20 { i += 1 }
            case .year4: guard let v = number(min: 4, max: 4) else { return nil }; civil.year = v
            case .year2: guard let v = number(min: 2, max: 2) else { return nil }; civil.year = v < 69 ? 2000 + v : 1900 + v
            case .month: guard let v = number(min: 1, max: 2) else { return nil }; civil.month = v
            case .day: guard let v = number(min: 1, max: 2) else { return nil }; civil.day = v
            case .hour24: guard let v = number(min: 1, max: 2) else { return nil }; civil.hour = v
            case .hour12: guard let v = number(min: 1, max: 2), (1...12).contains(v) else { return nil }; hour12 = v
            case .minute: guard let v = number(min: 2, max: 2) else { return nil }; civil.minute = v
            case .second: guard let v = number(min: 2, max: 2) else { return nil }; civil.second = v
            case .fraction:
                var micro = 0, n = 0
                while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                    if n < 6 { micro = micro * 10 + Int(s[i] - 0x30) }
                    n += 1
                    i += 1
                }
                guard n > 0 else { return nil }
                for _ in n..<max(n, 6) { micro *= 10 }
                civil.microsecond = micro
            case .monthName:
                let name = letters().lowercased()
                guard name.count >= 3, let index = Self.months.firstIndex(of: String(name.prefix(3))) else { return nil }
                civil.month = index + 1
            case .weekdayName:
                guard letters().count >= 3 else { return nil }
            case .meridiem:
                switch letters().uppercased() {
                case "AM": pm = false
                case "PM": pm = true
                default: return nil
                }
            case .offset:
                guard i < s.count else { return nil }
                if s[i] == UInt8(ascii: "Z") { i += 1; offsetSeconds = 0; continue }
                let sign: Int
                if s[i] == UInt8(ascii: "+") { sign = 1 } else if s[i] == UInt8(ascii: "-") { sign = -1 } else { return nil }
                i += 1
                guard let h = number(min: 2, max: 2), h <= 23 else { return nil }
                if i < s.count, s[i] == UInt8(ascii: ":") { i += 1 }
                guard let m = number(min: 2, max: 2), m <= 59 else { return nil }
                offsetSeconds = sign * (h * 3600 + m * 60)
            case .zoneName:
                switch letters().uppercased() {
                case "UTC", "GMT", "Z", "UT": offsetSeconds = 0
                default: return nil
                }
            }
        }
        guard i == s.count else { return nil }
        if let hour12, let pm {
            civil.hour = pm ? (hour12 == 12 ? 12 : hour12 + 12) : (hour12 == 12 ? 0 : hour12)
        }
        guard civil.isValid else { return nil }
        if let offsetSeconds {
            return .utc(civil.microsecondsAsUTC - Int64(offsetSeconds) * 1_000_000)
        }
        return .naive(civil)
    }
}

struct PatternSyntaxError: Error {
    var reason: String
}
