import ArgumentParser
import Foundation
import TesseraReport

/// `--interaction`, `--from`, `--to`, `--tz`: shared by `report` and `export`.
struct ReportFilterOptions: ParsableArguments {
    @Option(name: .customLong("interaction"), help: ArgumentHelp("Only this interaction (repeatable).", valueName: "ID"))
    var interactions: [String] = []

    @Option(help: ArgumentHelp("Only events at or after this time (ISO 8601; a time without zone is read in --tz).", valueName: "TIME"))
    var from: String?

    @Option(help: ArgumentHelp("Only events at or before this time (a date alone means the end of that day).", valueName: "TIME"))
    var to: String?

    @Option(help: ArgumentHelp("Time zone to show times in: an IANA name, UTC or an offset such as +05:30 (default UTC; always labelled).", valueName: "ZONE"))
    var tz: String = "UTC"

    func validate() throws {
        do {
            _ = try filter()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func zone() throws(ReportError) -> DisplayZone { try DisplayZone(named: tz) }

    func filter() throws(ReportError) -> ReportFilter {
        try ReportFilter(interactions: interactions, from: from, to: to, zone: try zone())
    }
}

extension ReportFormat: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}
extension ExportRows: ExpressibleByArgument {}
