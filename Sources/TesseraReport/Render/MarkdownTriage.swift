import TesseraTriage

extension MarkdownReportRenderer {
    // MARK: Triage (verdicts, tags, comments)

    /// Case-summary rows: findings by verdict, and what `--status` left out and whose verdicts those were.
    func triageFacts() -> [[String]] {
        guard let triage = content.triage else { return [] }
        var rows = [["Findings by triage status", md(triage.countsSentence) + " (record verdicts with `\(TriageText.hint)`)"]]
        if !triage.statusFilter.isEmpty {
            rows.append(["Findings listed", md("only those with triage status " + triage.statusFilter.joined(separator: ", "))])
            rows.append([
                "Findings left out by triage status",
                md(triage.excluded.isEmpty ? "none" : triage.excluded.map(\.sentence).joined(separator: "; ")),
            ])
        }
        return rows
    }

    /// A finding's verdict, tags, analyst, time, history count and latest comment, in one cell.
    func triageCell(_ f: FindingItem) -> String {
        switch f.review {
        case .unreviewed:
            return "not reviewed"
        case .reviewed(let a):
            return "**\(md(a.latest.status.rawValue))** " + details(a)
        case .evidenceChanged(let a):
            return "**evidence changed since review**: \(md(TriageText.earlier(a))); " + details(a)
        }
    }

    private func details(_ a: CurrentAnnotation) -> String {
        let tags = a.latest.tags.isEmpty ? "" : "tags: " + a.latest.tags.map { md($0) }.joined(separator: ", ") + "; "
        return tags + md(TriageText.attribution(a, zone: zone)) + (a.latestComment.map { "; comment: " + md($0) } ?? "")
    }

    /// Reviews of findings whose rule and interaction the latest run no longer raises: shown, never dropped.
    mutating func orphanReviews() {
        guard let orphans = content.triage?.orphans, !orphans.isEmpty else { return }
        w("### Reviews of findings no longer raised (\(orphans.count))\n\n")
        w(
            "The latest correlation run raises no finding of these rules and interactions any more (another policy, other options, or replaced evidence). The verdicts stay in the store's annotation history.\n\n"
        )
        table(
            ["Finding key", "Status", "Tags", "Analyst and time", "Comment"],
            orphans.map { a in
                [
                    md(a.latest.key), md(a.latest.status.rawValue), md(a.latest.tags.joined(separator: ", ")),
                    md(TriageText.attribution(a, zone: zone)), md(a.latestComment),
                ]
            })
    }
}
