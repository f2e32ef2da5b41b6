import Foundation
import TesseraSDK
import Testing

@testable import TesseraReport

/// The byte-level encoders against the `String` implementations they replaced (kept here as
/// oracles): every hostile value, each with every other, must encode to the same bytes.
@Suite struct ByteEscapingTests {
    /// Hostile values and the edges of the neutralization rules.
    static let corpus: [String] =
        HostileCorpus.values + [
            "", "-", "'", "\"", ",", "\r\n", "=", "a\u{0}b", "\u{80}\u{85}\u{9F}\u{A0}", "\u{61C}x\u{200E}\u{200F}\u{202A}\u{202D}",
            "\u{2066}\u{2067}\u{2068}\u{2069}\u{2065}\u{206A}\u{2027}\u{202F}", "名前 ünï 🙂", "e\u{301}", "~`*_[]|<>&\\",
            String(repeating: "x", count: 300) + "\u{202E}",
        ]

    static var pairs: [String] { corpus.flatMap { a in corpus.prefix(12).map { a + $0 } } }

    @Test func csvCellsEqualTheStringImplementation() {
        for text in Self.pairs { #expect(CSVEscaping.cell(text) == Oracle.csvCell(text), "\(text.debugDescription)") }
    }

    @Test func neutralizedAndMarkdownEqualTheStringImplementation() {
        for text in Self.pairs {
            #expect(EvidenceText.neutralized(text) == Oracle.neutralized(text), "\(text.debugDescription)")
            #expect(MarkdownEscaping.cell(text) == Oracle.markdownCell(text), "\(text.debugDescription)")
        }
    }

    @Test func invalidUTF8IsRepairedAsAStringWouldBe() {
        let bytes: [UInt8] = [0x3D, 0x22, 0xC0, 0xAF, 0x0A, 0xE2, 0x80, 0xAE, 0xFF]
        let asString = String(decoding: bytes, as: UTF8.self)
        bytes.withUnsafeBytes { raw in
            var csv: [UInt8] = [], markdown: [UInt8] = [], neutral: [UInt8] = []
            CSVEscaping.append(text: raw, to: &csv)
            MarkdownEscaping.append(cell: raw, to: &markdown)
            EvidenceText.append(neutralized: raw, to: &neutral)
            #expect(String(decoding: csv, as: UTF8.self) == Oracle.csvCell(asString))
            #expect(String(decoding: markdown, as: UTF8.self) == Oracle.markdownCell(asString))
            #expect(String(decoding: neutral, as: UTF8.self) == Oracle.neutralized(asString))
        }
    }

    @Test func isoTimesEqualTheFormattedOnes() throws {
        let newYork = try DisplayZone(named: "America/New_York")
        for us: Int64 in [0, 1, -1, 1_672_531_200_000_000, 1_678_604_400_123_456, -62_135_596_800_000_000, 253_402_300_799_999_999] {
            #expect(DisplayZone.utc.iso8601(us) == Oracle.iso8601(DisplayZone.utc, us))
            #expect(newYork.iso8601(us) == Oracle.iso8601(newYork, us))
        }
    }

    @Test func everyExportedColumnIsDefinedOnce() {
        for list in [ExportColumns.events, ExportColumns.timesketch] {
            #expect(ExportFields.defines(list))
        }
        let names = ExportFields.definitions.map(\.name)
        #expect(Set(names).count == names.count, "a field is defined twice")
        #expect(ExportFields.select.hasPrefix("SELECT e.event_id, e.ts_us, "))
    }
}

/// The `String` implementations the byte encoders replaced, verbatim.
enum Oracle {
    static func csvCell(_ text: String) -> String {
        var cell = text
        if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { cell = "'" + cell }
        if cell.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }

    static func neutralized(_ text: String) -> String {
        func needsWork(_ scalar: Unicode.Scalar) -> Bool {
            let v = scalar.value
            return v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) || v == 0x2028 || v == 0x2029
                || EvidenceText.isBidiControl(scalar)
        }
        guard text.unicodeScalars.contains(where: needsWork) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !needsWork(scalar) {
                out.append(scalar)
            } else if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar.value == 0x2028 || scalar.value == 0x2029 {
                out.append(" ")
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: ("[U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]").unicodeScalars)
            }
        }
        return String(out)
    }

    static func markdownCell(_ text: String) -> String {
        var out = ""
        for ch in neutralized(text).unicodeScalars {
            switch ch {
            case "|", "\\", "`", "*", "_", "[", "]", "~": out += "\\"; out.unicodeScalars.append(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func iso8601(_ zone: DisplayZone, _ us: Int64) -> String {
        let c = zone.civil(us)
        let offset = zone.offsetSeconds(at: us)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        let pad = DisplayZone.pad
        return
            "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.microsecond, 6))\(sign)\(pad(minutes / 60, 2)):\(pad(minutes % 60, 2))"
    }
}
