import Foundation

/// Recognizes the three shapes from the head of a file.
enum ExchangeAuditDetector {
    static func detect(_ text: String) -> String? {
        guard let root = rootElementName(text) else { return nil }
        switch root {
        case "Objs":
            guard text.contains("http://schemas.microsoft.com/powershell/2004/04") else { return nil }
            if text.contains("MailboxAuditLogEvent") { return ExchangeAuditPlugin.Format.mailboxCLIXML }
            if text.contains("AdminAuditLogEvent") { return ExchangeAuditPlugin.Format.adminCLIXML }
            return nil
        case "SearchResults", "Event":
            guard let event = text.range(of: "<Event") else { return nil }
            let tag = text[event.lowerBound...].prefix(8192)
            let end = tag.firstIndex(of: ">") ?? tag.endIndex
            let attributes = tag[..<end]
            if attributes.contains("Cmdlet=") && attributes.contains("Caller=") { return ExchangeAuditPlugin.Format.adminXML }
            if attributes.contains("LastAccessed=") || (attributes.contains("MailboxGuid=") && attributes.contains("Operation=")) {
                return ExchangeAuditPlugin.Format.mailboxXML
            }
            return nil
        default:
            return nil
        }
    }

    /// The name of the first element, skipping the prolog (declaration, comments, whitespace).
    static func rootElementName(_ text: String) -> String? {
        var rest = Substring(text)
        while true {
            rest = rest.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
            if rest.hasPrefix("<?") {
                guard let end = rest.range(of: "?>") else { return nil }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<!--") {
                guard let end = rest.range(of: "-->") else { return nil }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<") {
                let name = rest.dropFirst().prefix(while: { !$0.isWhitespace && $0 != ">" && $0 != "/" })
                return String(name.split(separator: ":").last ?? name)
            } else {
                return nil
            }
        }
    }
}
