import Foundation

/// A regular expression compiled once at mapping load. `NSRegularExpression` is immutable and
/// documented as safe to share between threads.
final class CompiledRegex: @unchecked Sendable {
    let pattern: String
    private let regex: NSRegularExpression

    init(_ pattern: String) throws {
        self.pattern = pattern
        self.regex = try NSRegularExpression(pattern: pattern)
    }

    /// The capture groups of the first match (index 0 = whole match); nil groups did not take part.
    func firstMatch(_ text: String) -> [String?]? {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        guard let match = regex.firstMatch(in: text, range: range) else { return nil }
        return (0..<match.numberOfRanges).map { i in
            let r = match.range(at: i)
            guard r.location != NSNotFound, let swiftRange = Range(r, in: text) else { return nil }
            return String(text[swiftRange])
        }
    }

    /// The value of a named group in the first match.
    func namedGroup(_ name: String, in text: String) -> String? {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        guard let match = regex.firstMatch(in: text, range: range) else { return nil }
        let r = match.range(withName: name)
        guard r.location != NSNotFound, let swiftRange = Range(r, in: text) else { return nil }
        return String(text[swiftRange])
    }

    var captureGroupCount: Int { regex.numberOfCaptureGroups }

    func replacingMatches(in text: String, with template: String) -> String {
        regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..<text.endIndex, in: text), withTemplate: template)
    }
}
