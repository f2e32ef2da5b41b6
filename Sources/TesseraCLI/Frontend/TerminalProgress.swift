import Foundation
import TesseraIngest

#if canImport(Glibc)
    import Glibc
#endif

/// Progress on standard error (bytes, records, rate, ETA), only when it is a terminal.
final class TerminalProgress: IngestProgress {
    private var lastDraw = Date.distantPast
    private var started = Date()
    private var currentPath = ""

    /// A reporter when standard error is a terminal; nil when piped or redirected.
    static func ifTerminal() -> TerminalProgress? {
        isatty(STDERR_FILENO) == 1 ? TerminalProgress() : nil
    }

    func update(path: String, phase: String, bytes: Int64, totalBytes: Int64, records: Int) {
        if path != currentPath { currentPath = path; started = Date() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let fraction = totalBytes > 0 ? min(Double(bytes) / Double(totalBytes), 1) : 0
        let rate = Double(bytes) / elapsed / 1_048_576
        let eta = fraction > 0.01 ? elapsed / fraction - elapsed : 0
        let name = (path as NSString).lastPathComponent
        var text = String(format: "%@ %@ %3.0f%%  %.1f MB/s", phase, name, fraction * 100, rate)
        if records > 0 { text += String(format: "  %d records (%.0f/s)", records, Double(records) / elapsed) }
        if eta > 1 { text += String(format: "  ETA %d:%02d", Int(eta) / 60, Int(eta) % 60) }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    func fileDone() { clear() }

    func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
