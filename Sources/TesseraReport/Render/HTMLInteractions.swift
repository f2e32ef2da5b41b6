extension HTMLReportRenderer {
    // MARK: 3. Interactions

    mutating func interactionsSection() {
        w("<section id=\"interactions\">\n<h2>3. Interactions</h2>\n")
        if content.interactions.isEmpty {
            w("<p class=\"note\">No support interaction in this report's scope.</p>\n</section>\n")
            return
        }
        if !content.correlation.hasResults {
            w(
                "<p class=\"note\">Not correlated yet: the interactions below are as ingested from the support logs; the resources each one accessed appear once <code>tessera correlate</code> has run.</p>\n"
            )
        }
        for s in content.interactions { interaction(s) }
        w("</section>\n")
    }

    mutating func interaction(_ s: InteractionSection) {
        w("<article class=\"interaction\" id=\"ia-\(s.index)\">\n<h3>3.\(s.index) Interaction \(text(s.interactionID))</h3>\n<dl class=\"facts\">\n")
        list("Ticket", s.ticketURLs)
        list("Summary", s.summaries)
        list("Engineer", s.engineers)
        list("Engineer name", s.engineerNames)
        list("Employer", s.employers)
        list("Engineer country", s.countries)
        list("Clearance", s.clearances.isEmpty ? ["none recorded"] : s.clearances)
        list("Tenant", s.tenant.map { [$0] } ?? [])
        list("Tenants in its events", s.evidenceTenants)
        list("Customer class", s.customerClass.map { [$0] } ?? [])
        list("Approval", s.approvals)
        fact("Span", "\(time(s.startUs)) to \(s.endUs.map { zone.format($0) } ?? "no end recorded")")
        list("Accounts used", s.accounts)
        list("Source IPs", s.ips)
        list("Declared scope", s.scope)
        if let counts = s.counts {
            fact("Correlated", "\(counts.sessions) sessions, \(counts.events) attributed events, \(counts.resources) resources, \(counts.findings) findings")
        }
        interactionTriage(s.interactionID)
        w("</dl>\n")
        if !s.windows.isEmpty {
            w(
                "<h4>Windows (sessions and approvals)</h4>\n<table><thead><tr><th>Kind</th><th>Engineer</th><th>Start</th><th>End</th><th>Status</th><th>Source file</th><th>Locator</th></tr></thead><tbody>\n"
            )
            for win in s.windows {
                w("<tr><td>\(text(win.kind))</td><td>\(text(win.engineer))</td><td class=\"time\">\(time(win.startUs))</td>")
                w("<td class=\"time\">\(win.endUs.map { zone.format($0) } ?? "no end recorded")</td><td>\(text(win.status))</td>")
                w("<td class=\"wrap\">\(text(win.sourcePath))</td><td>\(text(win.locator))</td></tr>\n")
            }
            w("</tbody></table>\n")
        }
        if content.correlation.hasResults {
            if s.groups.isEmpty { w("<p class=\"note\">No resource access was attributed to this interaction.</p>\n") }
            for group in s.groups {
                w("<h4>\(text(group.title))</h4>\n<table><thead><tr><th>In</th><th>Type</th><th>Resource</th><th>Name</th><th>Actor</th><th>Action</th>")
                w("<th class=\"num\">Events</th><th>First</th><th>Last</th><th>Client IPs</th></tr></thead><tbody>\n")
                for r in group.rows {
                    w(
                        "<tr><td class=\"wrap\">\(r.container == r.resource ? "" : text(r.container))</td><td>\(text(r.resourceType))</td><td class=\"wrap\">\(text(r.resource))</td>"
                    )
                    w("<td>\(text(r.resourceName))</td><td>\(text(r.actor))</td><td>\(text(r.action))</td><td class=\"num\">\(r.eventCount)</td>")
                    w("<td class=\"time\">\(time(r.firstUs))</td><td class=\"time\">\(time(r.lastUs))</td><td class=\"ip\">\(text(r.clientIPs))</td></tr>\n")
                }
                w("</tbody></table>\n")
            }
            if s.omittedResourceRows > 0 {
                w(
                    "<p class=\"note\">\(s.omittedResourceRows) more resource rows are not shown; get them all with <code>\(text(CommandHints.interactionAccess(s.interactionID)))</code></p>\n"
                )
            }
            if !s.findingIDs.isEmpty {
                w("<p>Findings: \(s.findingIDs.map { text($0) }.joined(separator: ", ")) (see <a href=\"#findings\">Findings</a>).</p>\n")
            }
        }
        w("</article>\n")
    }

    mutating func list(_ name: String, _ values: [String]) {
        guard !values.isEmpty else { return }
        w("<dt>\(text(name))</dt><dd>\(values.map { text($0) }.joined(separator: "<br>"))</dd>\n")
    }
}
