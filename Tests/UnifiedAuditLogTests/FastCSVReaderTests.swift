import Testing
import TesseraSDK
@testable import UnifiedAuditLogPlugin

/// The plugin's span-copying CSV reader must read every input exactly as the SDK's reader does:
/// same fields, lines, raw bytes and errors. Checked on hand-picked edge cases and on many
/// deterministic pseudo-random inputs built from the characters that matter.
@Suite struct FastCSVReaderTests {
    struct Read: Equatable {
        var fields: [String]
        var firstLine: Int
        var lastLine: Int
        var raw: [UInt8]
        var error: String?
    }

    private func sdk(_ bytes: [UInt8], max: Int) throws -> [Read] {
        let reader = CSVReader(MemoryByteSource(bytes), maxRecordBytes: max)
        var out: [Read] = []
        while let r = try reader.next() { out.append(Read(fields: r.fields, firstLine: r.firstLine, lastLine: r.lastLine, raw: r.raw, error: r.error)) }
        return out
    }

    private func fast(_ bytes: [UInt8], max: Int) throws -> [Read] {
        let reader = FastCSVReader(MemoryByteSource(bytes), maxRecordBytes: max)
        var out: [Read] = []
        while let r = try reader.next() { out.append(Read(fields: r.fields, firstLine: r.firstLine, lastLine: r.lastLine, raw: r.raw, error: r.error)) }
        return out
    }

    @Test(arguments: [
        "a,b,c\nd,e,f\n", "a,b\r\nc,d\r\n", "\n\r\n\na,b\n\n", "\"x\"\"y\",\"multi\nline\r\nfield\",z\n", "no final newline",
        "\"unterminated,\nstill", "a\"b,c\n", "\"ab\"cd,e\n", "\"ab\"\r\"cd\",e\r\n", "\"a\"\r\r\n", "a,\r\n", ",,\n", "\"\",\"\"\n",
        "x\r\ry\r\n", "\"q\"\"\"\n", "a,b\r", "\r", "\"a\"b\"c\"\n", "é,ü\n\"日本\",x\n", "\"\"\"\"\n",
    ])
    func edgeCasesMatchTheSDK(_ text: String) throws {
        let bytes = Array(text.utf8)
        #expect(try fast(bytes, max: 1 << 20) == sdk(bytes, max: 1 << 20))
    }

    @Test func overlongRecordsMatchTheSDK() throws {
        let inputs = ["short\n0123456789012345678901234567890\nafter\n", "\"quoted 0123456789\n01234567890123456789\",x\nnext\n",
                      "abcdefghijklmnopqrstuvwxyz", "\"open quote that never closes 0123456789\nnext line\nlast\n"]
        for text in inputs {
            let bytes = Array(text.utf8)
            for max in [5, 10, 16, 21, 40] {
                #expect(try fast(bytes, max: max) == sdk(bytes, max: max), "max \(max): \(text.debugDescription)")
            }
        }
    }

    @Test func randomInputsMatchTheSDK() throws {
        let alphabet: [UInt8] = Array("ab,\"\r\n\n é".utf8)
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        for round in 0..<3_000 {
            let length = next() % 60
            let bytes = (0..<length).map { _ in alphabet[next() % alphabet.count] }
            let max = [8, 16, 1 << 20][round % 3]
            let expected = try sdk(bytes, max: max)
            let actual = try fast(bytes, max: max)
            #expect(actual == expected, "input \(String(decoding: bytes, as: UTF8.self).debugDescription) max \(max)")
            if actual != expected { return }
        }
    }

    /// Records that straddle the 1 MiB read chunk are framed the same.
    @Test func recordsAcrossChunkBoundariesMatchTheSDK() throws {
        var text = ""
        var i = 0
        while text.utf8.count < (1 << 20) + 50_000 {
            text += "r\(i),\"field with \"\"quotes\"\" and\r\nline breaks \(i)\",\(String(repeating: "x", count: i % 300))\r\n"
            i += 1
        }
        let bytes = Array(text.utf8)
        #expect(try fast(bytes, max: 1 << 20) == sdk(bytes, max: 1 << 20))
    }
}
