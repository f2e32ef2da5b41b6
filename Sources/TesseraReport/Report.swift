import TesseraStore

/// The report formats.
public enum ReportFormat: String, CaseIterable, Sendable {
    case html, markdown
}

/// Writing a report: load the content from the store (read-only), render, write atomically.
public enum Report {
    /// The report as text. Same store, filter and options (including `generatedAtUs`) give the
    /// same bytes.
    public static func render(
        store: EventStore, format: ReportFormat, filter: ReportFilter,
        options: ReportOptions
    ) throws(ReportError) -> String {
        let content = try ReportLoader.load(store: store, filter: filter, options: options)
        switch format {
        case .html: return HTMLReportRenderer.render(content)
        case .markdown: return MarkdownReportRenderer.render(content)
        }
    }

    /// What was written.
    public struct Written: Sendable {
        /// Size of the file.
        public var bytes: Int
        /// Event rows listed, and events the filter covers (more when the list is bounded).
        public var eventsListed: Int
        public var eventsInScope: Int
        /// Interactions and findings in the report.
        public var interactions: Int
        public var findings: Int
        /// Findings in scope that `--status` left out.
        public var findingsLeftOut: Int
        /// Whether the store had correlation results.
        public var correlated: Bool
    }

    /// Renders the report and writes it to `path` (whole or not at all).
    @discardableResult
    public static func write(
        store: EventStore, format: ReportFormat, filter: ReportFilter, options: ReportOptions,
        to path: String
    ) throws(ReportError) -> Written {
        let file = try OutputFile(path: path, storePath: store.path)
        let content = try ReportLoader.load(store: store, filter: filter, options: options)
        let text: String
        switch format {
        case .html: text = HTMLReportRenderer.render(content)
        case .markdown: text = MarkdownReportRenderer.render(content)
        }
        try file.write(text)
        try file.finish()
        return Written(
            bytes: file.bytesWritten, eventsListed: content.events.rows.count, eventsInScope: content.events.totalInScope,
            interactions: content.interactions.count, findings: content.findings.count,
            findingsLeftOut: content.triage?.excluded.reduce(0) { $0 + $1.count } ?? 0,
            correlated: content.correlation.hasResults)
    }
}
