import Testing

@testable import TesseraSDK

/// The span-copying `CSVReader` must read every input exactly as the byte-at-a-time reference
/// reader (the SDK's reader before it, kept in the tests as the specification) does: same fields,
/// lines, raw bytes and errors, for any delimiter and quote. Checked on hand-picked edge cases,
/// over-long records, chunk boundaries and many deterministic pseudo-random inputs.
@Suite struct CSVReaderDifferentialTests {
    struct Dialect: CustomStringConvertible {
        var delimiter: UInt8
        var quote: UInt8
        var description: String { "delimiter \(delimiter) quote \(quote)" }
        static let comma = Dialect(delimiter: UInt8(ascii: ","), quote: UInt8(ascii: "\""))
        static let all = [comma, Dialect(delimiter: 0x09, quote: UInt8(ascii: "'")), Dialect(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "\""))]
    }

    private func reference(_ bytes: [UInt8], max: Int, _ d: Dialect = .comma, chunk: Int = 1 << 20) throws -> [ReferenceCSVRecord] {
        let reader = ReferenceCSVReader(MemoryByteSource(bytes), delimiter: d.delimiter, quote: d.quote, maxRecordBytes: max, chunkBytes: chunk)
        var out: [ReferenceCSVRecord] = []
        while let r = try reader.next() { out.append(r) }
        return out
    }

    private func sdk(_ bytes: [UInt8], max: Int, _ d: Dialect = .comma, chunk: Int = 1 << 20) throws -> [ReferenceCSVRecord] {
        let reader = CSVReader(MemoryByteSource(bytes), delimiter: d.delimiter, quote: d.quote, maxRecordBytes: max, chunkBytes: chunk)
        var out: [ReferenceCSVRecord] = []
        while let r = try reader.next() {
            // Every field read one at a time (text and bytes) agrees with the whole list.
            let fields = r.fields
            #expect(fields.count == r.fieldCount)
            for i in fields.indices { #expect(Array(fields[i].utf8) == Array(String(decoding: r.fieldBytes(i), as: UTF8.self).utf8)) }
            out.append(ReferenceCSVRecord(fields: fields, firstLine: r.firstLine, lastLine: r.lastLine, raw: r.raw, error: r.error))
        }
        return out
    }

    static let edgeCases = [
        "a,b,c\nd,e,f\n", "a,b\r\nc,d\r\n", "\n\r\n\na,b\n\n", "\"x\"\"y\",\"multi\nline\r\nfield\",z\n", "no final newline",
        "\"unterminated,\nstill", "a\"b,c\n", "\"ab\"cd,e\n", "\"ab\"\r\"cd\",e\r\n", "\"a\"\r\r\n", "a,\r\n", ",,\n", "\"\",\"\"\n",
        "x\r\ry\r\n", "\"q\"\"\"\n", "a,b\r", "\r", "\"a\"b\"c\"\n", "é,ü\n\"日本\",x\n", "\"\"\"\"\n",
        "a\tb\t'c\td'\n'x''y'\t\"q\"\n", "a;b;\"c;d\"\r\n",
    ]

    @Test(arguments: edgeCases)
    func edgeCasesMatchTheReference(_ text: String) throws {
        let bytes = Array(text.utf8)
        for dialect in Dialect.all {
            #expect(try sdk(bytes, max: 1 << 20, dialect) == reference(bytes, max: 1 << 20, dialect), "\(dialect)")
            #expect(try sdk(bytes, max: 1 << 20, dialect, chunk: 3) == reference(bytes, max: 1 << 20, dialect), "\(dialect), 3-byte reads")
        }
    }

    @Test func overlongRecordsMatchTheReference() throws {
        let inputs = [
            "short\n0123456789012345678901234567890\nafter\n", "\"quoted 0123456789\n01234567890123456789\",x\nnext\n",
            "abcdefghijklmnopqrstuvwxyz", "\"open quote that never closes 0123456789\nnext line\nlast\n",
        ]
        for text in inputs {
            let bytes = Array(text.utf8)
            for max in [5, 10, 16, 21, 40] {
                #expect(try sdk(bytes, max: max) == reference(bytes, max: max), "max \(max): \(text.debugDescription)")
            }
        }
    }

    @Test func randomInputsMatchTheReference() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return Int(state >> 33) }
        for (dialect, alphabet) in [(Dialect.comma, Array("ab,\"\r\n\n é".utf8)), (Dialect.all[1], Array("ab\t'\"\r\n\n ,".utf8))] {
            for round in 0..<3_000 {
                let length = next() % 60
                let bytes = (0..<length).map { _ in alphabet[next() % alphabet.count] }
                let max = [8, 16, 1 << 20][round % 3]
                let chunk = [1 << 20, 5, 1][round % 3]
                let expected = try reference(bytes, max: max, dialect)
                let actual = try sdk(bytes, max: max, dialect, chunk: chunk)
                #expect(actual == expected, "input \(String(decoding: bytes, as: UTF8.self).debugDescription) max \(max) \(dialect)")
                if actual != expected { return }
            }
        }
    }

    /// Records that straddle the 1 MiB read chunk are framed the same.
    @Test func recordsAcrossChunkBoundariesMatchTheReference() throws {
        var text = ""
        var i = 0
        while text.utf8.count < (1 << 20) + 50_000 {
            text += "r\(i),\"field with \"\"quotes\"\" and\r\nline breaks \(i)\",\(String(repeating: "x", count: i % 300))\r\n"
            i += 1
        }
        let bytes = Array(text.utf8)
        #expect(try sdk(bytes, max: 1 << 20) == reference(bytes, max: 1 << 20))
    }

    @Test func lineBreaksCannotBeDelimitersOrQuotes() {
        #expect(CSVReader.isLineBreak(0x0A) && CSVReader.isLineBreak(0x0D) && !CSVReader.isLineBreak(UInt8(ascii: ",")))
    }
}
