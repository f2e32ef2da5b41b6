import TesseraStore
import Testing

@testable import TesseraTriage

/// Verdicts attach to keys that survive re-correlation, and say so when the evidence changed.
@Suite struct TargetKeyTests {
    @Test func eventKeysAreSourceHashAndLocatorWithTheEventsPlaceInItsRecord() throws {
        let f = try TriageFixture()
        #expect(try TriageKeys.eventKey(f.db, eventID: 2) == TriageFixture.shaA + ":line 2")
        #expect(try TriageKeys.eventKey(f.db, eventID: 5) == TriageFixture.shaB + ":element 3")
        #expect(try TriageKeys.eventKey(f.db, eventID: 6) == TriageFixture.shaB + ":element 3#1")
        #expect(try TriageKeys.eventID(f.db, key: TriageFixture.shaB + ":element 3#1") == 6)
        #expect(try TriageKeys.eventID(f.db, key: TriageFixture.shaB + ":element 9") == nil)
        #expect(try TriageKeys.eventKey(f.db, eventID: 99) == nil)
    }

    @Test func findingKeysNameRuleInteractionAndEvidenceNotRowIDs() throws {
        let f = try TriageFixture()
        try f.setFindings([("bulk-access", "TKT-1", [1, 2]), ("access-outside-window", nil, [3])])
        let first = try f.findingKey(1)
        #expect(first.hasPrefix("bulk-access|TKT-1|") && first.utf8.count == "bulk-access|TKT-1|".utf8.count + 64)
        #expect(TriageKeys.group(ofFindingKey: first) == "bulk-access|TKT-1")
        #expect(TriageKeys.group(ofFindingKey: try f.findingKey(2)) == "access-outside-window|")
        // Evidence order does not matter; the ids do not appear in the key.
        #expect(
            first
                == TriageKeys.findingKey(
                    rule: "bulk-access", interactionID: "TKT-1",
                    evidenceKeys: [TriageFixture.shaA + ":line 2", TriageFixture.shaA + ":line 1"]))
        // Sigma findings (`sigma:<rule id>`) and interaction ids holding `|` read back unambiguously.
        let sigma = TriageKeys.findingKey(rule: "sigma:5b0b75dc", interactionID: "odd|id", evidenceKeys: [])
        #expect(TriageKeys.group(ofFindingKey: sigma) == "sigma:5b0b75dc|odd|id")
    }

    @Test func aVerdictSurvivesReCorrelationUnderNewFindingIDs() throws {
        let f = try TriageFixture()
        try f.setFindings([("bulk-access", "TKT-1", [1, 2]), ("privileged-operation", "TKT-2", [4])])
        try f.mark(.finding, try f.findingKey(1), .falsePositive, comment: "backup job")
        // A re-run numbers the findings differently (another rule raised first).
        try f.setFindings(
            [("clearance-missing", "TKT-3", [3]), ("privileged-operation", "TKT-2", [4]), ("bulk-access", "TKT-1", [2, 1])],
            firstID: 10)
        let overview = try TriageOverview.load(f.db)
        guard case .reviewed(let a)? = overview.findings[12] else { Issue.record("bulk-access lost its verdict: \(overview.findings)"); return }
        #expect(a.latest.status == .falsePositive && a.latestComment == "backup job")
        #expect(overview.findings[10] == .unreviewed && overview.findings[11] == .unreviewed)
        #expect(overview.orphans.isEmpty)
    }

    @Test func changedEvidenceIsFlaggedNeverMovedSilently() throws {
        let f = try TriageFixture()
        try f.setFindings([("bulk-access", "TKT-1", [1, 2])])
        try f.mark(.finding, try f.findingKey(1), .benign)
        try f.setFindings([("bulk-access", "TKT-1", [1, 2, 3])], firstID: 7)
        let overview = try TriageOverview.load(f.db)
        guard case .evidenceChanged(let a)? = overview.findings[7] else { Issue.record("\(overview.findings)"); return }
        #expect(a.latest.status == .benign)
        #expect(overview.findings[7]?.filterValue == "evidence-changed")
        // A new verdict for the new evidence makes it reviewed again; the old one stays in history.
        try f.mark(.finding, try f.findingKey(7), .confirmed)
        let reviewed = try TriageOverview.load(f.db)
        #expect(reviewed.findings[7]?.filterValue == "confirmed")
        #expect(reviewed.orphans.isEmpty, "the review of the earlier evidence is superseded, not an orphan")
        #expect(try f.ledger.all().count == 2)
    }

    @Test func aReReviewSupersedesTheOldVerdictForTheRulesOtherFindings() throws {
        let f = try TriageFixture()
        // Two findings of one rule without interaction (one per identity, as access-outside-window raises them).
        try f.setFindings([("access-outside-window", nil, [1]), ("access-outside-window", nil, [2])])
        try f.mark(.finding, try f.findingKey(1), .falsePositive)
        try f.setFindings([("access-outside-window", nil, [1, 3]), ("access-outside-window", nil, [2])])
        var overview = try TriageOverview.load(f.db)
        #expect(overview.findings[1]?.filterValue == "evidence-changed")
        #expect(overview.findings[2]?.filterValue == "evidence-changed", "ambiguous: both are asked for a review")
        try f.mark(.finding, try f.findingKey(1), .confirmed)
        overview = try TriageOverview.load(f.db)
        #expect(overview.findings[1]?.filterValue == "confirmed")
        #expect(overview.findings[2] == .unreviewed, "the earlier verdict was superseded, not moved to another finding")
        #expect(overview.orphans.isEmpty)
    }

    @Test func aReviewWhoseFindingIsGoneIsKeptAsAnOrphan() throws {
        let f = try TriageFixture()
        try f.setFindings([("bulk-access", "TKT-1", [1, 2])])
        try f.mark(.finding, try f.findingKey(1), .confirmed)
        try f.setFindings([("privileged-operation", "TKT-2", [4])])
        let overview = try TriageOverview.load(f.db)
        #expect(overview.findings[1] == .unreviewed)
        #expect(overview.orphans.map(\.latest.status) == [.confirmed])
    }

    @Test func aStoreWithoutTriageReadsAsUnreviewed() throws {
        let f = try TriageFixture()
        try f.setFindings([("bulk-access", "TKT-1", [1])])
        try f.db.execute("DROP VIEW current_annotations; DROP TABLE annotations")
        #expect(try TriageOverview.load(f.db).findings[1] == .unreviewed)
        #expect(try AnnotationChain.verify(f.db).isIntact)
        #expect(throws: TriageError.self) { try f.mark(.interaction, "TKT-1", .benign) }
    }
}
