import ArgumentParser
import Foundation

/// Tessera's documented exit codes.
enum ExitStatus: Int32 {
    case success = 0
    case failure = 1
    case verifyMismatch = 2
    case detection = 3
}

/// An error the CLI prints as `tessera: message` and exits with its code.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var code: ExitStatus
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
        return ExitCode(error.code.rawValue)
    }
}

/// Runs a command body, turning errors into `tessera: message` on standard error and the
/// documented exit code (ArgumentParser would otherwise print them its own way).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CLIError {
        throw Console.fail(error)
    } catch {
        throw Console.fail(CLIError(message: "\(error)", code: .failure))
    }
}
