import ArgumentParser
import Foundation
import TesseraTestSupport
import Testing

@testable import TesseraCLI

/// The command line parsed in process (`parseAsRoot`), as the `tessera` executable parses it:
/// shared option groups, validation, usage errors and their exit code. The end-to-end tests
/// (EndToEndTests) run the built binary for what the commands do.
@Suite struct ParsingTests {
    func parse<C: ParsableCommand>(_ arguments: [String], as type: C.Type) throws -> C {
        try #require(try TesseraCommand.parseAsRoot(arguments) as? C, "\(arguments) did not parse as \(C.self)")
    }

    /// The usage error's exit code and message for `arguments`, nil when they parse.
    func usageError(_ arguments: [String]) -> (code: Int32, message: String)? {
        do {
            _ = try TesseraCommand.parseAsRoot(arguments)
            return nil
        } catch {
            return (TesseraCommand.exitCode(for: error).rawValue, TesseraCommand.message(for: error))
        }
    }

    @Test func ingestTakesTheSharedStoreSourceZoneAndMappingOptions() throws {
        let ingest = try parse(
            [
                "ingest", "--store", "case.db", "--source-tz", "America/New_York", "--mapping", "v.yaml",
                "--force", "--json", "Samples/", "extra.csv",
            ], as: IngestCommand.self)
        #expect(ingest.storeOptions.path == "case.db")
        #expect(ingest.reading.sourceZone.sourceTZ == "America/New_York")
        #expect(ingest.reading.sourceZone.zone?.identifier == "America/New_York")
        #expect(ingest.mappingOptions.files == ["v.yaml"])
        #expect(ingest.force && ingest.json && !ingest.reading.strict)
        #expect(ingest.paths == ["Samples/", "extra.csv"])
    }

    @Test func sourceZoneIsOneOptionGroupWithOneValidation() throws {
        let check = try parse(["mapping", "check", "--source-tz", "+05:30", "google-drive", "drive.json"], as: MappingCheckCommand.self)
        #expect(check.sourceZone.zone?.secondsFromGMT() == 19_800)
        #expect(check.mapping == "google-drive" && check.sample == "drive.json" && check.limit == 10)
        for arguments in [
            ["ingest", "--source-tz", "Mars/Olympus", "x.csv"],
            ["mapping", "check", "--source-tz", "Mars/Olympus", "m.yaml", "s.csv"],
        ] {
            let error = try #require(usageError(arguments), "\(arguments) must be refused")
            #expect(error.code == ExitCode.validationFailure.rawValue, "a usage error exits 64")
            #expect(error.message.contains("--source-tz 'Mars/Olympus' is not a known zone"), "\(error.message)")
        }
    }

    @Test func everyStoreCommandReadsTheStoreFromTheSameOption() throws {
        #expect(try parse(["correlate", "--store", "a.db", "--slack", "2h"], as: CorrelateCommand.self).storeOptions.path == "a.db")
        #expect(try parse(["query", "--store", "b.db", "SELECT 1"], as: QueryCommand.self).storeOptions.path == "b.db")
        #expect(try parse(["sources", "--store", "c.db"], as: SourcesCommand.self).storeOptions.path == "c.db")
        #expect(try parse(["verify", "--store", "d.db"], as: VerifyCommand.self).storeOptions.path == "d.db")
        #expect(try parse(["triage", "list", "--store", "e.db"], as: TriageListCommand.self).storeOptions.path == "e.db")
        let report = try parse(
            [
                "report", "--store", "f.db", "--output", "r.md", "--format", "markdown", "--tz", "America/New_York",
                "--interaction", "TKT-1", "--status", "confirmed",
            ], as: ReportCommand.self)
        #expect(report.storeOptions.path == "f.db" && report.output == "r.md" && report.format == .markdown)
        #expect(report.filterOptions.tz == "America/New_York" && report.filterOptions.interactions == ["TKT-1"])
        #expect(report.triageStatuses == ["confirmed"])
    }

    @Test func rowCommandsShareTheOutputFormatOption() throws {
        #expect(try parse(["query", "SELECT 1"], as: QueryCommand.self).format == .table)
        #expect(try parse(["query", "--format", "csv", "SELECT 1"], as: QueryCommand.self).format == .csv)
        #expect(try parse(["sources", "--format", "json"], as: SourcesCommand.self).format == .json)
        #expect(try parse(["plugins", "--format", "markdown"], as: PluginsCommand.self).format == .markdown)
        #expect(try parse(["triage", "list", "--format", "csv"], as: TriageListCommand.self).format == .csv)
        let bad = try #require(usageError(["query", "--format", "xml", "SELECT 1"]))
        #expect(bad.code == ExitCode.validationFailure.rawValue && bad.message.contains("xml"))
    }

    @Test func reportFilterIsValidatedWhileParsing() throws {
        let error = try #require(usageError(["export", "--format", "csv", "--output", "x.csv", "--tz", "Nowhere/Land"]))
        #expect(error.code == ExitCode.validationFailure.rawValue)
        #expect(error.message.contains("Nowhere/Land"), "\(error.message)")
        let missing = try #require(usageError(["report"]), "--output is required")
        #expect(missing.message.contains("--output"))
    }

    @Test func unknownCommandsAndOptionsAreUsageErrors() throws {
        #expect(usageError(["ingets", "x"])?.code == ExitCode.validationFailure.rawValue)
        #expect(usageError(["query", "--stroe", "x.db", "SELECT 1"])?.code == ExitCode.validationFailure.rawValue)
    }
}
