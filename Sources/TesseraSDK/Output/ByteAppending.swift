/// Byte-level building blocks shared by every writer (exports, `tessera query`, reports):
/// text is appended as UTF-8 bytes, never handled `Character` by `Character`.
extension Array where Element == UInt8 {
    /// Appends `bytes` with one copy.
    @inlinable
    public mutating func append(raw bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
    }

    /// Appends a literal.
    @inlinable
    public mutating func append(ascii text: StaticString) {
        append(raw: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends the UTF-8 of `text`.
    @inlinable
    public mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends `value` in decimal (the same digits as `String(value)`), without a `String`.
    public mutating func append(decimal value: Int64) {
        if value >= 0 && value < 10 {
            append(UInt8(ascii: "0") &+ UInt8(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var start = 20
            while magnitude > 0 {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
                magnitude /= 10
            }
            if value < 0 { append(UInt8(ascii: "-")) }
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }
}

/// UTF-8 validity, checked on bytes. Evidence is stored verbatim and may hold invalid UTF-8;
/// writers repair it exactly as `String(decoding:as:)` does (U+FFFD per ill-formed sequence),
/// so byte-level output matches what a `String` round trip would give.
public enum UTF8Validation {
    /// Whether `bytes` is well-formed UTF-8 (Unicode 15, table 3-7: no overlong forms, no
    /// surrogates, nothing above U+10FFFF).
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return true }
        var i = 0
        while i < count {
            // Eight ASCII bytes at a time: most evidence text is ASCII.
            while i + 8 <= count, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < count else { break }
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
                i + k < count && bytes[i + k] >= low && bytes[i + k] <= high
            }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(1) else { return false }
                i += 2
            case 0xE0:
                guard continuation(1, 0xA0), continuation(2) else { return false }
                i += 3
            case 0xE1...0xEC, 0xEE...0xEF:
                guard continuation(1), continuation(2) else { return false }
                i += 3
            case 0xED:
                guard continuation(1, 0x80, 0x9F), continuation(2) else { return false }
                i += 3
            case 0xF0:
                guard continuation(1, 0x90), continuation(2), continuation(3) else { return false }
                i += 4
            case 0xF1...0xF3:
                guard continuation(1), continuation(2), continuation(3) else { return false }
                i += 4
            case 0xF4:
                guard continuation(1, 0x80, 0x8F), continuation(2), continuation(3) else { return false }
                i += 4
            default:
                return false
            }
        }
        return true
    }

    /// Calls `body` with `bytes` when they are valid UTF-8, otherwise with their repaired copy.
    @inlinable
    public static func withValid<R>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if isValid(bytes) { return try body(bytes) }
        var repaired = String(decoding: bytes, as: UTF8.self)
        return try repaired.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
