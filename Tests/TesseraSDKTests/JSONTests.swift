import Testing

@testable import TesseraSDK

@Suite struct JSONTests {
    @Test func parsesAndKeepsOrderAndNumberText() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":[true,null,-1.5e3],"s":"x\"\u00e9\ud83d\ude00","big":18446744073709551615}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["z", "a", "s", "big"])
        #expect(object["big"] == .number("18446744073709551615"))
        #expect(object["s"] == .string("x\"é😀"))
        #expect(JSONWriter.string(value) == #"{"z":1,"a":[true,null,-1.5e3],"s":"x\"é😀","big":18446744073709551615}"#)
    }

    @Test func rejectsMalformedAndTooDeep() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"a":1"#) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"a":1} trailing"#) }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func writerEscapesControlCharacters() {
        #expect(JSONWriter.string(.string("a\nb\u{01}\"")) == #""a\nb\u0001\"""#)
    }

    @Test func caseInsensitiveLookup() throws {
        let object = try #require(try JSONParser.parse(#"{"ClientIp":"1.2.3.4"}"#).objectValue)
        #expect(object.string("ClientIP") == "1.2.3.4")
    }
}
