extension HTMLReportRenderer {
    // MARK: 4. Timeline

    mutating func timelineSection() {
        w("<section id=\"timeline\">\n<h2>4. Timeline</h2>\n")
        guard let model = content.timeline else {
            w("<p class=\"note\">Nothing to draw: no interaction or event in this report's scope.</p>\n</section>\n")
            return
        }
        w("<figure>\n")
        w(TimelineSVG(model: model, zone: zone, text: { HTMLEscaping.text($0) }).render())
        w(
            "<figcaption class=\"note legend\"><span><i class=\"swatch band\"></i>session or approval window</span><span><i class=\"swatch bar\"></i>attributed access events</span>"
        )
        if model.unattributed != nil { w("<span><i class=\"swatch alert\"></i>support access outside every window</span>") }
        w("<br>\(text(model.note))</figcaption>\n</figure>\n</section>\n")
    }

    // MARK: 5. Events

    mutating func eventsSection() {
        let list = content.events
        w("<section id=\"events\">\n<h2>5. Events</h2>\n")
        if list.isBounded {
            w(
                "<p class=\"status\">This report covers \(list.totalInScope) events; the list shows \(list.rows.count) of them — every finding's evidence first, then support access outside any window, then attributed events, then the earliest others — in time order. "
            )
            w(
                "Counts over all \(list.totalInScope), by month and by actor, follow the list. Get every event with <code>\(text(CommandHints.events(filter: content.filter, zone: zone)))</code> or query them with <code>tessera query \"SELECT * FROM timeline\"</code>.</p>\n"
            )
        } else {
            w(
                "<p class=\"note\">All \(list.totalInScope) events this report covers, in time order. Each row names the evidence file and where in it the record is.</p>\n"
            )
        }
        guard !list.rows.isEmpty else {
            w("<p class=\"note\">No events.</p>\n</section>\n")
            return
        }
        let categories = Array(Set(list.rows.map(\.category))).sorted()
        let interactions = Array(Set(list.rows.flatMap(\.interactions))).sorted()
        w(
            "<div class=\"controls\" id=\"filters\" hidden>\n<label>Text<input id=\"f-text\" type=\"search\" placeholder=\"actor, resource, message…\"></label>\n"
        )
        w("<label>Category<select id=\"f-category\"><option value=\"\">all</option>")
        for c in categories { w("<option value=\"\(HTMLEscaping.attribute(filterKey(c)))\">\(text(c))</option>") }
        w(
            "</select></label>\n<label>Severity<select id=\"f-severity\"><option value=\"\">all</option><option value=\"high\">high</option><option value=\"medium\">medium</option><option value=\"low\">low</option><option value=\"none\">no finding</option></select></label>\n"
        )
        w("<label>Interaction<select id=\"f-interaction\"><option value=\"\">all</option>")
        for i in interactions { w("<option value=\"\(HTMLEscaping.attribute(filterKey(i)))\">\(text(i))</option>") }
        w("</select></label>\n<span id=\"f-count\" class=\"note\"></span>\n</div>\n")
        w("<table id=\"event-list\"><thead><tr><th>Time</th><th class=\"num\">Event</th><th>Interaction</th><th>Severity</th><th>Category / action</th>")
        w("<th>Actor</th><th>Client IP</th><th>Resource</th><th>Message</th><th>Source file and locator</th></tr></thead><tbody>\n")
        for e in list.rows { eventRow(e) }
        w("</tbody></table>\n")
        if list.isBounded {
            w(
                "<h3>All \(list.totalInScope) events by month (UTC)</h3>\n<table><thead><tr><th>Month</th><th class=\"num\">Events</th><th>First</th><th>Last</th></tr></thead><tbody>\n"
            )
            for a in list.byMonth {
                w(
                    "<tr><td>\(text(a.key))</td><td class=\"num\">\(a.count)</td><td class=\"time\">\(time(a.firstUs))</td><td class=\"time\">\(time(a.lastUs))</td></tr>\n"
                )
            }
            w(
                "</tbody></table>\n<h3>The most active actors among them</h3>\n<table><thead><tr><th>Actor</th><th class=\"num\">Events</th><th>First</th><th>Last</th></tr></thead><tbody>\n"
            )
            for a in list.byActor {
                w(
                    "<tr><td>\(text(a.key))</td><td class=\"num\">\(a.count)</td><td class=\"time\">\(time(a.firstUs))</td><td class=\"time\">\(time(a.lastUs))</td></tr>\n"
                )
            }
            w("</tbody></table>\n")
            if list.otherActors > 0 { w("<p class=\"note\">and \(list.otherActors) other actors.</p>\n") }
        }
        w("</section>\n")
    }

    mutating func eventRow(_ e: EventRow) {
        var classes: [String] = []
        if let s = e.severity { classes.append(s) }
        if e.unattributedSupport { classes.append("unattributed") }
        w("<tr id=\"ev-\(e.eventID)\"\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>")
        w("<td class=\"time\">\(time(e.tsUs))<br><span class=\"note\">\(text(e.timestampDesc))</span></td><td class=\"num\">\(e.eventID)</td>")
        w("<td>\(e.interactions.map { id in anchors[id].map { "<a href=\"#ia-\($0)\">\(text(id))</a>" } ?? text(id) }.joined(separator: "<br>"))")
        if e.unattributedSupport { w("<br><strong>outside every window</strong>") }
        w("</td><td>")
        if let s = e.severity { w("<span class=\"sev \(s)\">\(s)</span><br>\(e.findingIDs.map { text($0) }.joined(separator: ", "))") }
        if !e.sigmaRules.isEmpty { w("<br><a class=\"sigma\" href=\"#detections\">Sigma</a>: \(e.sigmaRules.map { text($0) }.joined(separator: "; "))") }
        w(
            "</td><td>\(text(e.category)) / \(text(e.action))<br><span class=\"note\">\(text(e.operation))\(e.outcome.map { " · " + text($0) } ?? "")</span></td>"
        )
        w("<td>\(text(e.actor))</td><td class=\"ip\">\(text(e.clientIP))</td>")
        w(
            "<td class=\"wrap\">\(text(e.resourceName))\(e.resourceName != nil && e.resource != nil ? "<br>" : "")<span class=\"note\">\(text(e.resource))</span></td>"
        )
        w("<td>\(text(e.message))</td><td class=\"wrap\">\(text(e.sourcePath))<br><span class=\"mono\">\(text(e.locator))</span></td></tr>\n")
    }

    /// The filter index: per listed event `[id, category, severity, [interactions]]`, as JSON
    /// that cannot close its script element (see ``HTMLEscaping/jsonString(_:into:)``).
    mutating func eventIndexScript() {
        guard !content.events.rows.isEmpty else { return }
        var json = "["
        for (i, e) in content.events.rows.enumerated() {
            if i > 0 { json += "," }
            json += "[\(e.eventID),"
            HTMLEscaping.jsonString(filterKey(e.category), into: &json)
            json += ","
            HTMLEscaping.jsonString(e.severity ?? "", into: &json)
            json += ",["
            for (k, id) in e.interactions.enumerated() {
                if k > 0 { json += "," }
                HTMLEscaping.jsonString(filterKey(id), into: &json)
            }
            json += "]]"
        }
        w("<script type=\"application/json\" id=\"tessera-events\">\(json)]</script>\n")
    }
}
