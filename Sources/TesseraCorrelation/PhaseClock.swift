import Foundation

/// Measures the wall-clock time of each phase of a run.
struct PhaseClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private(set) var phases: [(phase: String, seconds: Double)] = []

    mutating func mark(_ phase: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((phase, Double(now - last) / 1e9))
        last = now
    }
}
