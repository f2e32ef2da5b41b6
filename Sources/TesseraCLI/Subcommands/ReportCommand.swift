import ArgumentParser
import Foundation
import TesseraReport
import TesseraSDK
import TesseraTriage

/// `tessera report`: the case report an analyst hands on, as one HTML file or Markdown.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the case report (HTML or Markdown) from the store.",
        discussion: """
            The store is opened read-only. The report holds, in order: the case summary (sources with \
            SHA-256 and counts, store hash, policy and parameters, findings by triage verdict), findings by severity \
            with each one's verdict, tags, latest comment, analyst and time, each interaction \
            with the resources it accessed, a timeline, and the event list with each event's source file and \
            locator. The HTML file is self-contained (no external requests) and safe to open: evidence is \
            escaped and a Content-Security-Policy lets only the report's own script run.

            Example:
              tessera report --format html --output case.html --tz America/New_York --generated-at 2024-05-01T12:00:00Z
              tessera report --format markdown --output notes.md --interaction TKT-2023-0467
              tessera report --output final.html --status confirmed --status needs-review --status unreviewed --status evidence-changed
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "html or markdown.")
    var format: ReportFormat = .html

    @Option(help: ArgumentHelp("The file to write (replaced whole when the report is complete).", valueName: "FILE"))
    var output: String

    @OptionGroup var filterOptions: ReportFilterOptions

    @Option(
        name: .customLong("status"),
        help: ArgumentHelp(
            "List only findings with this triage status (repeatable): \(TriageFilterValue.all.joined(separator: ", ")). The case summary still counts those left out, with whose verdicts they were.",
            valueName: "STATUS"))
    var triageStatuses: [String] = []

    @Option(help: "The report's title.")
    var title: String = "Tessera timeline report"

    @Option(
        help: ArgumentHelp(
            "The generation time printed in the report (ISO 8601); fix it to make reruns byte-identical. Default: now, or $SOURCE_DATE_EPOCH.",
            valueName: "TIME"))
    var generatedAt: String?

    func validate() throws {
        for status in triageStatuses where !TriageFilterValue.all.contains(status) {
            throw ValidationError("--status '\(status)' is not one of \(TriageFilterValue.all.joined(separator: ", "))")
        }
        if let generatedAt, (try? Timestamp.parseISO8601UTC(generatedAt, zone: TimeZone(secondsFromGMT: 0))) == nil {
            throw ValidationError("--generated-at '\(generatedAt)' is not an ISO 8601 time, e.g. 2024-05-01T12:00:00Z")
        }
    }

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(.readOnly)
            let options = ReportOptions(
                title: title, generatedAtUs: try generationTime(), zone: try filterOptions.zone(),
                toolVersion: TesseraVersion.current)
            var filter = try filterOptions.filter()
            filter.triageStatuses = triageStatuses
            let written = try Report.write(store: store, format: format, filter: filter, options: options, to: output)
            print(
                "wrote \(output): \(written.bytes) bytes; \(written.interactions) interactions, \(written.findings) findings\(written.findingsLeftOut > 0 ? " (\(written.findingsLeftOut) left out by --status)" : ""), "
                    + "\(written.eventsListed) of \(written.eventsInScope) events listed"
                    + (written.correlated ? "" : " (not correlated yet: run `tessera correlate` for attribution and findings)"))
        }
    }

    private func generationTime() throws -> Int64 {
        if let generatedAt { return try Timestamp.parseISO8601UTC(generatedAt, zone: TimeZone(secondsFromGMT: 0)) }
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Int64(epoch) {
            return seconds * 1_000_000
        }
        return Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
    }
}
