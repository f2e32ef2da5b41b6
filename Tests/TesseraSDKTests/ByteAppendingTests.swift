import TesseraSDK
import Testing

/// The byte-level building blocks every writer shares: decimal digits, UTF-8 validity and
/// repair, JSON strings from bytes.
@Suite struct ByteAppendingTests {
    @Test func decimalsMatchStringDescribing() {
        var values: [Int64] = [0, 1, 9, 10, -1, -9, -10, 99, 100, 1_672_531_200_000_000, .max, .min, .max - 1, .min + 1]
        var generator = XorShift(seed: 19)
        for _ in 0..<1_000 { values.append(Int64(bitPattern: generator.next()) >> (generator.next() % 64)) }
        for value in values {
            var out: [UInt8] = [UInt8(ascii: "x")]
            out.append(decimal: value)
            #expect(out == Array(("x" + String(value)).utf8))
        }
    }

    @Test func validityAndRepairMatchTheStandardLibrary() {
        // Hand-picked edges of UTF-8's table 3-7, then random mixtures of them.
        let pieces: [[UInt8]] = [
            Array("plain ascii text, long enough for the eight-byte path".utf8), Array("ünï 名前 🙂".utf8),
            [0xC0, 0xAF], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF],
            [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xE2, 0x80], [0xF0, 0x9F, 0x99], [0x41],
        ]
        var generator = XorShift(seed: 7)
        var cases = pieces
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 6) { bytes += pieces[Int(generator.next() % UInt64(pieces.count))] }
            cases.append(bytes)
        }
        for bytes in cases {
            bytes.withUnsafeBytes { raw in
                #expect(UTF8Validation.isValid(raw) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
                let repaired = UTF8Validation.withValid(raw) { Array($0) }
                #expect(repaired == Array(String(decoding: bytes, as: UTF8.self).utf8), "\(bytes)")
            }
        }
    }

    /// The writer tests eight bytes at once for anything to escape; every byte that needs it, at
    /// every position of a word and next to multi-byte characters, is escaped as one at a time.
    @Test func jsonEscapingMatchesAByteAtATimeReference() {
        func reference(_ text: String) -> [UInt8] {
            var out: [UInt8] = [0x22]
            for byte in text.utf8 {
                switch byte {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, UInt8(ascii: "n")]
                case 0x0D: out += [0x5C, UInt8(ascii: "r")]
                case 0x09: out += [0x5C, UInt8(ascii: "t")]
                case ..<0x20, 0x7F: out += Array(String(format: "\\u%04x", byte).utf8)
                default: out.append(byte)
                }
            }
            return out + [0x22]
        }
        let pieces = ["a", "plain text ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{20}", "\u{7F}", "é", "名", "🙂", "!", "~", "\u{80}"]
        var generator = XorShift(seed: 7)
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int(generator.next() % 40) { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
            var out: [UInt8] = []
            JSONWriter.writeString(text, to: &out)
            #expect(out == reference(text), "\(text.debugDescription)")
        }
    }

    @Test func jsonStringsFromBytesEqualThoseFromStrings() {
        for text in ["", "plain", "quote \" backslash \\ tab \t nl \n cr \r bell \u{7} del \u{7F}", "ünï 名前 🙂 \u{2028}"] {
            var fromString: [UInt8] = []
            JSONWriter.writeString(text, to: &fromString)
            var fromBytes: [UInt8] = []
            var copy = text
            copy.withUTF8 { JSONWriter.writeString(utf8: UnsafeRawBufferPointer($0), to: &fromBytes) }
            #expect(fromBytes == fromString)
        }
        var out: [UInt8] = []
        JSONWriter.writeString("a\"b\\c\nd\u{1}\u{7F}", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""a\"b\\c\nd\u0001\u007f""#)
    }
}

/// A deterministic generator (xorshift64), so the mixtures are the same on every run.
struct XorShift {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
}
