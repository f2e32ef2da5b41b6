import ArgumentParser
import Foundation
import TesseraIngest

/// Tessera's documented exit codes.
enum ExitStatus: Int32 {
    case success = 0
    case failure = 1
    case verifyMismatch = 2
    case detection = 3
}

extension ExitStatus {
    /// The exit code of a failed command: the one place that maps errors to exit codes
    /// (usage errors are ArgumentParser's 64).
    static func of(_ error: any Error) -> ExitStatus {
        switch error {
        case let error as CLIError: return error.code
        case is IngestPlanError: return .detection
        default: return .failure
        }
    }

    /// This status as the error a command throws to exit with it.
    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// An error the CLI prints as `tessera: message` and exits with its code.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var code: ExitStatus = .failure
    var description: String { message }
}

/// Writes to standard error.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Exits with `status` after printing `message` (if any) to standard error.
    static func fail(_ error: CLIError) -> ExitCode {
        Console.error("tessera: \(error.message)")
        return error.code.exitCode
    }
}

/// Runs a command body, turning errors into `tessera: message` on standard error and the
/// documented exit code (ArgumentParser would otherwise print them its own way).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        throw Console.fail(CLIError(message: "\(error)", code: .of(error)))
    }
}
