import ArgumentParser
import Foundation

/// `tessera-generate`: Tessera's one generator of synthetic evidence. `case` (the default) writes
/// a whole case with its ground truth; `evidence` writes one large file of one format for the
/// benchmarks and crash tests. The same seed writes the same bytes.
@main
struct TesseraGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera-generate",
        abstract: "Write synthetic, deterministic evidence: a whole case (default) or one large file.",
        subcommands: [GenerateCase.self, GenerateEvidence.self],
        defaultSubcommand: GenerateCase.self)
}

/// `tessera-generate [case] --out DIR`: a synthetic case with `ground-truth.json`.
struct GenerateCase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Write a synthetic, deterministic case with its ground truth.",
        discussion: """
            Writes vendor/ (support log CSV + JSONL), lockbox/, exchange/ (mailbox- and admin-audit XML), \
            m365/ (Purview UAL CSV), gdrive/ (Drive activities), aws/ (CloudTrail log files), policy.yaml, \
            aliases.csv and ground-truth.json under --out. Then:
              tessera ingest --store case.db OUT && \
            tessera correlate --store case.db --policy OUT/policy.yaml --aliases OUT/aliases.csv
            """)

    @Option(help: "Directory to write (created; must be empty or absent).") var out: String
    @Option(help: "Seed: the same seed writes the same bytes.") var seed: UInt64 = 1
    @Option(help: "Support interactions (every tenth a Customer Lockbox request).") var interactions: Int = 100
    @Option(help: "Total events to reach; the agency's own staff activity fills what the interactions leave.") var events: Int = 10_000
    @Option(help: "Vendor engineers.") var engineers: Int = 12

    mutating func validate() throws {
        guard interactions >= 0, events >= 0, engineers >= 1 else {
            throw ValidationError("--interactions and --events must be ≥ 0, --engineers ≥ 1")
        }
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: out), !existing.isEmpty {
            throw ValidationError("\(out) is not empty")
        }
    }

    mutating func run() throws {
        let truth = try CaseGenerator(
            seed: seed, interactionCount: interactions, eventCount: events,
            engineerCount: engineers, directory: out
        ).run()
        print(
            "wrote \(out): \(truth.interactions.count) interactions, \(truth.eventsExpected) events, "
                + "\(truth.findings.count) findings expected (ground-truth.json)")
    }
}
