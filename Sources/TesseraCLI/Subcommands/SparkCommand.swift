import ArgumentParser
import Foundation
import TesseraIngest
import TesseraSDK

/// `tessera spark`: the case's evidence pruned on Apache Spark ("Spark prunes, Tessera decides"),
/// by `spark-submit` of the job in scripts/spark/tessera_spark_job.py. See docs/scale-out.md.
struct SparkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spark",
        abstract: "Normalize and prune evidence on Apache Spark; then `tessera ingest OUT`, correlate, report.",
        discussion: """
            Executors run this tessera binary (shipped with the job) with `normalize` on their share of \
            the files. A first pass keeps the support-log and Lockbox records and the events that name a \
            logon; from them `tessera prune-plan` derives the keep-rule of the policy (identities and \
            aliases, windows with the slack, support actor types); a second pass keeps every event that \
            can matter to a rule. OUT holds partitioned JSON Lines, every source's manifest (counts, \
            SHA-256) and events per source, day and category, for `tessera ingest OUT`.

            Correlate the pruned store with the same --policy, --aliases and --slack.

            Examples:
              tessera spark --master 'local[2]' --evidence Samples/ --out pruned
              tessera spark --master spark://10.0.0.5:7077 --evidence hdfs:///case/ual/ --evidence hdfs:///case/exchange/ \\
                  --support hdfs:///case/support/ --policy policy.yaml --aliases aliases.csv --out /data/case.pruned
              tessera ingest --store case.db pruned && tessera correlate --store case.db && tessera report --store case.db
            """)

    @Option(help: ArgumentHelp("Spark master: local[N], spark://HOST:7077, yarn, k8s://...", valueName: "URL"))
    var master = "local[2]"

    @Option(help: ArgumentHelp("Evidence files, directories or globs, local or on a Hadoop-compatible filesystem (repeatable).", valueName: "PATH"))
    var evidence: [String] = []

    @Option(help: ArgumentHelp("Support-interaction logs and Lockbox request lists, if not among the evidence (repeatable).", valueName: "PATH"))
    var support: [String] = []

    @OptionGroup var correlation: CorrelationInputOptions

    @Option(
        name: .customLong("source-tz"),
        help: ArgumentHelp("Zone for timestamps that carry none (as for ingest).", valueName: "TZ"))
    var sourceTZ: String?

    @Option(help: ArgumentHelp("A new local directory for the output (the driver writes it).", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("Tasks per pass (default: one per file, at most 64).", valueName: "N"))
    var partitions: Int?

    @Option(
        name: .customLong("spark-submit"),
        help: ArgumentHelp("The spark-submit to run (default: $SPARK_SUBMIT, else spark-submit on PATH).", valueName: "PATH"))
    var sparkSubmit: String?

    @Option(help: ArgumentHelp("The job (default: $TESSERA_SPARK_JOB, else scripts/spark/tessera_spark_job.py beside this build).", valueName: "FILE"))
    var job: String?

    @Option(
        name: .customLong("conf"), help: ArgumentHelp("A Spark property for spark-submit (repeatable), e.g. spark.executor.memory=4g.", valueName: "KEY=VALUE"))
    var conf: [String] = []

    func validate() throws {
        if evidence.isEmpty { throw ValidationError("name the evidence: --evidence PATH (repeatable)") }
        if let sourceTZ, Timestamp.zone(named: sourceTZ) == nil { throw ValidationError("--source-tz '\(sourceTZ)' is not a known zone") }
        if let partitions, partitions < 1 { throw ValidationError("--partitions must be 1 or more") }
    }

    func run() throws {
        try reportingErrors {
            _ = try correlation.options() // a bad policy, aliases file or slack fails here, before Spark starts
            let binary = Self.executablePath()
            let jobPath = try job ?? ProcessInfo.processInfo.environment["TESSERA_SPARK_JOB"] ?? Self.findJob(near: binary)
            guard FileManager.default.fileExists(atPath: jobPath) else {
                throw CLIError(message: "the Spark job \(jobPath) does not exist; name it with --job", code: .failure)
            }
            let submit = sparkSubmit ?? ProcessInfo.processInfo.environment["SPARK_SUBMIT"] ?? "spark-submit"
            var arguments = [submit, "--master", master, "--name", "tessera-prune", "--files", binary]
            // The driver receives pass 1's always-kept lines and the pruned lines one partition at a
            // time; Spark's 1 GiB default is short for a large partition (local mode also runs the
            // executors in the driver's JVM).
            if !conf.contains(where: { $0.hasPrefix("spark.driver.memory=") }) { arguments += ["--conf", "spark.driver.memory=2g"] }
            for property in conf { arguments += ["--conf", property] }
            arguments += [jobPath, "--tessera", binary, "--master-label", master, "--out", out]
            for path in evidence { arguments += ["--evidence", path] }
            for path in support { arguments += ["--support", path] }
            if let policy = correlation.policy { arguments += ["--policy", policy] }
            if let aliases = correlation.aliases { arguments += ["--aliases", aliases] }
            if let slack = correlation.slack { arguments += ["--slack", slack] }
            if let sourceTZ { arguments += ["--source-tz", sourceTZ] }
            if let partitions { arguments += ["--partitions", String(partitions)] }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            process.environment = Self.environment(submit: submit)
            do { try process.run() } catch {
                throw CLIError(
                    message: "cannot run \(submit): \(error.localizedDescription); install pyspark (pip install pyspark) or name it with --spark-submit",
                    code: .failure)
            }
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CLIError(
                    message:
                        "the Spark job failed (spark-submit exit status \(process.terminationStatus)); its log above names the file or stage; nothing usable was written to \(out)",
                    code: .failure)
            }
        }
    }

    /// A spark-submit inside a Python virtual environment (pip's pyspark) finds Spark and
    /// PySpark through that environment's `python`: it goes first on PATH and is the job's Python.
    static func environment(submit: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        guard submit.contains("/") else { return environment }
        let bin = URL(fileURLWithPath: submit).deletingLastPathComponent().path
        let python = bin + "/python"
        if FileManager.default.isExecutableFile(atPath: python) {
            environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            if environment["PYSPARK_PYTHON"] == nil { environment["PYSPARK_PYTHON"] = python }
        }
        return environment
    }

    /// This executable, as an absolute path (shipped to the executors).
    static func executablePath() -> String {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).path
        if path.contains("/") { return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? path
    }

    /// scripts/spark/tessera_spark_job.py in a directory above the executable (a build tree), or
    /// share/tessera/ beside its bin/ directory (an installation).
    static func findJob(near binary: String) throws -> String {
        var directory = URL(fileURLWithPath: binary).deletingLastPathComponent()
        let installed = directory.deletingLastPathComponent().appendingPathComponent("share/tessera/tessera_spark_job.py").path
        if FileManager.default.fileExists(atPath: installed) { return installed }
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent("scripts/spark/tessera_spark_job.py").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw CLIError(
            message: "cannot find the Spark job (scripts/spark/tessera_spark_job.py) near \(binary); name it with --job or TESSERA_SPARK_JOB", code: .failure)
    }
}
