import Foundation
import Testing

/// `tessera query` output formats, byte for byte, and the table's bounded memory behaviour.
@Suite(.serialized) struct QueryOutputTests {
    /// A store with one ingested support log (query needs an existing store).
    static let store: String = {
        let dir = try! TesseraBinary.scratchDirectory()
        try! Data("interaction_id,engineer,start,summary\nT-1,eng@v.example,2023-01-01T00:00:00Z,ok\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/log.csv"))
        _ = try! TesseraBinary.run(["ingest", "--store", dir + "/s.db", dir + "/log.csv"])
        return dir + "/s.db"
    }()

    static let mixed = #"SELECT 1.5 AS r, -2 AS i, NULL AS n, CAST(x'41ff' AS TEXT) AS bad, '=1,"x"' AS f, x'42' AS blob, 'a|b' AS "p|q""#

    func query(_ format: String, _ sql: String) throws -> String {
        let result = try TesseraBinary.run(["query", "--store", Self.store, "--format", format, sql])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func everyTypeInEveryFormat() throws {
        #expect(try query("csv", Self.mixed) == "r,i,n,bad,f,blob,p|q\r\n1.5,-2,,A\u{FFFD},\"'=1,\"\"x\"\"\",B,a|b\r\n")
        #expect(
            try query("json", Self.mixed)
                == "[\n{\"r\":1.5,\"i\":-2,\"n\":null,\"bad\":\"A\u{FFFD}\",\"f\":\"=1,\\\"x\\\"\",\"blob\":\"B\",\"p|q\":\"a|b\"}\n]\n")
        #expect(
            try query("markdown", Self.mixed) == """
                | r | i | n | bad | f | blob | p\\|q |
                | --- | --- | --- | --- | --- | --- | --- |
                | 1.5 | -2 |  | A\u{FFFD} | =1,"x" | B | a\\|b |

                """)
        #expect(try query("table", "SELECT 1 AS a, 'xyz' AS b") == "a  b\n-  ---\n1  xyz\n(1 row)\n")
    }

    @Test func severalStatementsGiveSeveralResults() throws {
        #expect(try query("csv", "SELECT 1 AS a; SELECT 2 AS b") == "a\r\n1\r\n\nb\r\n2\r\n")
        #expect(try query("json", "SELECT 1 AS a; SELECT 2 AS b WHERE 0") == "[\n{\"a\":1}\n]\n\n[]\n")
    }

    @Test func tablesStayNarrowAndSayHowToGetEverything() throws {
        let sql = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
            SELECT i, printf('%.*c', i, 'x') AS long, char(27) || '[31mred' || char(8238) AS esc FROM n
            """
        let out = try query("table", sql)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 2 + 300 + 2 + 1, "header, rule, rows, count, note, final newline")
        #expect(!out.unicodeScalars.contains("\u{1B}") && !out.unicodeScalars.contains("\u{202E}"), "escapes never reach the terminal")
        #expect(lines[2].hasSuffix("[U+001B][31mred[U+202E]"))
        let longest = try #require(lines.first { $0.hasPrefix("300 ") })
        #expect(longest.contains(String(repeating: "x", count: 79) + "…  "), "cut at 80 characters")
        #expect(!longest.contains(String(repeating: "x", count: 80)))
        // Widths come from the first rows: the header and every row start their columns together.
        let column = try #require(lines[0].range(of: "long")).lowerBound.utf16Offset(in: lines[0])
        #expect(lines[5].dropFirst(column).hasPrefix("xxxx "))
        #expect(lines[302] == "(300 rows)")
        #expect(lines[303].contains("first 200 rows") && lines[303].contains("cut") && lines[303].contains("--format csv"))
        // The other formats keep every value whole.
        #expect(try query("csv", sql).contains(String(repeating: "x", count: 300)))
    }
}
