import Foundation
import TesseraStore
import Testing

@testable import TesseraTriage

/// The annotation table is append-only and its hash chain names the first altered row.
@Suite struct ChainTests {
    func threeRows() throws -> TriageFixture {
        let f = try TriageFixture()
        try f.setFindings([("bulk-access", "TKT-1", [1, 2])])
        let key = try f.findingKey(1)
        try f.mark(.finding, key, .needsReview, comment: "looks odd")
        try f.mark(.finding, key, .falsePositive, tags: ["approved-change"], comment: "change CHG-88 approved it", analyst: "bob")
        try f.mark(.interaction, "TKT-1", .confirmed)
        return f
    }

    @Test func rowsChainFromGenesis() throws {
        let f = try threeRows()
        let rows = try f.ledger.all()
        #expect(rows.map(\.id) == [1, 2, 3])
        #expect(rows[0].prevSHA256 == AnnotationChain.genesis)
        #expect(rows[1].prevSHA256 == rows[0].rowSHA256 && rows[2].prevSHA256 == rows[1].rowSHA256)
        for row in rows { #expect(row.computedSHA256 == row.rowSHA256) }
        let verdict = try AnnotationChain.verify(f.db)
        #expect(verdict.isIntact && verdict.rows == 3 && verdict.head == rows[2].rowSHA256)
    }

    @Test func theStoreRefusesUpdatesAndDeletes() throws {
        let f = try threeRows()
        #expect(throws: SQLiteError.self) { try f.db.execute("UPDATE annotations SET status = 'confirmed' WHERE annotation_id = 2") }
        #expect(throws: SQLiteError.self) { try f.db.execute("DELETE FROM annotations WHERE annotation_id = 3") }
        #expect(try AnnotationChain.verify(f.db).isIntact)
    }

    @Test func aHandEditedRowIsNamed() throws {
        let f = try threeRows()
        try f.db.execute("DROP TRIGGER annotations_no_update; UPDATE annotations SET status = 'confirmed' WHERE annotation_id = 2")
        let verdict = try AnnotationChain.verify(f.db)
        #expect(verdict.firstAltered?.id == 2)
        #expect(verdict.firstAltered?.reason.contains("altered after it was written") == true)
        #expect(verdict.warnings.contains { $0.contains("annotations_no_update") })
    }

    @Test func aReHashedEditIsNamedByTheBrokenLink() throws {
        let f = try threeRows()
        let row = try #require(try f.ledger.all().first { $0.id == 2 })
        let forged = AnnotationChain.rowHash(
            id: 2, kind: "finding", key: row.key, status: "confirmed", tagsJSON: row.tagsJSON,
            comment: row.comment, analyst: row.analyst, createdUTC: row.createdUTC,
            prevSHA256: row.prevSHA256)
        try f.db.execute("DROP TRIGGER annotations_no_update")
        try f.db.prepare("UPDATE annotations SET status = 'confirmed', row_sha256 = ? WHERE annotation_id = 2").run([.text(forged)])
        let verdict = try AnnotationChain.verify(f.db)
        #expect(verdict.firstAltered?.id == 2, "row 3 no longer follows row 2, so row 2 is the altered one")
    }

    @Test func aRemovedRowIsNamed() throws {
        let f = try threeRows()
        try f.db.execute("DROP TRIGGER annotations_no_delete; DELETE FROM annotations WHERE annotation_id = 2")
        let verdict = try AnnotationChain.verify(f.db)
        #expect(verdict.firstAltered?.id == 1)
        #expect(verdict.firstAltered?.reason.contains("#3 no longer follows #1") == true)
    }

    @Test func currentAnnotationsKeepsHistoryAndTheLatestComment() throws {
        let f = try threeRows()
        let key = try f.findingKey(1)
        try f.mark(.finding, key, .falsePositive, tags: ["approved-change", "reviewed-twice"], analyst: "carol")
        let current = try #require(try f.ledger.current(.finding, key: key))
        #expect(current.latest.analyst == "carol" && current.latest.comment == nil)
        #expect(current.latestComment == "change CHG-88 approved it")
        #expect(current.historyCount == 3)
        #expect(current.latest.tags == ["approved-change", "reviewed-twice"])
        #expect(try f.db.scalarInt("SELECT count(*) FROM current_annotations") == 2)
    }

    @Test func hostileTagsAndCommentsAreStoredAndHashedExactly() throws {
        let f = try TriageFixture()
        let hostile = ["=HYPERLINK(\"http://evil.example\")", "<script>alert(1)</script>", "a\"b\\c\nd", "\u{202E}gpj.exe"]
        let a = try f.mark(.interaction, "TKT-1", .benign, tags: hostile, comment: hostile.joined(separator: "|"))
        #expect(a.tags == hostile)
        #expect(try f.ledger.all().first?.comment == hostile.joined(separator: "|"))
        #expect(try AnnotationChain.verify(f.db).isIntact)
    }
}
