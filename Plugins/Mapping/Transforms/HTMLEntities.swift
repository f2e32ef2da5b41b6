/// Decodes HTML character references: the named entities logs actually use (`&quot;`, `&amp;`,
/// `&lt;`, `&gt;`, `&apos;`, `&nbsp;`) and numeric ones (`&#34;`, `&#x22;`). Unknown or
/// malformed references are left as written.
enum HTMLEntities {
    static let named: [String: String] = [
        "quot": "\"", "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": "\u{00A0}",
    ]

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            guard c == "&", let semi = text[i...].prefix(12).firstIndex(of: ";") else {
                out.append(c)
                i = text.index(after: i)
                continue
            }
            let name = text[text.index(after: i)..<semi]
            if let decoded = decodeReference(name) {
                out += decoded
                i = text.index(after: semi)
            } else {
                out.append(c)
                i = text.index(after: i)
            }
        }
        return out
    }

    private static func decodeReference(_ name: Substring) -> String? {
        if let named = named[String(name)] { return named }
        guard name.first == "#" else { return nil }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        guard let value, let scalar = Unicode.Scalar(value) else { return nil }
        return String(Character(scalar))
    }
}
