import Foundation
import TesseraStore
import Testing

@testable import TesseraTriage

/// `triage export` / `import` between two stores of the same evidence, and refusals.
@Suite struct ExchangeTests {
    /// Store A with three reviews; store B with the same evidence and findings (other ids).
    func twoStores() throws -> (a: TriageFixture, b: TriageFixture, file: String) {
        let dir = try TriageFixture.temporaryDirectory()
        let a = try TriageFixture(name: "a.db", directory: dir), b = try TriageFixture(name: "b.db", directory: dir)
        try a.setFindings([("bulk-access", "TKT-1", [1, 2])])
        try b.setFindings([("clearance-missing", "TKT-3", [3]), ("bulk-access", "TKT-1", [1, 2])], firstID: 5)
        try a.mark(.finding, try a.findingKey(1), .falsePositive, tags: ["=cmd|' /C calc'!A0"], comment: "<b>approved</b>")
        try a.mark(.event, TriageFixture.shaB + ":element 3#1", .confirmed, tags: ["exfil"])
        try a.mark(.interaction, "TKT-1", .needsReview, analyst: "bob")
        let file = dir + "/review.jsonl"
        #expect(try TriageExchange.export(database: a.db, to: file, exportedUTC: "2024-05-03T00:00:00.000000Z") == 3)
        return (a, b, file)
    }

    @Test func roundTripBetweenStoresOfTheSameEvidence() throws {
        let (a, b, file) = try twoStores()
        #expect(try TriageExchange.importFile(file, into: b.db) == .init(added: 3, alreadyPresent: 0))
        let review = try TriageOverview.load(b.db).findings[6]
        #expect(review?.annotation?.latest.status == .falsePositive)
        #expect(review?.annotation?.latestComment == "<b>approved</b>")
        #expect(review?.annotation?.latest.tags == ["=cmd|' /C calc'!A0"])
        #expect(try b.ledger.current(.event).values.first?.latest.key == TriageFixture.shaB + ":element 3#1")
        #expect(try AnnotationChain.verify(b.db).isIntact)
        // Importing again adds nothing; exporting B back into A adds nothing either.
        #expect(try TriageExchange.importFile(file, into: b.db) == .init(added: 0, alreadyPresent: 3))
        let back = file + ".b"
        try TriageExchange.export(database: b.db, to: back, exportedUTC: "2024-05-04T00:00:00.000000Z")
        #expect(try TriageExchange.importFile(back, into: a.db) == .init(added: 0, alreadyPresent: 3))
    }

    func refusal(_ file: String, into store: TriageFixture) throws -> [(line: Int, reason: String)] {
        do {
            _ = try TriageExchange.importFile(file, into: store.db)
        } catch TriageError.importRefused(_, let problems) {
            #expect(try store.ledger.all().isEmpty, "nothing partial was imported")
            return problems
        }
        Issue.record("the import was accepted")
        return []
    }

    @Test func anAlteredLineBreaksTheChainAndNothingIsImported() throws {
        let (_, b, file) = try twoStores()
        var lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        lines[1] = lines[1].replacingOccurrences(of: "false-positive", with: "confirmed")
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let problems = try refusal(file, into: b)
        #expect(problems.count == 1 && problems[0].line == 2)
        #expect(problems[0].reason.contains("annotation #1 was altered"))
    }

    @Test func aRemovedLineIsReported() throws {
        let (_, b, file) = try twoStores()
        var lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        lines.remove(at: 2)
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let problems = try refusal(file, into: b)
        #expect(problems.contains { $0.line == 1 && $0.reason.contains("announces 3 annotations but the file holds 2") })
        #expect(problems.contains { $0.line == 3 && $0.reason.contains("hash chain broken: annotation #3 does not follow #1") })
    }

    @Test func anotherStoresEvidenceAndUnknownTargetsAreRefusedByLine() throws {
        let (_, _, file) = try twoStores()
        let other = try TriageFixture(name: "other.db")
        try other.db.execute("UPDATE sources SET sha256 = '\(String(repeating: "c3", count: 32))' WHERE source_id = 2; DELETE FROM support_interactions")
        let problems = try refusal(file, into: other)
        #expect(problems.map(\.line) == [2, 3, 4])
        #expect(problems[0].reason.contains("unknown target: this store's correlation raised no finding bulk-access"))
        #expect(problems[1].reason.contains("another store's evidence"))
        #expect(problems[2].reason.contains("unknown target: no interaction TKT-1"))
    }

    @Test func notAReviewFileIsRefused() throws {
        let b = try TriageFixture()
        let file = NSTemporaryDirectory() + "tessera-not-review-\(UUID().uuidString).jsonl"
        try "{\"message\":\"an event export\"}\nnot json\n".write(toFile: file, atomically: true, encoding: .utf8)
        let problems = try refusal(file, into: b)
        #expect(problems.map(\.line) == [1, 2])
        try? FileManager.default.removeItem(atPath: file)
    }
}
