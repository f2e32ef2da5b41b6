import Dispatch

/// Maps a stream of items on worker threads, a batch at a time, and hands the results back on the
/// calling thread in input order, so what a plugin emits does not depend on timing. The caller
/// frames records (reads lines, CSV rows, array elements) while workers parse and map the
/// previous batches; memory is bounded by `maxInFlight` batches.
public final class OrderedBatchMapper<Input: Sendable, Output: Sendable> {
    public let batchSize: Int
    public let maxInFlight: Int
    private let transform: @Sendable (Input) -> Output

    /// - Parameters:
    ///   - batchSize: items per batch handed to a worker.
    ///   - maxInFlight: batches being mapped while the caller frames the next.
    ///   - transform: the per-item work; it runs on worker threads.
    public init(batchSize: Int = 256, maxInFlight: Int = 2, transform: @escaping @Sendable (Input) -> Output) {
        self.batchSize = max(1, batchSize)
        self.maxInFlight = max(1, maxInFlight)
        self.transform = transform
    }

    /// A batch in flight; the worker writes `outputs`, the caller reads them only after waiting on
    /// the batch's group (which orders the accesses).
    private final class Batch: @unchecked Sendable {
        let items: [Input]
        var outputs: [Output] = []
        init(_ items: [Input]) { self.items = items }
    }

    /// Pulls items with `next` until it returns nil and passes every result to `emit`, in order.
    public func run(next: () throws -> Input?, emit: (Output) throws -> Void) throws {
        var inFlight: [(batch: Batch, group: DispatchGroup)] = []
        // When `next` or `emit` throws, workers still mapping must finish before the error leaves:
        // a worker still running while the process exits on that error races the exit-time
        // cleanup of the C libraries it uses (libcrypto for content keys) and can crash.
        defer { for pending in inFlight { pending.group.wait() } }
        let transform = self.transform
        while true {
            var items: [Input] = []
            items.reserveCapacity(batchSize)
            while items.count < batchSize, let item = try next() { items.append(item) }
            if items.isEmpty { break }
            let batch = Batch(items)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { batch.outputs = batch.items.map(transform) }
            inFlight.append((batch, group))
            if inFlight.count > maxInFlight {
                let oldest = inFlight.removeFirst()
                oldest.group.wait()
                for output in oldest.batch.outputs { try emit(output) }
            }
        }
        while !inFlight.isEmpty {
            let oldest = inFlight.removeFirst()
            oldest.group.wait()
            for output in oldest.batch.outputs { try emit(output) }
        }
    }
}
