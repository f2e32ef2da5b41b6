import Foundation

/// A new empty directory under the system's temporary directory, named `tessera-<purpose>-<UUID>`
/// so that a test never shares one with another test. Left for the OS's tmp cleaning.
public func makeTemporaryDirectory(_ purpose: String = "tests") throws -> String {
    let path = NSTemporaryDirectory() + "tessera-\(purpose)-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
