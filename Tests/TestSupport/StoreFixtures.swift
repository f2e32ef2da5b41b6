import Foundation
import TesseraStore

/// Stores for tests: a fresh, migrated store in a directory of its own.
public enum StoreFixtures {
    /// A new read-write store (`case.db`) in a new temporary directory.
    public static func newStore(_ purpose: String = "store", name: String = "case.db") throws -> EventStore {
        try EventStore(path: try makeTemporaryDirectory(purpose) + "/" + name, mode: .readWrite)
    }
}
