import ArgumentParser
import Foundation
import TesseraIngest
import TesseraSDK

/// `tessera normalize`: detection and plugins without a store, to JSON Lines.
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Parse evidence into JSON Lines of exactly what `ingest` would store, with a manifest per file (no store).",
        discussion: """
            Files and directories are read as `tessera ingest` reads them (detection, .gz, --plugin, \
            --source-tz, --mapping). Each file becomes one line per stored event (every event column, \
            the locator, dedup key and raw record) and per reject, and a manifest: path, SHA-256, \
            plugin and version, records read = stored + duplicates + rejects, warnings. Records \
            repeated within a file are counted as duplicates, as ingest counts them.

            --output DIR writes DIR/tessera-normalized.json and DIR/data/part-NNNNN.jsonl (one per \
            file); `tessera ingest DIR` stores them with the evidence's own provenance and counts.

            --output - writes each file's lines then its manifest line to standard output (the \
            Spark job's executors use this; docs/scale-out.md).

            Examples:
              tessera normalize Samples/ --output samples.normalized
              tessera ingest --store case.db samples.normalized
            """)

    @OptionGroup var mappingOptions: MappingOptions

    @Option(help: ArgumentHelp("A new directory, or - for standard output.", valueName: "DIR|-"))
    var output: String?

    @OptionGroup var reading: EvidenceReadingOptions

    @Option(
        name: .customLong("first-source"),
        help: ArgumentHelp("The `src` number of the first file (the Spark job numbers files across executors).", valueName: "N"))
    var firstSource = 0

    @Option(
        help: ArgumentHelp(
            "Write only the records a prune keeps: a plan from `tessera prune-plan`, or 'always' (support sessions and logons only). For the Spark job.",
            valueName: "PLAN.json|always"))
    var keep: String?

    @Flag(name: .customLong("as-found-in-directory"), help: "Treat the paths as files found in a directory: a file no plugin claims is skipped, not an error.")
    var asFoundInDirectory = false

    @Option(
        name: .customLong("record-path"),
        help: ArgumentHelp(
            "Record this path (e.g. the object-storage URI the file was copied from) instead of the file's local path; one file only.", valueName: "URI"))
    var recordPath: String?

    @Flag(help: "Only list the evidence files the paths expand to, in reading order, as JSON Lines ({\"path\": ...}).")
    var list = false

    @Argument(help: "Evidence files and directories.")
    var paths: [String]

    func validate() throws {
        if output == nil && !list { throw ValidationError("name the output: --output DIR or --output -") }
        if firstSource < 0 { throw ValidationError("--first-source must be 0 or more") }
        if recordPath != nil && paths.count != 1 { throw ValidationError("--record-path names one file: give exactly one path") }
    }

    func run() throws {
        try reportingErrors {
            if list {
                for file in EvidenceWalker.expand(paths).files {
                    print(JSONWriter.string(.object(JSONObject([("path", .string(file.path)), ("named", .bool(file.named))]))))
                }
                return
            }
            let options = reading.ingestOptions
            let pipeline = NormalizePipeline(plugins: try mappingOptions.plugins(), options: options)
            pipeline.firstSource = firstSource
            pipeline.asFoundInDirectory = asFoundInDirectory
            pipeline.recordedPath = recordPath
            if let keep {
                pipeline.keepRule = keep == "always" ? .alwaysKept : try KeepRule(plan: try Self.loadPlan(keep))
            }
            let toStandardOutput = output == "-"
            let report = try pipeline.run(paths: paths, to: toStandardOutput ? .standardOutput : .directory(output!))
            var ingestReport = IngestReport()
            ingestReport.outcomes = report.outcomes
            ingestReport.passedOver = report.passedOver
            let summary = IngestSummary.text(ingestReport, storePath: toStandardOutput ? "standard output" : output!, verb: "normalized")
            if toStandardOutput { Console.error(summary) } else { print(summary) }
            if report.failures > 0 { throw ExitStatus.failure.exitCode }
        }
    }

    private static func loadPlan(_ path: String) throws -> JSONObject {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CLIError(message: "\(path): cannot read the keep plan: \(error.localizedDescription)", code: .failure)
        }
        guard let plan = try JSONParser.parse(Array(data)).objectValue else {
            throw CLIError(message: "\(path): the keep plan is not a JSON object (see tessera prune-plan)", code: .failure)
        }
        return plan
    }
}
