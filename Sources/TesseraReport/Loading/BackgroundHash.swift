import Foundation

/// Hashes the store file on its own thread while the report's queries run: for a large store
/// the hash is the longest single step, and the two overlap almost entirely.
final class BackgroundHash: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the hashing thread before `done` is signalled; read only after waiting.
    private var result: Result<String, ReportError> = .failure(.store("the store hash was not computed"))

    private init() {}

    static func start(path: String) -> BackgroundHash {
        let job = BackgroundHash()
        Thread.detachNewThread {
            do {
                job.result = .success(try FileHash.sha256(path: path))
            } catch {
                job.result = .failure(ReportError.wrap(error))
            }
            job.done.signal()
        }
        return job
    }

    /// The SHA-256 in hex, once the thread has finished.
    func wait() throws(ReportError) -> String {
        done.wait()
        return try result.get()
    }
}
