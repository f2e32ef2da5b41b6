import ArgumentParser
import Foundation
import TesseraCorrelation
import TesseraSDK
import TesseraStore

/// `tessera correlate`: who touched what during each support interaction, and what broke policy.
struct CorrelateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correlate",
        abstract: "Attribute access events to support interactions and raise findings from a policy.",
        discussion: """
            Joins every support session and approved Customer Lockbox window to the events of the \
            identities and IPs involved, then applies the policy's rules. Re-running replaces the previous \
            results atomically; each run is recorded in correlation_runs with its parameters and the \
            policy's SHA-256. Results are in the tables interactions, interaction_access, findings and \
            unattributed_support_access (docs/correlation.md, docs/schema.md).

            Examples:
              tessera correlate
              tessera correlate --policy agency-policy.yaml --aliases aliases.csv --slack 30m
              tessera correlate --print-default-policy > policy.yaml
            """)

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var correlation: CorrelationInputOptions

    @Option(help: ArgumentHelp("GeoLite2 / DB-IP country database (.mmdb) for the location-mismatch rule.", valueName: "FILE"))
    var geoip: String?

    @Flag(name: .customLong("print-default-policy"), help: "Print the shipped default policy and exit.")
    var printDefaultPolicy = false

    func run() throws {
        try reportingErrors {
            if printDefaultPolicy {
                print(Policy.defaultText, terminator: Policy.defaultText.hasSuffix("\n") ? "" : "\n")
                return
            }
            var options = try correlation.options()
            options.geoIPPath = geoip
            let store = try storeOptions.open(.readWrite)
            print(try Correlator(store: store, options: options).run())
        }
    }
}
