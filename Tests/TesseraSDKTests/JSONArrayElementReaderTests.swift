import TesseraSDK
import Testing

/// Streaming a top-level JSON array element by element.
@Suite struct JSONArrayElementReaderTests {
    private func elements(_ text: String, max: Int = 1 << 20) throws -> ([JSONArrayElementReader.Element], Bool) {
        let reader = JSONArrayElementReader(MemoryByteSource(text), maxElementBytes: max)
        var out: [JSONArrayElementReader.Element] = []
        while let element = try reader.next() { out.append(element) }
        return (out, reader.endedWithoutClosingBracket)
    }

    @Test func bracketsAndQuotesInsideStringsDoNotEndAnElement() throws {
        let (result, truncated) = try elements(#"[ {"a":"x]},\"{[","b":[1,[2]]} ,{"c":"\\"}, 7 ,"s"]"#)
        #expect(result.map { String(decoding: $0.bytes, as: UTF8.self) } == [#"{"a":"x]},\"{[","b":[1,[2]]}"#, #"{"c":"\\"}"#, "7", #""s""#])
        #expect(result.allSatisfy { $0.error == nil })
        #expect(!truncated)
    }

    @Test func emptyArrayAndLineNumbers() throws {
        #expect(try elements(" [ ] ").0.isEmpty)
        let (result, _) = try elements("[\n{\"a\":1},\n{\n\"b\":2\n}\n]")
        #expect(result.map(\.locator) == ["element 1 (line 2)", "element 2 (lines 3-5)"])
    }

    @Test func overlongElementIsFlaggedAndReadingContinues() throws {
        let (result, _) = try elements("[{\"a\":\"" + String(repeating: "x", count: 100) + "\"},{\"b\":1}]", max: 20)
        #expect(result.count == 2)
        #expect(result[0].error?.contains("longer than 20 bytes") == true)
        #expect(result[0].bytes.count == 20)
        #expect(result[1].error == nil)
    }

    @Test func notAnArrayIsAnError() {
        #expect(throws: EvidenceError.self) { try elements("{\"a\":1}") }
    }
}
