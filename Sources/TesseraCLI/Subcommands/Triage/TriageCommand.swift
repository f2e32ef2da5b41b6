import ArgumentParser
import TesseraTriage

/// `tessera triage`: analysts' verdicts, tags and comments on findings, events and interactions.
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Record and share analysts' verdicts, tags and comments on findings, events and interactions.",
        discussion: """
            Every verdict is a new row of the append-only, hash-chained table `annotations` with the \
            analyst's name and the time (UTC); nothing is ever changed or deleted, and `tessera verify` \
            checks the chain. Verdicts attach to stable keys (a finding's rule, interaction and the \
            evidence's source SHA-256 and locators), so they survive `tessera correlate` re-runs; a \
            finding whose evidence changed since its review is shown as such in reports and lists.

            Examples:
              tessera triage finding 4 --status false-positive --comment "approved change CHG-88" --analyst "A. Analyst"
              tessera triage event 212 --status confirmed --tag exfiltration
              tessera triage interaction TKT-2024-0311 --status needs-review --tag escalate
              tessera triage list --status false-positive
              tessera triage export --output review-alice.jsonl
              tessera triage import review-alice.jsonl
            """,
        subcommands: [
            TriageFindingCommand.self, TriageEventCommand.self, TriageInteractionCommand.self, TriageListCommand.self,
            TriageExportCommand.self, TriageImportCommand.self,
        ])
}

extension TriageStatus: ExpressibleByArgument {}
