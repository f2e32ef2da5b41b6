import ArgumentParser
import TesseraIngest
import TesseraStore
import Testing

@testable import TesseraCLI

/// Errors map to the documented exit codes in one place (`ExitStatus.of`).
@Suite struct ExitStatusTests {
    @Test func errorsMapToTheDocumentedCodes() {
        #expect(ExitStatus.of(CLIError(message: "x")) == .failure)
        #expect(ExitStatus.of(CLIError(message: "x", code: .verifyMismatch)) == .verifyMismatch)
        #expect(ExitStatus.of(StoreError.missing(path: "case.db")) == .failure)
        #expect(ExitStatus.of(IngestPlanError.strictSkipped(["x.bin"])) == .detection)
        #expect(ExitStatus.of(CancellationError()) == .failure)
        #expect(ExitStatus.success.exitCode == .success)
        #expect(ExitStatus.detection.exitCode.rawValue == 3)
    }

    @Test func reportingErrorsPrintsAndExitsWithTheMappedCode() {
        do {
            try reportingErrors { throw StoreError.missing(path: "case.db") }
            Issue.record("the error was swallowed")
        } catch let exit as ExitCode {
            #expect(exit.rawValue == 1)
        } catch {
            Issue.record("\(error) is not an exit code")
        }
    }
}
