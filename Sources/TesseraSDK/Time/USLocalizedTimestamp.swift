extension Timestamp {
    /// Parses the US-localized form exports use: `9/20/2023 4:05:03 AM`, `09/20/2023 16:05:03`,
    /// `9/20/2023 4:05 PM`, a date alone, optionally fractional seconds (beyond microseconds
    /// truncated), and the Log Analytics portal's `4/28/2021, 2:31:30.021 PM` (a comma after the
    /// date). Parts are separated by spaces; AM/PM in any case. Always naive.
    ///
    /// Read as UTF-8 bytes in one pass: Log Analytics exports and Purview CSVs carry one per row.
    public static func parseUSLocalized(_ text: some StringProtocol) throws(TimestampError) -> CivilDateTime {
        var raw = String(text)
        let parsed = raw.withUTF8 { bytes in
            var cursor = USLocalizedCursor(bytes)
            return cursor.parse()
        }
        switch parsed {
        case .success(let civil): return civil
        case .failure(.impossible): throw .impossible(raw)
        case .failure: throw .unparseable(raw)
        }
    }
}

/// The one-pass reader behind ``Timestamp/parseUSLocalized(_:)``.
private struct USLocalizedCursor {
    enum Failure: Error { case unparseable, impossible }

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func parse() -> Result<CivilDateTime, Failure> {
        skipSpaces()
        guard let month = number(), take(UInt8(ascii: "/")), let day = number(), take(UInt8(ascii: "/")) else { return .failure(.unparseable) }
        let yearStart = i
        guard let year = number(), i - yearStart == 4 else { return .failure(.unparseable) }
        _ = take(UInt8(ascii: ","))
        var civil = CivilDateTime(year: year, month: month, day: day)
        if skipSpaces() > 0, i < bytes.count {
            guard var hour = number(), take(UInt8(ascii: ":")), let minute = number() else { return .failure(.unparseable) }
            if take(UInt8(ascii: ":")) {
                guard let second = number() else { return .failure(.unparseable) }
                civil.second = second
                if take(UInt8(ascii: ".")) {
                    let fractionStart = i
                    var micro = 0
                    while i < bytes.count, let digit = digit(bytes[i]) {
                        if i - fractionStart < 6 { micro = micro * 10 + digit }
                        i += 1
                    }
                    let count = i - fractionStart
                    guard count > 0 else { return .failure(.unparseable) }
                    for _ in count..<max(count, 6) { micro *= 10 }
                    civil.microsecond = micro
                }
            }
            if skipSpaces() > 0, i < bytes.count {
                guard i + 2 <= bytes.count, bytes[i + 1] | 0x20 == UInt8(ascii: "m") else { return .failure(.unparseable) }
                let meridiem = bytes[i] | 0x20
                guard meridiem == UInt8(ascii: "a") || meridiem == UInt8(ascii: "p") else { return .failure(.unparseable) }
                i += 2
                skipSpaces()
                guard i == bytes.count else { return .failure(.unparseable) }
                guard (1...12).contains(hour) else { return .failure(.impossible) }
                if meridiem == UInt8(ascii: "a") { if hour == 12 { hour = 0 } } else if hour != 12 { hour += 12 }
            }
            civil.hour = hour
            civil.minute = minute
        }
        guard i == bytes.count else { return .failure(.unparseable) }
        return civil.isValid ? .success(civil) : .failure(.impossible)
    }

    /// One to nine ASCII digits.
    private mutating func number() -> Int? {
        let start = i
        var value = 0
        while i < bytes.count, i - start < 9, let digit = digit(bytes[i]) {
            value = value * 10 + digit
            i += 1
        }
        return i > start ? value : nil
    }

    private func digit(_ byte: UInt8) -> Int? { byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    @discardableResult private mutating func skipSpaces() -> Int {
        let start = i
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        return i - start
    }
}
