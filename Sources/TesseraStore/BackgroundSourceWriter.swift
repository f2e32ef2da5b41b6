import Foundation
import TesseraSDK

/// Runs a ``SourceWriter`` on a thread of its own, so that a plugin parses the next records on one
/// core while SQLite writes the previous ones on the other.
///
/// Records and rejects are handed over in batches through a bounded queue: at most
/// ``maxQueuedBatches`` batches of ``batchSize`` wait, so memory stays flat however large the file.
/// They are written in the order they were handed over, so deduplication, counts and event ids are
/// exactly those of writing them one by one. The first error the writer meets stops it; the
/// producer receives that error at its next hand-over, or from ``finish(warnings:)``.
///
/// One producer thread calls ``store(_:)``, ``reject(_:)``, then ``finish(warnings:)`` or
/// ``abort()``; exactly one of the last two must be called, or the writer thread waits forever.
public final class BackgroundSourceWriter: @unchecked Sendable {
    /// Records per hand-over: large enough that locking is rare, small enough to start writing soon.
    public static let batchSize = 256
    /// Batches that may wait for the writer before the producer blocks.
    public static let maxQueuedBatches = 4

    private enum Item {
        case record(EncodedRecord)
        case reject(Reject)
    }

    private let writer: SourceWriter
    /// The source being written (`sources.source_id`).
    public let sourceID: Int64
    /// Records and rejects handed over so far (read on the producer thread, e.g. for progress).
    public private(set) var handedOver = 0

    // Producer thread only.
    private var batch: [Item] = []
    private var ended = false

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [[Item]] = []
    private var closed = false
    private var writerExited = false
    private var failure: (any Error)?

    /// Starts the writer thread for `writer`, whose transaction is already open.
    public init(_ writer: SourceWriter) {
        self.writer = writer
        sourceID = writer.sourceID
        batch.reserveCapacity(Self.batchSize)
        let thread = Thread { [self] in writeUntilClosed() }
        thread.name = "tessera-store-writer"
        thread.start()
    }

    /// Queues a parsed record (see ``SourceWriter/store(_:)``), encoding its columns on this thread.
    public func store(_ record: SourceRecord) throws {
        try store(EncodedRecord(record, sharesDetails: writer.sharesDetails))
    }

    /// Queues a record encoded beforehand (`tessera ingest` of normalized output).
    public func store(_ record: EncodedRecord) throws {
        try enqueue(.record(record))
    }

    /// Queues a record that could not be parsed (see ``SourceWriter/reject(_:)``).
    public func reject(_ reject: Reject) throws {
        try enqueue(.reject(reject))
    }

    private func enqueue(_ item: Item) throws {
        batch.append(item)
        handedOver += 1
        if batch.count >= Self.batchSize { try handOver() }
    }

    /// Waits until everything queued is written, then records the counts and warnings (and the
    /// file's hash, and rows written with the source, see ``SourceWriter/finish(warnings:sha256:beforeCommit:)``)
    /// and commits. Throws the writer's first error instead (the transaction is then rolled back).
    @discardableResult
    public func finish(
        warnings: [String], sha256: String? = nil,
        beforeCommit: ((Database, Int64) throws(SQLiteError) -> Void)? = nil
    ) throws -> SourceCounts {
        do {
            if !batch.isEmpty { try handOver() }
        } catch {
            abort()
            throw error
        }
        ended = true
        if let error = closeAndWait() {
            writer.abort()
            throw error
        }
        return try writer.finish(warnings: warnings, sha256: sha256, beforeCommit: beforeCommit)
    }

    /// Discards everything queued and rolls the source back (also after a failed ``finish(warnings:sha256:)``;
    /// after a successful one it does nothing).
    public func abort() {
        if !ended {
            ended = true
            batch.removeAll()
            condition.lock()
            queue.removeAll()
            condition.unlock()
            _ = closeAndWait()
        }
        writer.abort()
    }

    private func handOver() throws {
        condition.lock()
        while queue.count >= Self.maxQueuedBatches && failure == nil { condition.wait() }
        if let failure {
            condition.unlock()
            throw failure
        }
        queue.append(batch)
        condition.broadcast()
        condition.unlock()
        batch = []
        batch.reserveCapacity(Self.batchSize)
    }

    /// Closes the queue, waits for the writer thread to exit and returns its error, if any.
    private func closeAndWait() -> (any Error)? {
        condition.lock()
        closed = true
        condition.broadcast()
        while !writerExited { condition.wait() }
        let error = failure
        condition.unlock()
        return error
    }

    private func writeUntilClosed() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty {
                writerExited = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let items = queue.removeFirst()
            let failed = failure != nil
            condition.broadcast()
            condition.unlock()
            guard !failed else { continue }
            do {
                for item in items {
                    switch item {
                    case .record(let record): try writer.store(record)
                    case .reject(let reject): try writer.reject(reject)
                    }
                }
            } catch {
                condition.lock()
                failure = error
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}
