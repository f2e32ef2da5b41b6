import Foundation
import TesseraCorrelation
import TesseraStore

/// Renders ``ReportContent`` as one self-contained HTML file: inline CSS and JS allowed by
/// hash in a strict Content-Security-Policy, no external request, readable printed.
///
/// Evidence text reaches markup only through ``text(_:)`` / ``attr(_:)`` (neutralized, cut to
/// the display bound, then escaped); links are built from integers, never from evidence.
struct HTMLReportRenderer {
    let content: ReportContent
    /// Interaction id → its section number, for links.
    let anchors: [String: Int]
    var out = ""

    init(content: ReportContent) {
        self.content = content
        anchors = Dictionary(content.interactions.map { ($0.interactionID, $0.index) }, uniquingKeysWith: { a, _ in a })
    }

    /// The whole document.
    static func render(_ content: ReportContent) -> String {
        var renderer = HTMLReportRenderer(content: content)
        renderer.document()
        return renderer.out
    }

    var zone: DisplayZone { content.zone }

    /// Evidence (or any) text for element content.
    func text(_ s: String?) -> String {
        HTMLEscaping.text(EvidenceText.display(s ?? "", limit: content.limits.maxCellCharacters))
    }

    /// Evidence text for an attribute value (cut shorter: attributes are not read whole).
    func attr(_ s: String) -> String {
        HTMLEscaping.attribute(filterKey(s))
    }

    /// The form of a value the event filter compares: the same in `<option value>` and in the
    /// JSON index, so a value with bidi controls or of great length still matches itself.
    func filterKey(_ s: String) -> String { EvidenceText.display(s, limit: 200) }

    func time(_ us: Int64?) -> String { us.map { zone.format($0) } ?? "—" }

    mutating func w(_ s: String) { out += s }

    mutating func document() {
        let c = content
        w("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n")
        w("<meta http-equiv=\"Content-Security-Policy\" content=\"\(HTMLAssets.contentSecurityPolicy)\">\n")
        w("<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        w("<meta name=\"generator\" content=\"Tessera \(attr(c.summary.toolVersion))\">\n")
        w("<title>\(text(c.title))</title>\n<style>\(HTMLAssets.css)</style>\n</head>\n<body>\n<header>\n")
        w("<h1>\(text(c.title))</h1>\n")
        w("<p class=\"meta\">Generated \(time(c.generatedAtUs)) by Tessera \(text(c.summary.toolVersion)). ")
        w("All times are shown in <strong>\(text(zone.label))</strong>. This report covers \(text(c.filter.describe(in: zone))).</p>\n")
        w("<nav><ol><li><a href=\"#summary\">1. Case summary</a></li><li><a href=\"#findings\">2. Findings (\(c.findings.count))</a></li>")
        if let d = c.detections { w("<li><a href=\"#detections\">Sigma detections (\(d.rules.count))</a></li>") }
        w("<li><a href=\"#interactions\">3. Interactions (\(c.interactions.count))</a></li><li><a href=\"#timeline\">4. Timeline</a></li>")
        w("<li><a href=\"#events\">5. Events (\(c.events.totalInScope))</a></li></ol></nav>\n</header>\n<main>\n")
        summarySection()
        findingsSection()
        detectionsSection()
        interactionsSection()
        timelineSection()
        eventsSection()
        w("</main>\n")
        eventIndexScript()
        w("<script>\(HTMLAssets.script)</script>\n</body>\n</html>\n")
    }

    // MARK: 1. Case summary

    mutating func summarySection() {
        let s = content.summary
        w("<section id=\"summary\">\n<h2>1. Case summary</h2>\n")
        if let reason = content.correlation.notCorrelatedReason {
            w("<p class=\"status\"><strong>\(text(reason))</strong></p>\n")
        }
        w("<dl class=\"facts\">\n")
        fact("Store file", s.storeFileName)
        fact("Store SHA-256", s.storeSHA256, mono: true)
        if let wal = s.pendingWALBytes {
            fact("Store write-ahead log", "\(wal) bytes of changes not yet in the main file (an ingest may be running); the hash covers the main file only")
        }
        fact("Store schema version", String(s.storeSchemaVersion))
        fact("Tessera version", s.toolVersion)
        fact("Evidence sources", String(s.sources.count))
        for (name, value) in s.builtFrom { fact(name, value) }
        fact("Events in the store", String(s.eventsInStore))
        fact("Rejected records in the store", String(s.rejectsInStore))
        fact("Events this report covers", String(s.eventsInScope))
        fact("Time span of those events", s.firstEventUs.map { "\(zone.format($0)) to \(time(s.lastEventUs))" } ?? "no events")
        fact("Correlation", content.correlationFact)
        triageFacts()
        w("</dl>\n<h3>Evidence sources</h3>\n")
        if s.sources.isEmpty {
            w("<p class=\"note\">No evidence has been ingested into this store.</p>\n")
        } else {
            w("<table><thead><tr><th class=\"num\">#</th><th>File</th><th>Plugin</th><th>Format</th><th>SHA-256</th>")
            w(
                "<th class=\"num\">Records read</th><th class=\"num\">Stored</th><th class=\"num\">Duplicates</th><th class=\"num\">Rejects</th><th class=\"num\">Events</th><th>Ingested</th></tr></thead><tbody>\n"
            )
            for src in s.sources {
                w("<tr><td class=\"num\">\(src.sourceID)</td><td class=\"wrap\">\(text(src.path))")
                for warning in src.warnings { w("<br><span class=\"note\">warning: \(text(warning))</span>") }
                w("</td><td>\(text(src.plugin)) \(text(src.pluginVersion))</td><td>\(text(src.format ?? ""))</td>")
                w(
                    "<td class=\"mono\">\(text(src.sha256))</td><td class=\"num\">\(src.counts.recordsRead)</td><td class=\"num\">\(src.counts.recordsStored)</td>"
                )
                w(
                    "<td class=\"num\">\(src.counts.duplicates)</td><td class=\"num\">\(src.counts.rejects)</td><td class=\"num\">\(src.counts.eventsStored)</td>"
                )
                w("<td class=\"time\">\(text(src.ingestedAt))</td></tr>\n")
            }
            w("</tbody></table>\n")
        }
        w("<h3>Correlation policy and parameters</h3>\n")
        if !content.correlation.hasResults {
            w("<p class=\"note\">Not correlated yet: no policy has been applied, so there are no findings and no events are attributed to interactions.</p>\n")
        } else if let run = content.correlation.latestRun {
            w("<p class=\"note\">As recorded by the latest correlation run (table <code>\(text(CorrelationRun.table))</code>).</p>\n<dl class=\"facts\">\n")
            for (name, value) in run.recordedValues { fact(name, value, mono: true) }
            w("</dl>\n")
        } else {
            w(
                "<p class=\"note\">The store has correlation results but no record of the run that produced them (table \(text(CorrelationRun.table)) is empty).</p>\n"
            )
        }
        w("</section>\n")
    }

    mutating func fact(_ name: String, _ value: String, mono: Bool = false) {
        w("<dt>\(text(name))</dt><dd\(mono ? " class=\"mono\"" : "")>\(text(value))</dd>\n")
    }

    // MARK: 2. Findings

    mutating func findingsSection() {
        w("<section id=\"findings\">\n<h2>2. Findings</h2>\n")
        guard content.correlation.hasResults else {
            w("<p class=\"note\">Not correlated yet: findings are raised by <code>tessera correlate</code>.</p>\n</section>\n")
            return
        }
        if content.findings.isEmpty {
            if let excluded = content.triage?.excluded, !excluded.isEmpty {
                w("<p>No finding is listed: every finding in this report's scope was left out by its triage status (see the case summary).</p>\n")
            } else {
                w("<p>No finding: within this report's scope, no policy rule was broken.</p>\n")
            }
            orphanReviews()
            w("</section>\n")
            return
        }
        let listed = Set(content.events.rows.map(\.eventID))
        for (rank, title) in ["High", "Medium", "Low", "Other"].enumerated() {
            let group = content.findings.filter { $0.severityRank == rank }
            guard !group.isEmpty else { continue }
            w("<h3>\(title) severity (\(group.count))</h3>\n")
            for f in group { finding(f, listed: listed, anchors: anchors) }
        }
        orphanReviews()
        w("</section>\n")
    }

    mutating func finding(_ f: FindingItem, listed: Set<Int64>, anchors: [String: Int]) {
        let sev = ["high", "medium", "low", "other"][min(f.severityRank, 3)]
        w(
            "<article class=\"finding \(sev)\">\n<p><span class=\"sev \(sev)\">\(text(f.severity))</span> <strong>\(text(f.rule))</strong> · finding \(text(f.findingID))"
        )
        if let id = f.interactionID {
            if let index = anchors[id] { w(" · interaction <a href=\"#ia-\(index)\">\(text(id))</a>") } else { w(" · interaction \(text(id))") }
        } else {
            w(" · no interaction")
        }
        w(
            "</p>\n<p>\(text(f.summary))</p>\n<p class=\"note\">\(time(f.firstUs)) to \(time(f.lastUs)). Evidence (\(f.evidence.count) event\(f.evidence.count == 1 ? "" : "s")): "
        )
        let shown = f.evidence.prefix(content.limits.maxEvidenceLinks)
        w(shown.map { listed.contains($0) ? "<a href=\"#ev-\($0)\">#\($0)</a>" : "#\($0)" }.joined(separator: ", "))
        let unlisted = f.evidence.filter { !listed.contains($0) }
        if f.evidence.count > shown.count { w(", and \(f.evidence.count - shown.count) more") }
        if !unlisted.isEmpty {
            w(". \(unlisted.count) of them are not in the event list below; list them all with <code>\(text(CommandHints.findingEvidence(f.findingID)))</code>")
        }
        w("</p>\n")
        triageLine(f)
        w("</article>\n")
    }
}
