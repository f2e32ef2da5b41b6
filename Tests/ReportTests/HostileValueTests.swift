import Foundation
import Testing

@testable import TesseraReport

/// Every hostile value in every field: the reports stay inert, bounded and well-formed; the
/// exports stay exact apart from spreadsheet-formula neutralization.
@Suite struct HostileValueTests {
    static let corpus: (path: String, hugeEvent: Int64) = {
        try! HostileCorpus.build(in: try! temporaryDirectory())
    }()
    /// Each report is rendered once and shared by the tests that read it.
    static let html = Result { try render(corpus.path, .html) }
    static let markdown = Result { try render(corpus.path, .markdown) }

    @Test func htmlRunsNoEvidenceAndStaysSmall() throws {
        let html = try Self.html.get()
        #expect(html.utf8.count < 3_000_000, "the 10 MB values must be cut for display, got \(html.utf8.count) bytes")
        #expect(html.components(separatedBy: "<script").count - 1 == 2, "only the JSON index and the report's own script")
        #expect(!html.contains("<img"))
        #expect(!html.contains("<svg onload"))
        #expect(!html.lowercased().contains("href=\"javascript:"))
        // Escaped values never hold a raw quote, so with quoted attribute values removed what is
        // left of each tag is markup the report wrote.
        let tags = html.replacingOccurrences(of: #""[^"]*""#, with: "\"\"", options: .regularExpression)
        #expect(tags.range(of: #"<[a-zA-Z][^>]*\son[a-z]+\s*="#, options: .regularExpression) == nil, "no event-handler attribute")
        for scalar in HostileCorpus.forbiddenScalars {
            #expect(!html.unicodeScalars.contains(scalar), "U+\(String(scalar.value, radix: 16)) reached the HTML")
        }
        #expect(html.contains("[U+202E]"), "bidi controls are shown, not dropped")
        #expect(html.components(separatedBy: "<tr").count == html.components(separatedBy: "</tr>").count)
        #expect(html.contains("cut: 10485760 characters in all"))
    }

    @Test func embeddedJSONCannotCloseItsScriptAndParses() throws {
        let html = try Self.html.get()
        let open = "<script type=\"application/json\" id=\"tessera-events\">"
        let start = try #require(html.range(of: open))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = String(html[start.upperBound..<end.lowerBound])
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[Any]])
        #expect(rows.count == HostileCorpus.values.count + 1)
        let interactions = rows.compactMap { $0[3] as? [String] }.flatMap { $0 }
        #expect(interactions.contains("TKT-" + HostileCorpus.script), "the filter keys decode to the displayed id")
    }

    @Test func cspAllowsExactlyTheInlineStyleAndScript() throws {
        let html = try Self.html.get()
        let csp = HTMLAssets.contentSecurityPolicy
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"\(csp)\">"))
        #expect(csp.hasPrefix("default-src 'none'; "))
        #expect(csp.contains("img-src data:") && !csp.contains("unsafe"))
        #expect(html.contains("<style>\(HTMLAssets.css)</style>"))
        #expect(html.contains("<script>\(HTMLAssets.script)</script>"))
        #expect(HTMLAssets.cspHash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='", "the CSP hash of empty input is SHA-256 in base64")
    }

    @Test func markdownHasNoMarkupNoLinksAndIntactTables() throws {
        let md = try Self.markdown.get()
        #expect(md.utf8.count < 3_000_000)
        #expect(!md.contains("<"), "no raw HTML or autolink")
        #expect(md.range(of: #"(?<!\\)\["#, options: .regularExpression) == nil, "no unescaped [ that could start a link")
        for scalar in HostileCorpus.forbiddenScalars { #expect(!md.unicodeScalars.contains(scalar)) }
        func pipes(_ line: Substring) -> Int {
            var count = 0, escaped = false
            for ch in line { if ch == "|" && !escaped { count += 1 }; escaped = ch == "\\" && !escaped }
            return count
        }
        var width: Int?
        for line in md.split(separator: "\n") {
            guard line.hasPrefix("|") else { width = nil; continue }
            if let width { #expect(pipes(line) == width, "table row has a broken column count: \(line.prefix(120))") } else { width = pipes(line) }
        }
    }

    @Test func csvExportsNeutralizeFormulasAndKeepValuesWhole() throws {
        for format in [ExportFormat.csv, .timesketchCSV, .l2tCSV] {
            let text = try exportText(Self.corpus.path, format)
            let records = parseCSV(text)
            let header = try #require(records.first)
            for record in records.dropFirst() {
                #expect(record.count == header.count, "\(format): every record has the header's columns")
                for cell in record where cell != "-" {
                    #expect(!CSVEscaping.startsLikeFormula(cell), "\(format): a cell a spreadsheet would run: \(cell.prefix(40))")
                }
            }
            #expect(records.contains { $0.contains("'" + HostileCorpus.formula) }, "\(format): formula kept, behind an apostrophe")
            if format != .l2tCSV {
                let messages = records.dropFirst().map { $0[header.firstIndex(of: "message")!] }
                #expect(messages.contains(HostileCorpus.huge), "\(format): the 10 MB message is exported whole")
                #expect(messages.contains(HostileCorpus.bidi), "\(format): exports keep values exact")
            }
        }
    }

    @Test func triageTagsAndCommentsAreShownInertAndCut() throws {
        let html = try Self.html.get()
        #expect(html.contains("<span class=\"verdict\">false-positive</span>"), "the hostile finding shows its verdict")
        #expect(html.contains("<span class=\"tag\">&lt;script&gt;"), "a tag is escaped text")
        #expect(html.contains("<q class=\"comment\">&lt;/script&gt;&lt;script&gt;"), "a comment is escaped text")
        #expect(html.contains("needs-review"), "the interaction's verdict is shown")
        let md = try Self.markdown.get()
        #expect(md.contains("**false-positive**"))
    }

    @Test func csvExportsNeutralizeFormulasInTriageTags() throws {
        for format in [ExportFormat.csv, .timesketchCSV] {
            let records = parseCSV(try exportText(Self.corpus.path, format))
            let header = try #require(records.first)
            let column = try #require(header.firstIndex(of: format == .csv ? "tags" : "tag"))
            let tagged = records.dropFirst().map { $0[column] }.filter { !$0.isEmpty }
            #expect(tagged.count == 1, "\(format): one reviewed event")
            #expect(tagged.first?.hasPrefix("'" + HostileCorpus.formula) == true, "\(format): the formula tag is kept behind an apostrophe")
            #expect(records.dropFirst().map { $0[header.firstIndex(of: "verdict")!] }.contains("confirmed"))
        }
        let l2t = parseCSV(try exportText(Self.corpus.path, .l2tCSV))
        #expect(l2t.dropFirst().contains { $0[14].contains("; verdict: confirmed; tags: " + HostileCorpus.formula) })
    }

    @Test func jsonLinesExportsAreExact() throws {
        for format in [ExportFormat.jsonl, .timesketchJSONL] {
            let lines = try exportText(Self.corpus.path, format).split(separator: "\n")
            #expect(lines.count == HostileCorpus.values.count + 1)
            let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
            let messages = objects.compactMap { $0["message"] as? String }
            #expect(messages.contains(HostileCorpus.huge))
            #expect(messages.contains(HostileCorpus.separators))
            #expect(messages.contains(HostileCorpus.script))
            let tags = objects.compactMap { $0[format == .jsonl ? "tags" : "tag"] as? [String] }.filter { !$0.isEmpty }
            #expect(tags == [[HostileCorpus.formula, HostileCorpus.script] + HostileCorpus.plusMinusAt], "tags exported exact, as a list")
        }
    }
}
