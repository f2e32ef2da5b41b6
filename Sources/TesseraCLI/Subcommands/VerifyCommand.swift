import ArgumentParser
import Foundation
import TesseraIngest
import TesseraSDK
import TesseraStore
import TesseraTriage

/// `tessera verify`: are the evidence files still the ones that were ingested?
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash every source file and check the analysts' annotation chain.",
        discussion: """
            Prints ok, changed or missing per source, compared with the SHA-256 recorded at ingest; then \
            re-computes the hash chain of `annotations` (analysts' verdicts) and names the first row that \
            was altered, removed or inserted by hand. Exits 2 when any source is changed or missing, or \
            the chain is broken.

            Example:
              tessera verify --store case.db
            """)

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingErrors {
            let store = try storeOptions.open(.readOnly)
            var problems = 0
            let sources = try store.sources()
            for source in sources {
                let status: String
                if !FileManager.default.fileExists(atPath: source.path) {
                    status = "missing"
                } else {
                    do {
                        status = try FileHasher.sha256(path: source.path) == source.sha256 ? "ok" : "changed"
                    } catch {
                        status = "unreadable (\(error))"
                    }
                }
                if status != "ok" { problems += 1 }
                print("\(status.padding(toLength: 8, withPad: " ", startingAt: 0)) #\(source.sourceID)  \(source.sha256)  \(source.path)")
            }
            print("\(sources.count) source\(sources.count == 1 ? "" : "s"): \(sources.count - problems) ok, \(problems) changed or missing")
            let chain = try AnnotationChain.verify(store.database)
            if let altered = chain.firstAltered { print("ALTERED  annotation #\(altered.id): \(altered.reason)") }
            for warning in chain.warnings { print("ALTERED  \(warning)") }
            print(
                "\(chain.rows) annotation\(chain.rows == 1 ? "" : "s"): "
                    + (chain.isIntact ? "hash chain intact" + (chain.head.map { " (head \($0))" } ?? "") : "hash chain BROKEN"))
            if problems > 0 || !chain.isIntact { throw ExitStatus.verifyMismatch.exitCode }
        }
    }
}
