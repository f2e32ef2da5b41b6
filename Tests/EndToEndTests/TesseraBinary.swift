import Foundation
import TesseraTestSupport

/// Runs the built `tessera` executable, which sits next to the test bundle.
enum TesseraBinary {
    static var packageRoot: String { RealSamples.packageRoot }

    static var url: URL {
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testExecutable.deletingLastPathComponent().appendingPathComponent("tessera")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TESSERA_STORE")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A new empty directory, removed when the test process exits.
    static func scratchDirectory() throws -> String {
        let dir = try makeTemporaryDirectory("e2e")
        CaseDirectories.shared.removeAtExit(dir)
        return dir
    }

    /// A private copy of Samples/ (so tests may change files) and a store path beside it.
    static func caseDirectory() throws -> (samples: String, store: String) {
        let dir = try scratchDirectory()
        try FileManager.default.copyItem(atPath: packageRoot + "/Samples", toPath: dir + "/Samples")
        return (dir + "/Samples", dir + "/case.db")
    }
}

/// The case directories of this test process, removed when it exits (a test may hand its paths to
/// the binary or to another helper, so no scope inside the test owns them).
private final class CaseDirectories: @unchecked Sendable {
    static let shared = CaseDirectories()
    private let lock = NSLock()
    private var paths: [String] = []

    private init() {
        atexit { CaseDirectories.shared.removeAll() }
    }

    func removeAtExit(_ path: String) {
        lock.withLock { paths.append(path) }
    }

    private func removeAll() {
        let all = lock.withLock { () -> [String] in
            defer { paths = [] }
            return paths
        }
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}
