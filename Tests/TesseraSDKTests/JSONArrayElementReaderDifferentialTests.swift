import Testing

@testable import TesseraSDK

/// The buffer-scanning `JSONArrayElementReader` must frame every input exactly as the
/// byte-at-a-time reader before it (kept below as the specification): same elements, bytes, line
/// spans, errors and truncation flag, whatever the read sizes of the source. Checked on hand-picked
/// edge cases and on many deterministic pseudo-random byte soups of JSON's structural characters.
@Suite struct JSONArrayElementReaderDifferentialTests {
    struct Framed: Equatable, CustomStringConvertible {
        var index, firstLine, lastLine: Int
        var bytes: [UInt8]
        var error: String?
        var description: String { "#\(index) \(firstLine)-\(lastLine) \(String(decoding: bytes, as: UTF8.self)) \(error ?? "")" }
    }

    struct Outcome: Equatable {
        var elements: [Framed] = []
        var truncated = false
        var failed = false
    }

    private func sdk(_ bytes: [UInt8], max: Int, reads: [Int]) -> Outcome {
        let reader = JSONArrayElementReader(ChunkedByteSource(bytes, reads: reads), maxElementBytes: max)
        var outcome = Outcome()
        do {
            while let e = try reader.next() {
                outcome.elements.append(Framed(index: e.index, firstLine: e.firstLine, lastLine: e.lastLine, bytes: e.bytes, error: e.error))
            }
        } catch { outcome.failed = true }
        outcome.truncated = reader.endedWithoutClosingBracket
        return outcome
    }

    static let edgeCases = [
        #"[ {"a":"x]},\"{[","b":[1,[2]]} ,{"c":"\\"}, 7 ,"s"]"#, "[]", " [ ] ", "[\n{\"a\":1},\n{\n\"b\":2\n}\n]",
        "[1,2,3]", "[ 1 , 2\n, 3 ]", "[{}]", "[[],[[]]]", "[ } ]", "[1 }]", "[{\"a\":1}", "[{\"a\":\"unterminated", "[\"a\\\"]\"]",
        "[,,{\"a\":1},,]", "[{]", "[{\"k\":\"v\"}\n,\n{\"k\":\"é日本\"}]", "[ \"s\" \n]", "[true,false,null]", "[", "[\n\n", "{}",
        "x", "", "[{\"a\":[1,2,{\"b\":\"]}\"}]}, {\"c\":\"\\\\\"}]",
    ]

    @Test(arguments: edgeCases)
    func edgeCasesMatchTheReference(_ text: String) {
        let bytes = Array(text.utf8)
        for max in [1 << 20, 4] {
            var reference = ReferenceJSONArrayReader(bytes, max: max)
            let expected = reference.all()
            #expect(sdk(bytes, max: max, reads: [1 << 20]) == expected, "max \(max)")
            #expect(sdk(bytes, max: max, reads: [1]) == expected, "max \(max), 1-byte reads")
            #expect(sdk(bytes, max: max, reads: [3, 1, 2]) == expected, "max \(max), 3/1/2-byte reads")
        }
    }

    @Test func pseudoRandomInputsMatchTheReference() {
        let alphabet = Array(#"{}[]",\:a1 "#.utf8) + [0x0A, 0x0A, UInt8(ascii: "\""), UInt8(ascii: "\\")]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for round in 0..<3_000 {
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            for _ in 0..<next(60) { bytes.append(alphabet[next(alphabet.count)]) }
            if next(2) == 0 { bytes.append(UInt8(ascii: "]")) }
            let max = [1 << 20, 1 + next(8)][next(2)]
            let reads = (0..<4).map { _ in 1 + next(9) }
            var reference = ReferenceJSONArrayReader(bytes, max: max)
            let expected = reference.all()
            let actual = sdk(bytes, max: max, reads: reads)
            #expect(actual == expected, "round \(round): \(String(decoding: bytes, as: UTF8.self)) max \(max) reads \(reads)")
            if actual != expected { return }
        }
    }
}

/// Returns the input in reads of the given sizes, in turn (buffer boundaries anywhere).
private final class ChunkedByteSource: ByteSource {
    private let bytes: [UInt8]
    private let reads: [Int]
    private var position = 0
    private var turn = 0

    init(_ bytes: [UInt8], reads: [Int]) { (self.bytes, self.reads) = (bytes, reads) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, reads[turn % reads.count], bytes.count - position)
        turn += 1
        guard count > 0 else { return 0 }
        for i in 0..<count { buffer[i] = bytes[position + i] }
        position += count
        return count
    }
}

/// The reader's framing before the buffer scan, byte at a time (the specification; bare arrays only).
private struct ReferenceJSONArrayReader {
    let input: [UInt8]
    let max: Int
    var position = 0
    var line = 1

    init(_ input: [UInt8], max: Int) { (self.input, self.max) = (input, max) }

    mutating func nextByte() -> UInt8? {
        guard position < input.count else { return nil }
        let byte = input[position]
        position += 1
        if byte == 0x0A { line += 1 }
        return byte
    }

    mutating func skip(commas: Bool) -> UInt8? {
        while let byte = nextByte() {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case UInt8(ascii: ",") where commas: continue
            default: return byte
            }
        }
        return nil
    }

    mutating func all() -> JSONArrayElementReaderDifferentialTests.Outcome {
        var outcome = JSONArrayElementReaderDifferentialTests.Outcome()
        guard skip(commas: false) == UInt8(ascii: "[") else {
            outcome.failed = true
            return outcome
        }
        var count = 0
        while true {
            guard var byte = skip(commas: true) else {
                outcome.truncated = true
                return outcome
            }
            if byte == UInt8(ascii: "]") { return outcome }
            count += 1
            let firstLine = line
            var bytes: [UInt8] = []
            var overlong = false, finished = false
            var depth = 0
            var inString = false, escaped = false
            while true {
                let appended = !overlong
                if appended {
                    bytes.append(byte)
                    if bytes.count > max { overlong = true }
                }
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                } else {
                    switch byte {
                    case UInt8(ascii: "\""): inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                    default: break
                    }
                    if depth <= 0 {
                        // A `}` closing nothing closes the array and is not the element's. (The old
                        // reader counted it towards the limit: an element of exactly `max` bytes
                        // before it was called over-long. Fixed with the buffer scan.)
                        if depth < 0 {
                            if appended { bytes.removeLast() }
                            overlong = bytes.count > max
                            finished = true
                            break
                        }
                        if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { break }
                    }
                }
                guard let following = nextByte() else {
                    outcome.elements.append(
                        .init(index: count, firstLine: firstLine, lastLine: line, bytes: bytes, error: "the file ends inside this element (truncated export?)"))
                    outcome.truncated = true
                    return outcome
                }
                if !inString, depth == 0, following == UInt8(ascii: ",") { break }
                if !inString, depth == 0, following == UInt8(ascii: "]") { finished = true; break }
                byte = following
            }
            while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { bytes.removeLast() }
            let error = overlong ? "element longer than \(max) bytes; skipped" : nil
            outcome.elements.append(.init(index: count, firstLine: firstLine, lastLine: line, bytes: overlong ? Array(bytes.prefix(max)) : bytes, error: error))
            if finished { return outcome }
        }
    }
}
