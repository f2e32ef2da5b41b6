/// The Sigma detections section (after the findings), in both formats: per rule its level,
/// title, ATT&CK tags, hits and the interactions it touched. Shown only when `tessera detect`
/// has run on the store.
extension HTMLReportRenderer {
    mutating func detectionsSection() {
        guard let d = content.detections else { return }
        w("<section id=\"detections\">\n<h2>Sigma detections</h2>\n")
        w(
            "<p class=\"note\">Detection run \(d.runID) (\(text(d.finishedUtc))): \(d.rulesRead) rules read, \(d.rulesEvaluated) evaluated, \(d.rulesNotEvaluated) not evaluated (see <code>tessera query \"SELECT rule_path, state, reason FROM detection_rules WHERE state &lt;&gt; 'evaluated'\"</code>). Events of matched records are marked <em>Sigma</em> in the event list.</p>\n"
        )
        guard !d.rules.isEmpty else {
            w("<p>No rule matched an event in this report's scope.</p>\n</section>\n")
            return
        }
        w(
            "<table><thead><tr><th>Level</th><th>Rule</th><th>ATT&amp;CK</th><th class=\"num\">Hits</th><th>First</th><th>Last</th><th>Interactions</th></tr></thead><tbody>\n"
        )
        for r in d.rules {
            let sev = ["critical": "high", "high": "high", "medium": "medium"][r.level] ?? "low"
            w("<tr><td><span class=\"sev \(sev)\">\(text(r.level.isEmpty ? "none" : r.level))</span></td>")
            w(
                "<td>\(text(r.title))<br><span class=\"note mono\">\(text(r.ruleID))</span></td><td>\(r.attackTags.map { text($0) }.joined(separator: "<br>"))</td>"
            )
            w("<td class=\"num\">\(r.hits)</td><td class=\"time\">\(time(r.firstUs))</td><td class=\"time\">\(time(r.lastUs))</td><td>")
            w(r.interactions.map { id in anchors[id].map { "<a href=\"#ia-\($0)\">\(text(id))</a>" } ?? text(id) }.joined(separator: "<br>"))
            w("</td></tr>\n")
        }
        w("</tbody></table>\n</section>\n")
    }
}

extension MarkdownReportRenderer {
    mutating func detections() {
        guard let d = content.detections else { return }
        w("## Sigma detections\n\n")
        w(
            "Detection run \(d.runID) (\(md(d.finishedUtc))): \(d.rulesRead) rules read, \(d.rulesEvaluated) evaluated, \(d.rulesNotEvaluated) not evaluated. Events of matched records are marked *Sigma* in the event list.\n\n"
        )
        guard !d.rules.isEmpty else { w("No rule matched an event in this report's scope.\n\n"); return }
        var rows: [[String]] = []
        for r in d.rules {
            let tags: String = r.attackTags.map { md($0) }.joined(separator: ", ")
            let interactions: String = r.interactions.map { md($0) }.joined(separator: "; ")
            rows.append([
                md(r.level.isEmpty ? "none" : r.level), md(r.title), md(r.ruleID), tags,
                String(r.hits), time(r.firstUs), time(r.lastUs), interactions,
            ])
        }
        table(["Level", "Rule", "Rule id", "ATT&CK", "Hits", "First", "Last", "Interactions"], rows)
    }
}
