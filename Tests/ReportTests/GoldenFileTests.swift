import Foundation
import TesseraStore
import Testing

@testable import TesseraReport

/// The HTML and Markdown reports of the small case, compared byte for byte with the files in
/// `Golden/`. Set `TESSERA_UPDATE_GOLDEN=1` to rewrite them after an intended change, then
/// read the diff before committing.
@Suite struct GoldenFileTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

    /// The store file's hash depends on the SQLite library's page layout, so it is replaced by a
    /// placeholder before comparing (``storeHashIsTheFileHash`` checks the real value).
    /// The schema version is replaced too: migrations added on parallel branches are renumbered
    /// at merge, and a report's layout does not depend on the number.
    static func normalized(_ text: String, storePath: String) throws -> String {
        let version = String(Schema.currentVersion)
        return text.replacingOccurrences(of: try fileSHA256(storePath), with: "{store-sha256}")
            .replacingOccurrences(of: "| Store schema version | \(version) |", with: "| Store schema version | {schema-version} |")
            .replacingOccurrences(of: "<dt>Store schema version</dt><dd>\(version)</dd>", with: "<dt>Store schema version</dt><dd>{schema-version}</dd>")
    }

    static func check(_ text: String, against name: String) throws {
        let path = goldenDirectory + "/" + name
        if ProcessInfo.processInfo.environment["TESSERA_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(atPath: goldenDirectory, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        if text != expected {
            let a = text.split(separator: "\n", omittingEmptySubsequences: false)
            let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) ?? min(a.count, b.count)
            Issue.record(
                "\(name) differs from the golden file at line \(line + 1):\n got: \(line < a.count ? String(a[line]) : "<end>")\nwant: \(line < b.count ? String(b[line]) : "<end>")\n(run with TESSERA_UPDATE_GOLDEN=1 to accept an intended change)"
            )
        }
    }

    @Test func htmlReportMatchesGolden() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        try Self.check(try Self.normalized(try render(store, .html), storePath: store), against: "small-case.html")
    }

    @Test func markdownReportMatchesGolden() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        try Self.check(try Self.normalized(try render(store, .markdown), storePath: store), against: "small-case.md")
    }

    @Test func uncorrelatedMarkdownInNewYorkTimeMatchesGolden() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: false)
        let text = try render(store, .markdown, options: options(zone: try DisplayZone(named: "America/New_York")))
        try Self.check(try Self.normalized(text, storePath: store), against: "small-case-uncorrelated-new-york.md")
    }

    @Test func storeHashIsTheFileHash() throws {
        let store = try SmallCase.build(in: try temporaryDirectory(), correlated: true)
        let loaded = try content(store)
        #expect(loaded.summary.storeSHA256 == (try fileSHA256(store)))
        #expect(try render(store, .html).contains(loaded.summary.storeSHA256))
    }
}
