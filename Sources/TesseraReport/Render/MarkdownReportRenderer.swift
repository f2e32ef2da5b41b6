import TesseraCorrelation

/// Renders ``ReportContent`` as GitHub-flavored Markdown with the same sections and facts as
/// the HTML report, for case notes. Evidence goes through ``MarkdownEscaping`` (after the
/// display bound), so it shows as text and never as a link, HTML or a broken table.
struct MarkdownReportRenderer {
    let content: ReportContent
    var out = ""

    /// The whole document.
    static func render(_ content: ReportContent) -> String {
        var renderer = MarkdownReportRenderer(content: content)
        renderer.document()
        return renderer.out
    }

    var zone: DisplayZone { content.zone }

    func md(_ s: String?) -> String {
        MarkdownEscaping.cell(EvidenceText.display(s ?? "", limit: content.limits.maxCellCharacters))
    }

    func time(_ us: Int64?) -> String { us.map { zone.format($0) } ?? "—" }

    mutating func w(_ s: String) { out += s }

    mutating func table(_ header: [String], _ rows: [[String]]) {
        w("| " + header.joined(separator: " | ") + " |\n")
        w("|" + header.map { _ in " --- |" }.joined() + "\n")
        for row in rows { w("| " + row.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |\n") }
        w("\n")
    }

    mutating func document() {
        let c = content
        w("# \(md(c.title))\n\n")
        w(
            "Generated \(time(c.generatedAtUs)) by Tessera \(md(c.summary.toolVersion)). All times are shown in **\(md(zone.label))**. This report covers \(md(c.filter.describe(in: zone))).\n\n"
        )
        summary()
        findings()
        detections()
        interactions()
        timeline()
        events()
    }

    mutating func summary() {
        let s = content.summary
        w("## 1. Case summary\n\n")
        if let reason = content.correlation.notCorrelatedReason { w("> **\(md(reason))**\n\n") }
        var walFact: [[String]] = []
        if let wal = s.pendingWALBytes {
            walFact = [
                ["Store write-ahead log", "\(wal) bytes of changes not yet in the main file (an ingest may be running); the hash covers the main file only"]
            ]
        }
        table(
            ["Fact", "Value"],
            [
                ["Store file", md(s.storeFileName)], ["Store SHA-256", "`\(s.storeSHA256)`"],
            ] + walFact + [
                ["Store schema version", String(s.storeSchemaVersion)], ["Tessera version", md(s.toolVersion)],
                ["Evidence sources", String(s.sources.count)],
            ] + s.builtFrom.map { [$0.0, md($0.1)] } + [
                ["Events in the store", String(s.eventsInStore)],
                ["Rejected records in the store", String(s.rejectsInStore)], ["Events this report covers", String(s.eventsInScope)],
                ["Time span of those events", s.firstEventUs.map { "\(zone.format($0)) to \(time(s.lastEventUs))" } ?? "no events"],
                ["Correlation", content.correlationFact],
            ] + triageFacts())
        w("### Evidence sources\n\n")
        if s.sources.isEmpty {
            w("No evidence has been ingested into this store.\n\n")
        } else {
            table(
                ["#", "File", "Plugin", "Format", "SHA-256", "Records read", "Stored", "Duplicates", "Rejects", "Events", "Ingested"],
                s.sources.map { src in
                    [
                        String(src.sourceID), md(src.path) + src.warnings.map { " (warning: \(md($0)))" }.joined(),
                        md(src.plugin + " " + src.pluginVersion), md(src.format), "`\(md(src.sha256))`",
                        String(src.counts.recordsRead), String(src.counts.recordsStored), String(src.counts.duplicates),
                        String(src.counts.rejects), String(src.counts.eventsStored), md(src.ingestedAt),
                    ]
                })
        }
        w("### Correlation policy and parameters\n\n")
        if !content.correlation.hasResults {
            w("Not correlated yet: no policy has been applied, so there are no findings and no events are attributed to interactions.\n\n")
        } else if let run = content.correlation.latestRun {
            w("As recorded by the latest correlation run (table `\(md(CorrelationRun.table))`).\n\n")
            self.table(["Parameter", "Value"], run.recordedValues.map { [md($0.column), md($0.value)] })
        } else {
            w("The store has correlation results but no record of the run that produced them.\n\n")
        }
    }

    mutating func findings() {
        w("## 2. Findings\n\n")
        guard content.correlation.hasResults else {
            w("Not correlated yet: findings are raised by `tessera correlate`.\n\n")
            return
        }
        if content.findings.isEmpty {
            if let excluded = content.triage?.excluded, !excluded.isEmpty {
                w("No finding is listed: every finding in this report's scope was left out by its triage status (see the case summary).\n\n")
            } else {
                w("No finding: within this report's scope, no policy rule was broken.\n\n")
            }
            orphanReviews()
            return
        }
        let listed = Set(content.events.rows.map(\.eventID))
        for (rank, title) in ["High", "Medium", "Low", "Other"].enumerated() {
            let group = content.findings.filter { $0.severityRank == rank }
            guard !group.isEmpty else { continue }
            w("### \(title) severity (\(group.count))\n\n")
            let triaged = content.triage != nil
            table(
                ["Finding", "Rule", "Interaction", "First", "Last", "Explanation", "Evidence events"] + (triaged ? ["Triage"] : []),
                group.map { f in
                    let shown = f.evidence.prefix(content.limits.maxEvidenceLinks).map { "#\($0)" }.joined(separator: ", ")
                    let more = f.evidence.count > content.limits.maxEvidenceLinks ? ", and \(f.evidence.count - content.limits.maxEvidenceLinks) more" : ""
                    let unlisted = f.evidence.filter { !listed.contains($0) }.count
                    let hint = unlisted > 0 ? " (\(unlisted) not in the event list: \(md(CommandHints.findingEvidence(f.findingID))))" : ""
                    return [
                        md(f.findingID), md(f.rule), md(f.interactionID ?? "none"), time(f.firstUs), time(f.lastUs),
                        md(f.summary), shown + more + hint,
                    ] + (triaged ? [triageCell(f)] : [])
                })
        }
        orphanReviews()
    }

    mutating func interactions() {
        w("## 3. Interactions\n\n")
        if content.interactions.isEmpty {
            w("No support interaction in this report's scope.\n\n")
            return
        }
        if !content.correlation.hasResults {
            w(
                "Not correlated yet: the interactions below are as ingested from the support logs; the resources each one accessed appear once `tessera correlate` has run.\n\n"
            )
        }
        for s in content.interactions {
            w("### 3.\(s.index) Interaction \(md(s.interactionID))\n\n")
            var facts: [[String]] = []
            func add(_ name: String, _ values: [String]) { if !values.isEmpty { facts.append([name, values.map { md($0) }.joined(separator: "; ")]) } }
            add("Ticket", s.ticketURLs)
            add("Summary", s.summaries)
            add("Engineer", s.engineers)
            add("Engineer name", s.engineerNames)
            add("Employer", s.employers)
            add("Engineer country", s.countries)
            add("Clearance", s.clearances.isEmpty ? ["none recorded"] : s.clearances)
            add("Tenant", s.tenant.map { [$0] } ?? [])
            add("Tenants in its events", s.evidenceTenants)
            add("Customer class", s.customerClass.map { [$0] } ?? [])
            add("Approval", s.approvals)
            facts.append(["Span", "\(time(s.startUs)) to \(s.endUs.map { zone.format($0) } ?? "no end recorded")"])
            add("Accounts used", s.accounts)
            add("Source IPs", s.ips)
            add("Declared scope", s.scope)
            if let c = s.counts {
                facts.append(["Correlated", "\(c.sessions) sessions, \(c.events) attributed events, \(c.resources) resources, \(c.findings) findings"])
            }
            if let a = content.triage?.interactions[s.interactionID] {
                let tags = a.latest.tags.isEmpty ? "" : " [" + a.latest.tags.joined(separator: ", ") + "]"
                facts.append([
                    "Triage",
                    md(
                        a.latest.status.rawValue + tags + " " + TriageText.attribution(a, zone: zone)
                            + (a.latestComment.map { ": " + $0 } ?? "")),
                ])
            }
            table(["Fact", "Value"], facts)
            if !s.windows.isEmpty {
                w("#### Windows (sessions and approvals)\n\n")
                table(
                    ["Kind", "Engineer", "Start", "End", "Status", "Source file", "Locator"],
                    s.windows.map { win in
                        [
                            md(win.kind), md(win.engineer), time(win.startUs), win.endUs.map { zone.format($0) } ?? "no end recorded",
                            md(win.status), md(win.sourcePath), md(win.locator),
                        ]
                    })
            }
            guard content.correlation.hasResults else { continue }
            if s.groups.isEmpty { w("No resource access was attributed to this interaction.\n\n") }
            for group in s.groups {
                w("#### \(md(group.title))\n\n")
                table(
                    ["In", "Type", "Resource", "Name", "Actor", "Action", "Events", "First", "Last", "Client IPs"],
                    group.rows.map { r in
                        [
                            r.container == r.resource ? "" : md(r.container), md(r.resourceType), md(r.resource), md(r.resourceName),
                            md(r.actor), md(r.action), String(r.eventCount), time(r.firstUs), time(r.lastUs), md(r.clientIPs),
                        ]
                    })
            }
            if s.omittedResourceRows > 0 {
                w("\(s.omittedResourceRows) more resource rows are not shown; get them all with `\(CommandHints.interactionAccess(s.interactionID))`.\n\n")
            }
            if !s.findingIDs.isEmpty { w("Findings: \(s.findingIDs.map { md($0) }.joined(separator: ", ")).\n\n") }
        }
    }

    mutating func timeline() {
        w("## 4. Timeline\n\n")
        guard let model = content.timeline else {
            w("Nothing to draw: no interaction or event in this report's scope.\n\n")
            return
        }
        w(
            "From \(zone.format(model.startUs)) to \(zone.format(model.endUs)); each activity column is \(TimelineSVG.duration(model.columnWidthUs * Int64(model.columns / Self.sparkColumns))). \(md(model.note))\n\n"
        )
        var rows: [[String]] = []
        if let bins = model.unattributed {
            rows.append(["**Unattributed support access**", "events outside every window", "", String(bins.reduce(0, +)), "`\(Self.sparkline(bins))`"])
        }
        for lane in model.lanes {
            var windows = ""
            if let index = lane.interactionIndex, index >= 1, index <= content.interactions.count {
                windows = content.interactions[index - 1].windows.map { "\(zone.format($0.startUs)) – \($0.endUs.map { zone.format($0) } ?? "no end")" }
                    .joined(separator: "; ")
            }
            rows.append([md(lane.label), md(lane.detail), windows, String(lane.counts.reduce(0, +)), "`\(Self.sparkline(lane.counts))`"])
        }
        table(["Lane", "Detail", "Windows", "Attributed events", "Activity over time"], rows)
    }

    static let sparkColumns = 50

    /// Activity as block characters, one per few of the SVG's columns.
    static func sparkline(_ counts: [Int]) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let step = max(1, counts.count / sparkColumns)
        var merged: [Int] = []
        var i = 0
        while i < counts.count { merged.append(counts[i..<min(i + step, counts.count)].reduce(0, +)); i += step }
        let peak = TimelineSVG.bits(merged.max() ?? 0)
        return String(merged.map { $0 == 0 ? "·" : blocks[min(7, (TimelineSVG.bits($0) * 7) / max(1, peak))] })
    }

    mutating func events() {
        let list = content.events
        w("## 5. Events\n\n")
        if list.isBounded {
            w(
                "This report covers \(list.totalInScope) events; the list shows \(list.rows.count) of them — every finding's evidence first, then support access outside any window, then attributed events, then the earliest others — in time order. Counts over all \(list.totalInScope), by month and by actor, follow the list. Get every event with `\(CommandHints.events(filter: content.filter, zone: zone))` or query them with `tessera query \"SELECT * FROM timeline\"`.\n\n"
            )
        } else {
            w("All \(list.totalInScope) events this report covers, in time order. Each row names the evidence file and where in it the record is.\n\n")
        }
        guard !list.rows.isEmpty else { w("No events.\n\n"); return }
        table(
            ["Time", "Event", "Interaction", "Severity", "Category / action", "Actor", "Client IP", "Resource", "Message", "Source file", "Locator"],
            list.rows.map { e in
                let ia = e.interactions.map { md($0) }.joined(separator: "; ") + (e.unattributedSupport ? " **outside every window**" : "")
                let sev =
                    (e.severity.map { "**\($0)** " + e.findingIDs.map { md($0) }.joined(separator: ", ") } ?? "")
                    + (e.sigmaRules.isEmpty ? "" : " Sigma: " + e.sigmaRules.map { md($0) }.joined(separator: "; "))
                let resource = [e.resourceName, e.resource].compactMap { $0 }.map { md($0) }.joined(separator: " — ")
                return [
                    time(e.tsUs), String(e.eventID), ia, sev, md(e.category) + " / " + md(e.action), md(e.actor),
                    md(e.clientIP), resource, md(e.message), md(e.sourcePath), md(e.locator),
                ]
            })
        if list.isBounded {
            w("### All \(list.totalInScope) events by month (UTC)\n\n")
            table(["Month", "Events", "First", "Last"], list.byMonth.map { [md($0.key), String($0.count), time($0.firstUs), time($0.lastUs)] })
            w("### The most active actors among them\n\n")
            table(["Actor", "Events", "First", "Last"], list.byActor.map { [md($0.key), String($0.count), time($0.firstUs), time($0.lastUs)] })
            if list.otherActors > 0 { w("and \(list.otherActors) other actors.\n\n") }
        }
    }
}
