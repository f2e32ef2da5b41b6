import ArgumentParser
import Foundation
import TesseraCorrelation
import TesseraIngest
import TesseraSDK

/// `tessera prune-plan`: the Spark job's keep-rule, derived from the policy by the correlator's
/// own code (see ``PrunePlan``). Run by the job's driver; documented in docs/scale-out.md.
struct PrunePlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune-plan",
        abstract: "Print the keep-rule of a Spark prune (identities, windows with slack, actor types) as JSON.",
        discussion: """
            The store must hold the case's support-log and Lockbox records and the events that name \
            a logon (the Spark job builds it from the evidence). The policy, aliases and slack must be \
            those the pruned store will be correlated with.
            """,
        shouldDisplay: false)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var correlation: CorrelationInputOptions

    func run() throws {
        try reportingErrors {
            let options = try correlation.options()
            let store = try storeOptions.open(.readOnly)
            print(JSONWriter.string(.object(try PrunePlan.build(store: store, options: options))))
        }
    }
}

/// `--policy`, `--aliases`, `--slack`: what correlation (and so the prune) depends on.
struct CorrelationInputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Policy file (YAML or JSON; default: the shipped policy, see --print-default-policy).", valueName: "FILE"))
    var policy: String?

    @Option(help: ArgumentHelp("Alias CSV mapping identities to one person (columns identity,alias).", valueName: "FILE"))
    var aliases: String?

    @Option(help: ArgumentHelp("Time added before and after each session: minutes, or 900s, 15m, 1h (default: the policy's, 15m).", valueName: "DURATION"))
    var slack: String?

    func options() throws(CorrelationError) -> CorrelationOptions {
        var options = CorrelationOptions(toolVersion: TesseraVersion.current)
        if let policy { options.policy = try Policy.load(path: policy) }
        options.aliasesPath = aliases
        if let slack { options.slackSeconds = try CorrelationOptions.parseDuration(slack) }
        return options
    }
}
