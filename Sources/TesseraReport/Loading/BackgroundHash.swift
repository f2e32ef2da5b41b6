import Foundation
import Synchronization
import TesseraSDK

/// Hashes the store file on its own thread while the report's queries run: for a large store
/// the hash is the longest single step, and the two overlap almost entirely.
///
/// Every job must end in `wait()` or `cancel()`: a hashing thread still running when the
/// process exits races libcrypto's exit-time cleanup and can crash the process after its
/// error message was printed (seen as an intermittent SIGSEGV on `report` errors).
final class BackgroundHash: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let cancelled = Atomic<Bool>(false)
    // Written once by the hashing thread before `done` is signalled; read only after waiting.
    private var result: Result<String, ReportError> = .failure(.store("the store hash was not computed"))

    private init() {}

    static func start(path: String) -> BackgroundHash {
        let job = BackgroundHash()
        Thread.detachNewThread {
            do {
                let hex = try FileHasher.sha256(path: path, isCancelled: { job.cancelled.load(ordering: .relaxed) })
                job.result = .success(hex)
            } catch {
                job.result = .failure(ReportError.wrap(error))
            }
            job.done.signal()
        }
        return job
    }

    /// The SHA-256 in hex, once the thread has finished.
    func wait() throws(ReportError) -> String {
        join()
        return try result.get()
    }

    /// Stops the hash at its next 1 MiB read and waits for the thread to finish, so nothing is
    /// left running when the caller gives up (on an error) and the process exits.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
        join()
    }

    /// Waits for the thread; the semaphore is signalled again so a later `wait()` or `cancel()`
    /// (an error after the hash was read) returns at once instead of blocking forever.
    private func join() {
        done.wait()
        done.signal()
    }
}
