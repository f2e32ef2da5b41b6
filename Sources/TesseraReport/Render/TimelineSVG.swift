/// Draws ``TimelineModel`` as inline SVG: lanes with window bands and event bars on a
/// shared time axis, unattributed support access in its own highlighted lane. Every
/// coordinate is an integer, so the same data always gives the same bytes.
struct TimelineSVG {
    static let labelWidth = 200
    static let columnWidth = 4
    static let laneHeight = 28
    static let top = 8

    let model: TimelineModel
    let zone: DisplayZone
    let text: (String) -> String

    func render() -> String {
        let plotWidth = model.columns * Self.columnWidth
        let width = Self.labelWidth + plotWidth + 10
        let laneCount = model.lanes.count + (model.unattributed == nil ? 0 : 1)
        let axisY = Self.top + laneCount * Self.laneHeight + 4
        let height = axisY + 34
        var out =
            "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"timeline-title\">\n"
        out += "<title id=\"timeline-title\">Timeline from \(text(zone.format(model.startUs))) to \(text(zone.format(model.endUs)))</title>\n"
        var y = Self.top
        if let bins = model.unattributed {
            out += lane(
                label: "Unattributed support access", detail: Self.count(bins.reduce(0, +), "event") + " outside every window",
                link: nil, bands: [], counts: bins, alert: true, y: y)
            y += Self.laneHeight
        }
        for l in model.lanes {
            out += lane(label: l.label, detail: l.detail, link: l.interactionIndex, bands: l.bands, counts: l.counts, alert: false, y: y)
            y += Self.laneHeight
        }
        out += "<line class=\"axis\" x1=\"\(Self.labelWidth)\" y1=\"\(axisY)\" x2=\"\(Self.labelWidth + plotWidth)\" y2=\"\(axisY)\"/>\n"
        let ticks = [0, model.columns / 4, model.columns / 2, 3 * model.columns / 4, model.columns]
        for (i, column) in ticks.enumerated() {
            let x = Self.labelWidth + column * Self.columnWidth
            let us = model.startUs + Int64(column) * model.columnWidthUs
            let anchor = i == 0 ? "start" : (i == ticks.count - 1 ? "end" : "middle")
            out += "<line class=\"axis\" x1=\"\(x)\" y1=\"\(axisY)\" x2=\"\(x)\" y2=\"\(axisY + 4)\"/>"
            out += "<text x=\"\(x)\" y=\"\(axisY + 16)\" text-anchor=\"\(anchor)\" class=\"small\">\(text(zone.formatShort(min(us, model.endUs))))</text>\n"
        }
        out +=
            "<text x=\"4\" y=\"\(axisY + 16)\" class=\"small\">\(text(zone.isUTC ? "Times in UTC" : "Times in \(zone.name) (\(zone.offsetLabel(at: model.startUs)) at start)"))</text>\n"
        out += "<text x=\"4\" y=\"\(axisY + 30)\" class=\"small\">One column = \(text(Self.duration(model.columnWidthUs)))</text>\n"
        out += "</svg>\n"
        return out
    }

    private func lane(label: String, detail: String, link: Int?, bands: [ClosedRange<Int>], counts: [Int], alert: Bool, y: Int) -> String {
        var out = "<g>"
        let name = "<text x=\"4\" y=\"\(y + 12)\">\(text(String(EvidenceText.neutralized(label).prefix(30))))</text>"
        out += link.map { "<a href=\"#ia-\($0)\">\(name)</a>" } ?? name
        out += "<text x=\"4\" y=\"\(y + 24)\" class=\"small\">\(text(String(EvidenceText.neutralized(detail).prefix(36))))</text>"
        out +=
            "<rect class=\"lane-bg\" x=\"\(Self.labelWidth)\" y=\"\(y + 2)\" width=\"\(model.columns * Self.columnWidth)\" height=\"\(Self.laneHeight - 4)\"/>"
        for band in bands {
            out +=
                "<rect class=\"band\" x=\"\(Self.labelWidth + band.lowerBound * Self.columnWidth)\" y=\"\(y + 2)\" width=\"\((band.count) * Self.columnWidth)\" height=\"\(Self.laneHeight - 4)\"/>"
        }
        let peak = counts.max() ?? 0
        let peakBits = Self.bits(peak)
        for (column, count) in counts.enumerated() where count > 0 {
            let h = 3 + (Self.laneHeight - 8) * Self.bits(count) / max(1, peakBits)
            let start = model.startUs + Int64(column) * model.columnWidthUs
            out +=
                "<rect class=\"bar\(alert ? " alert" : "")\" x=\"\(Self.labelWidth + column * Self.columnWidth)\" y=\"\(y + Self.laneHeight - 2 - h)\" width=\"\(Self.columnWidth - 1)\" height=\"\(h)\">"
            out += "<title>\(count) event\(count == 1 ? "" : "s") from \(text(zone.format(start)))</title></rect>"
        }
        return out + "</g>\n"
    }

    /// `1 event`, `3 events`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// Bit length: an integer log scale for bar heights.
    static func bits(_ n: Int) -> Int { n <= 0 ? 0 : Int.bitWidth - n.leadingZeroBitCount }

    /// `2 h 30 min`, `45 s`.
    static func duration(_ us: Int64) -> String {
        let seconds = us / 1_000_000
        if seconds >= 86_400 { return "\(seconds / 86_400) d \(seconds % 86_400 / 3600) h" }
        if seconds >= 3600 { return "\(seconds / 3600) h \(seconds % 3600 / 60) min" }
        if seconds >= 60 { return "\(seconds / 60) min \(seconds % 60) s" }
        return "\(max(1, seconds)) s"
    }
}
