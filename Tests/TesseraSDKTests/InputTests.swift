import Testing

@testable import TesseraSDK

@Suite struct InputTests {
    private func lines(_ bytes: [UInt8], max: Int = LineReader.defaultMaxLineBytes) throws -> [Line] {
        let reader = LineReader(UTF8TextSource(MemoryByteSource(bytes)), maxLineBytes: max)
        var out: [Line] = []
        while let line = try reader.next() { out.append(line) }
        return out
    }

    @Test func linesWithCRLFAndNoFinalNewline() throws {
        let result = try lines(Array("a,b\r\nc\n\nlast".utf8))
        #expect(result.map(\.text) == ["a,b", "c", "", "last"])
        #expect(result.map(\.number) == [1, 2, 3, 4])
        #expect(result.map(\.offset) == [0, 5, 7, 8])
    }

    @Test func overlongLineIsTruncatedAndFlagged() throws {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 3_000_000)
        let result = try lines(Array("first\n".utf8) + long + Array("\nafter".utf8), max: 1000)
        #expect(result.count == 3)
        #expect(result[1].overlongLength == 3_000_000)
        #expect(result[1].bytes.count == 1000)
        #expect(result[1].offset == 6)
        #expect(result[2].text == "after")
        #expect(result[2].number == 3)
    }

    @Test func utf8BOMIsRemoved() throws {
        #expect(try lines([0xEF, 0xBB, 0xBF] + Array("x\ny".utf8)).map(\.text) == ["x", "y"])
    }

    @Test func utf16WithAndWithoutBOMIsTranscoded() throws {
        let text = "Zoë,😀\r\nline two\r\n"
        let littleEndian: [UInt8] = text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let bigEndian: [UInt8] = text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        let le: [UInt8] = [0xFF, 0xFE] + littleEndian
        let be: [UInt8] = [0xFE, 0xFF] + bigEndian
        let bare = littleEndian
        for input in [le, be, bare] {
            #expect(try lines(input).map(\.text) == ["Zoë,😀", "line two"])
        }
    }

    @Test func csvQuotedFieldsSpanLines() throws {
        let text = "RecordId,AuditData\r\n1,\"{\"\"a\"\":\r\n1}\"\r\n\r\n2,plain\r\n3,\"x\"\"y\",\"\"\n"
        let reader = CSVReader(MemoryByteSource(text))
        var records: [CSVRecord] = []
        while let r = try reader.next() { records.append(r) }
        #expect(records.map(\.fields) == [["RecordId", "AuditData"], ["1", "{\"a\":\r\n1}"], ["2", "plain"], ["3", "x\"y", ""]])
        #expect(records.map(\.locator) == ["line 1", "lines 2-3", "line 5", "line 6"])
        #expect(String(decoding: records[1].raw, as: UTF8.self) == "1,\"{\"\"a\"\":\r\n1}\"")
        #expect(records.allSatisfy { $0.error == nil })
    }

    @Test func csvUnterminatedQuoteIsReportedNotLost() throws {
        let reader = CSVReader(MemoryByteSource("a,b\n1,\"never closed\n2,3\n"))
        _ = try reader.next()
        let bad = try #require(try reader.next())
        #expect(bad.error?.contains("opened on line 2") == true)
        #expect(String(decoding: bad.raw, as: UTF8.self) == "1,\"never closed\n2,3\n")
        #expect(try reader.next() == nil)
    }
}

@Suite struct ChunkBoundaryTests {
    /// Lines and CSV records straddling every possible read boundary parse the same.
    @Test func smallChunksGiveTheSameResult() throws {
        let text = "id,note\r\n1,\"multi\r\nline, \"\"quoted\"\"\"\r\n2,plain\n3,\"\"\n" + String(repeating: "x", count: 300) + "\n"
        func csv(_ chunk: Int) throws -> [[String]] {
            let reader = CSVReader(MemoryByteSource(text), chunkBytes: chunk)
            var out: [[String]] = []
            while let r = try reader.next() { out.append(r.fields + [r.locator]) }
            return out
        }
        func lines(_ chunk: Int) throws -> [String] {
            let reader = LineReader(MemoryByteSource(text), maxLineBytes: 100, chunkBytes: chunk)
            var out: [String] = []
            while let l = try reader.next() { out.append("\(l.number):\(l.offset):\(l.text):\(l.overlongLength ?? 0)") }
            return out
        }
        let expectedCSV = try csv(1 << 20)
        let expectedLines = try lines(1 << 20)
        #expect(expectedCSV.count == 5)
        #expect(expectedLines.last == "6:\(text.utf8.count - 301):\(String(repeating: "x", count: 100)):300")
        for chunk in [1, 2, 3, 7, 16, 17, 64] {
            #expect(try csv(chunk) == expectedCSV, "CSV differs with \(chunk)-byte reads")
            #expect(try lines(chunk) == expectedLines, "lines differ with \(chunk)-byte reads")
        }
    }
}
