import TesseraTriage

extension HTMLReportRenderer {
    // MARK: Triage (verdicts, tags, comments)

    /// Case-summary facts: findings by verdict, and what `--status` left out and whose verdicts those were.
    mutating func triageFacts() {
        guard let triage = content.triage else { return }
        fact("Findings by triage status", triage.countsSentence + " (record verdicts with " + TriageText.hint + ")")
        if !triage.statusFilter.isEmpty {
            fact("Findings listed", "only those with triage status " + triage.statusFilter.joined(separator: ", "))
            fact(
                "Findings left out by triage status",
                triage.excluded.isEmpty ? "none" : triage.excluded.map(\.sentence).joined(separator: "; "))
        }
    }

    /// A finding's verdict, tags, latest comment, analyst, time and history count.
    mutating func triageLine(_ f: FindingItem) {
        guard content.triage != nil else { return }
        let review = f.review
        w("<p class=\"triage \(TriageText.cssClass(review))\"><span class=\"verdict\">\(text(TriageText.state(review)))</span> ")
        switch review {
        case .unreviewed:
            break
        case .reviewed(let a):
            annotationDetails(a)
        case .evidenceChanged(let a):
            w("\(text(TriageText.earlier(a))): ")
            annotationDetails(a)
        }
        w("</p>\n")
    }

    mutating func annotationDetails(_ a: CurrentAnnotation) {
        for tag in a.latest.tags { w("<span class=\"tag\">\(text(tag))</span> ") }
        w("<span class=\"note\">\(text(TriageText.attribution(a, zone: zone)))</span>")
        if let comment = a.latestComment { w("<br><q class=\"comment\">\(text(comment))</q>") }
    }

    /// Reviews of findings whose rule and interaction the latest run no longer raises: shown, never dropped.
    mutating func orphanReviews() {
        guard let orphans = content.triage?.orphans, !orphans.isEmpty else { return }
        w("<h3>Reviews of findings no longer raised (\(orphans.count))</h3>\n")
        w(
            "<p class=\"note\">The latest correlation run raises no finding of these rules and interactions any more (another policy, other options, or replaced evidence). The verdicts stay in the store's annotation history.</p>\n"
        )
        w("<table><thead><tr><th>Finding key</th><th>Status</th><th>Tags</th><th>Analyst and time</th><th>Comment</th></tr></thead><tbody>\n")
        for a in orphans {
            w("<tr><td class=\"mono wrap\">\(text(a.latest.key))</td><td>\(text(a.latest.status.rawValue))</td>")
            w("<td>\(text(a.latest.tags.joined(separator: ", ")))</td><td>\(text(TriageText.attribution(a, zone: zone)))</td>")
            w("<td class=\"wrap\">\(text(a.latestComment))</td></tr>\n")
        }
        w("</tbody></table>\n")
    }

    /// An interaction's verdict as a fact of its section.
    mutating func interactionTriage(_ id: String) {
        guard let a = content.triage?.interactions[id] else { return }
        let tags = a.latest.tags.isEmpty ? "" : " [" + a.latest.tags.joined(separator: ", ") + "]"
        let comment = a.latestComment.map { ": " + $0 } ?? ""
        fact("Triage", a.latest.status.rawValue + tags + " " + TriageText.attribution(a, zone: zone) + comment)
    }
}
