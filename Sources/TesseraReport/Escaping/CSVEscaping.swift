import TesseraSDK

/// CSV cells (RFC 4180) that a spreadsheet opens as data, never as a formula. Works on UTF-8
/// bytes; every CSV writer (exports, `tessera query --format csv`) goes through ``append(text:to:)``.
public enum CSVEscaping {
    /// Bytes that make Excel, LibreOffice or Google Sheets evaluate a cell when they start it:
    /// `=`, `+`, `-`, `@`, tab and CR (all ASCII, so the first byte is the first character).
    @inlinable
    static func isFormulaStart(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
    }

    /// Whether a spreadsheet would treat text starting like `text` as a formula.
    public static func startsLikeFormula(_ text: String) -> Bool {
        text.utf8.first.map(isFormulaStart) ?? false
    }

    /// Appends the UTF-8 text `text` as a cell: prefixed with `'` when it starts like a formula,
    /// then quoted when it holds a comma, quote or line break (quotes doubled). Invalid UTF-8 is
    /// repaired with U+FFFD.
    public static func append(text: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        UTF8Validation.withValid(text) { text in
            let neutralize = text.first.map(isFormulaStart) ?? false
            // Comma, quote, LF, CR: all below 64, so one mask tells them.
            let special: UInt64 = 1 << 0x2C | 1 << 0x22 | 1 << 0x0A | 1 << 0x0D
            var quote = false
            for byte in text where byte < 64 && special & (1 << UInt64(byte)) != 0 { quote = true; break }
            guard quote else {
                if neutralize { out.append(UInt8(ascii: "'")) }
                out.append(raw: text)
                return
            }
            out.append(UInt8(ascii: "\""))
            if neutralize { out.append(UInt8(ascii: "'")) }
            var runStart = 0
            for i in 0..<text.count where text[i] == 0x22 {
                out.append(raw: UnsafeRawBufferPointer(rebasing: text[runStart...i])) // the quote once here...
                runStart = i // ...and again with the next run
            }
            out.append(raw: UnsafeRawBufferPointer(rebasing: text[runStart...]))
            out.append(UInt8(ascii: "\""))
        }
    }

    /// A text cell as a `String` (see ``append(text:to:)``).
    public static func cell(_ text: String) -> String {
        var text = text
        var out: [UInt8] = []
        text.withUTF8 { append(text: UnsafeRawBufferPointer($0), to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
