import Foundation
import Synchronization
import TesseraSDK
import Testing

@Suite struct OrderedBatchMapperTests {
    struct Stop: Error {}

    @Test func resultsComeBackInInputOrder() throws {
        let mapper = OrderedBatchMapper<Int, Int>(batchSize: 7, maxInFlight: 3) { value in
            if value % 5 == 0 { usleep(200) } // uneven work, so batches finish out of order
            return value * 2
        }
        var input = (0..<1_000).makeIterator()
        var output: [Int] = []
        try mapper.run(next: { input.next() }, emit: { output.append($0) })
        #expect(output == (0..<1_000).map { $0 * 2 })
    }

    @Test func aThrowingEmitLeavesNoWorkerRunning() {
        let started = Atomic<Int>(0), finished = Atomic<Int>(0)
        let mapper = OrderedBatchMapper<Int, Int>(batchSize: 1, maxInFlight: 4) { value in
            started.add(1, ordering: .relaxed)
            usleep(value == 0 ? 0 : 20_000)
            finished.add(1, ordering: .relaxed)
            return value
        }
        var input = (0..<100).makeIterator()
        #expect(throws: Stop.self) {
            try mapper.run(next: { input.next() }, emit: { _ in throw Stop() })
        }
        // The first emit throws while later batches are still mapping: run must have waited.
        #expect(started.load(ordering: .relaxed) > 1)
        #expect(finished.load(ordering: .relaxed) == started.load(ordering: .relaxed))
    }

    @Test func aThrowingNextLeavesNoWorkerRunning() {
        let started = Atomic<Int>(0), finished = Atomic<Int>(0)
        let mapper = OrderedBatchMapper<Int, Int>(batchSize: 1, maxInFlight: 8) { value in
            started.add(1, ordering: .relaxed)
            usleep(20_000)
            finished.add(1, ordering: .relaxed)
            return value
        }
        var count = 0
        #expect(throws: Stop.self) {
            try mapper.run(
                next: {
                    count += 1
                    if count > 5 { throw Stop() }
                    return count
                }, emit: { _ in })
        }
        #expect(started.load(ordering: .relaxed) == 5)
        #expect(finished.load(ordering: .relaxed) == 5)
    }
}
