import Testing

@testable import TesseraReport

/// Each escaping context on its own.
@Suite struct EscapingTests {
    @Test func htmlTextAndAttributes() {
        #expect(HTMLEscaping.text(#"<a href="x" onclick='y'>&</a>"#) == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(HTMLEscaping.attribute("\"><img onerror=1>") == "&quot;&gt;&lt;img onerror=1&gt;")
        #expect(HTMLEscaping.text("plain text") == "plain text")
    }

    @Test func jsonInsideScriptCannotEscapeIt() {
        #expect(
            HTMLEscaping.jsonString("</script><!--&\u{2028}\u{2029}\"\\\n\u{1}")
                == #""\u003c/script\u003e\u003c!--\u0026\u2028\u2029\"\\\n\u0001""#)
    }

    @Test func bidiAndControlsBecomeVisible() {
        #expect(EvidenceText.neutralized("abc\u{202E}def\u{2066}") == "abc[U+202E]def[U+2066]")
        #expect(EvidenceText.neutralized("a\nb\tc\u{2028}d") == "a b c d")
        #expect(EvidenceText.neutralized("bell\u{7}") == "bell[U+0007]")
        #expect(EvidenceText.neutralized("ordinary ünïcödé 名前") == "ordinary ünïcödé 名前")
        let cut = EvidenceText.display(String(repeating: "x", count: 1_000), limit: 10)
        #expect(cut.hasPrefix("xxxxxxxxxx …") && cut.contains("1000 characters in all"))
    }

    @Test func markdownCellsShowTextOnly() {
        #expect(MarkdownEscaping.cell("a|b [x](javascript:y) *s* <i>&") == #"a\|b \[x\](javascript:y) \*s\* &lt;i&gt;&amp;"#)
        #expect(MarkdownEscaping.cell("l1\nl2\u{202E}") == #"l1 l2\[U+202E\]"#, "the marker shows as [U+202E] once rendered")
    }

    @Test func csvCellsNeutralizeFormulas() {
        #expect(CSVEscaping.cell("=1+1") == "'=1+1")
        #expect(CSVEscaping.cell("+1") == "'+1" && CSVEscaping.cell("-1") == "'-1" && CSVEscaping.cell("@x") == "'@x")
        #expect(CSVEscaping.cell("\tx") == "'\tx")
        #expect(CSVEscaping.cell("\r=x") == "\"'\r=x\"")
        #expect(CSVEscaping.cell("a,\"b\"") == "\"a,\"\"b\"\"\"")
        #expect(CSVEscaping.cell("safe") == "safe")
    }

    @Test func suggestedCommandsNeverCarryUnsafeIDs() {
        #expect(CommandHints.interactionAccess("TKT-2023-0467").contains("--interaction TKT-2023-0467"))
        #expect(!CommandHints.interactionAccess("x\"; rm -rf ~; \"").contains("rm -rf"))
        #expect(!CommandHints.findingEvidence("F'1").contains("F'1"))
        #expect(CommandHints.events(filter: ReportFilter(interactions: ["$(id)"]), zone: .utc).contains("tessera export --format csv --output events.csv"))
    }
}
