import TesseraSDK

/// Escaping for GitHub-flavored Markdown: evidence must show as the text it is, never as
/// markup, a link, raw HTML or a table column break.
public enum MarkdownEscaping {
    /// Markdown punctuation escaped with a backslash, and the characters written as entities.
    private static let special = EvidenceText.ASCIISet("|\\`*_[]~<>&")

    /// One table cell (or inline text): line breaks become spaces; `|` and Markdown
    /// punctuation are backslash-escaped; `<`, `>`, `&` become entities (no raw HTML, no
    /// autolinks such as `<javascript:...>`); bidi and control characters are made visible.
    public static func cell(_ text: String) -> String {
        var text = text
        var out: [UInt8] = []
        text.withUTF8 { append(cell: UnsafeRawBufferPointer($0), to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 text `cell` as one cell (see ``cell(_:)``); invalid UTF-8 is repaired
    /// with U+FFFD. Used by the Markdown report and `tessera query --format markdown`.
    public static func append(cell: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        UTF8Validation.withValid(cell) { text in
            EvidenceText.append(text, to: &out, special: special) { byte, out in
                switch byte {
                case UInt8(ascii: "<"): out.append(ascii: "&lt;")
                case UInt8(ascii: ">"): out.append(ascii: "&gt;")
                case UInt8(ascii: "&"): out.append(ascii: "&amp;")
                default: out.append(0x5C); out.append(byte)
                }
            }
        }
    }
}
