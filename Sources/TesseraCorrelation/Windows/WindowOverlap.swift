/// Two windows of one engineer, in different interactions, that overlap in time.
struct WindowOverlap {
    var interactionID: String
    var otherInteractionID: String
    var engineer: String
    var startUs: Int64
    var endUs: Int64

    /// Every overlapping pair, per engineer identity, in a fixed order.
    static func find(windows: [SupportWindow], interactionOf: [Int], interactionIDs: [String]) -> [WindowOverlap] {
        var byEngineer: [Int: [Int]] = [:]
        for (i, w) in windows.enumerated() where w.window != nil {
            if let root = w.engineerRoot { byEngineer[root, default: []].append(i) }
        }
        var result: [WindowOverlap] = []
        for indexes in byEngineer.values {
            let sorted = indexes.sorted { windows[$0].window!.lowerBound < windows[$1].window!.lowerBound }
            for (n, a) in sorted.enumerated() {
                for b in sorted.dropFirst(n + 1) {
                    let wa = windows[a].window!, wb = windows[b].window!
                    if wb.lowerBound > wa.upperBound { break }
                    guard interactionOf[a] != interactionOf[b] else { continue }
                    let (first, second) = interactionIDs[interactionOf[a]] < interactionIDs[interactionOf[b]] ? (a, b) : (b, a)
                    result.append(
                        WindowOverlap(
                            interactionID: interactionIDs[interactionOf[first]], otherInteractionID: interactionIDs[interactionOf[second]],
                            engineer: windows[a].engineer ?? "", startUs: max(wa.lowerBound, wb.lowerBound),
                            endUs: min(wa.upperBound, wb.upperBound)))
                }
            }
        }
        return result.sorted { ($0.interactionID, $0.otherInteractionID, $0.startUs) < ($1.interactionID, $1.otherInteractionID, $1.startUs) }
    }
}
