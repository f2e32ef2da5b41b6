import ArgumentParser

/// How `query`, `sources` and `plugins` print rows.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, markdown
}
