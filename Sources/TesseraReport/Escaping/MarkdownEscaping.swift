/// Escaping for GitHub-flavored Markdown: evidence must show as the text it is, never as
/// markup, a link, raw HTML or a table column break.
public enum MarkdownEscaping {
    /// One table cell (or inline text): line breaks become spaces; `|` and Markdown
    /// punctuation are backslash-escaped; `<`, `>`, `&` become entities (no raw HTML, no
    /// autolinks such as `<javascript:...>`); bidi and control characters are made visible.
    public static func cell(_ text: String) -> String {
        let safe = EvidenceText.neutralized(text)
        var out = ""
        out.reserveCapacity(safe.utf8.count + 8)
        for ch in safe.unicodeScalars {
            switch ch {
            case "|", "\\", "`", "*", "_", "[", "]", "~": out += "\\"; out.unicodeScalars.append(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
