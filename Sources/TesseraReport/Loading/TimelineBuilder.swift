/// Section 4: the timeline as lanes of columns. A lane is one interaction when there are few;
/// with many, one engineer (all their interactions' windows and events), and beyond that the
/// rest share a last lane — so 2 or 2,000 interactions draw in bounded size.
enum TimelineBuilder {
    /// Columns across the time axis.
    static let columns = 200
    /// Most lanes drawn.
    static let maxLanes = 40

    static func build(
        interactions: [InteractionSection], attribution: AttributionIndex, filter: ReportFilter,
        scope: (first: Int64?, last: Int64?), correlated: Bool
    ) -> TimelineModel? {
        var lo = filter.fromUs ?? Int64.max
        var hi = filter.toUs ?? Int64.min
        if filter.fromUs == nil || filter.toUs == nil {
            var points: [Int64] = [scope.first, scope.last].compactMap { $0 }
            for s in interactions {
                for w in s.windows { points.append(w.startUs); if let end = w.endUs { points.append(end) } }
                if let start = s.startUs { points.append(start) }
                if let end = s.endUs { points.append(end) }
            }
            points = points.filter(filter.contains)
            if filter.fromUs == nil { lo = points.min() ?? lo }
            if filter.toUs == nil { hi = points.max() ?? hi }
        }
        guard lo <= hi, lo != Int64.max else { return nil }
        if hi == lo { hi = lo + 60_000_000 }
        var model = TimelineModel(startUs: lo, endUs: hi, columns: columns, lanes: [], unattributed: nil, note: "")

        let selected = attribution.positions(of: filter.interactions)
        var countsByInteraction: [String: [Int]] = [:]
        for entry in attribution.entries where selected.contains(entry.interaction) {
            let id = attribution.interactionIDs[Int(entry.interaction)]
            countsByInteraction[id, default: Array(repeating: 0, count: columns)][model.column(of: entry.tsUs)] += 1
        }

        func bands(_ list: [InteractionSection]) -> [ClosedRange<Int>] {
            var spans: [ClosedRange<Int>] = []
            for s in list {
                let windows =
                    s.windows.isEmpty
                    ? (s.startUs.map { [($0, s.endUs)] } ?? [])
                    : s.windows.map { ($0.startUs, $0.endUs) }
                for (start, end) in windows {
                    guard filter.overlaps(first: start, last: end ?? start) else { continue }
                    let a = model.column(of: max(start, lo)), b = model.column(of: min(end ?? start, hi))
                    spans.append(min(a, b)...max(a, b))
                }
            }
            return merge(spans)
        }
        func counts(_ list: [InteractionSection]) -> [Int] {
            var total = Array(repeating: 0, count: columns)
            for s in list { if let c = countsByInteraction[s.interactionID] { for i in 0..<columns { total[i] += c[i] } } }
            return total
        }

        if interactions.count <= maxLanes {
            model.lanes = interactions.map { s in
                TimelineModel.Lane(
                    label: s.interactionID, detail: s.engineers.joined(separator: ", "),
                    interactionIndex: s.index, bands: bands([s]), counts: counts([s]))
            }
            model.note = "One lane per interaction: its session windows as bands, its attributed events as bars (taller = more events in that column)."
        } else {
            var byEngineer: [String: [InteractionSection]] = [:]
            var order: [String] = []
            for s in interactions {
                let key = s.engineers.first ?? "(no engineer named)"
                if byEngineer[key] == nil { order.append(key) }
                byEngineer[key, default: []].append(s)
            }
            let shown = order.count <= maxLanes ? order : Array(order.prefix(maxLanes - 1))
            for key in shown {
                let list = byEngineer[key] ?? []
                model.lanes.append(
                    .init(
                        label: key, detail: "\(list.count) interaction\(list.count == 1 ? "" : "s")",
                        interactionIndex: nil, bands: bands(list), counts: counts(list)))
            }
            if order.count > shown.count {
                let rest = order.dropFirst(shown.count).flatMap { byEngineer[$0] ?? [] }
                model.lanes.append(
                    .init(
                        label: "\(order.count - shown.count) other engineers",
                        detail: "\(rest.count) interactions", interactionIndex: nil,
                        bands: bands(rest), counts: counts(rest)))
            }
            model.note =
                "\(interactions.count) interactions are aggregated: one lane per engineer (in order of first interaction), bands where any of their windows is open, bars for their attributed events."
        }
        if !correlated { model.note += " Not correlated yet: no events are attributed, so only the windows are drawn." }
        if let unattributed = attribution.unattributed, filter.interactions.isEmpty {
            var bins = Array(repeating: 0, count: columns)
            for item in unattributed { bins[model.column(of: item.tsUs)] += 1 }
            model.unattributed = bins
        }
        return model
    }

    static func merge(_ spans: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, span.lowerBound <= last.upperBound + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, span.upperBound)
            } else {
                result.append(span)
            }
        }
        return result
    }
}
