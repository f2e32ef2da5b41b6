import ArgumentParser

/// How `query`, `sources` and `plugins` print rows.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, markdown
}

/// `--format table|csv|json|markdown`, shared by the commands that print rows (`query`,
/// `sources`, `plugins`, `triage list`).
struct OutputFormatOptions: ParsableArguments {
    @Option(help: "Output format: table, csv, json or markdown.")
    var format: OutputFormat = .table
}
