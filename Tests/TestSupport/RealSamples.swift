import Foundation

/// The real evidence samples nobody here wrote, at `../shared/samples/real` beside the package
/// (each folder with its source and license). Present under CI and on developers' machines,
/// absent in a user's clone. Tests read them in place; they are never copied into the project.
///
/// The skip rule is the same for every test target: a real-sample test or suite carries the
/// ``Testing/Trait/realSamples`` trait, so where the folder is absent it is reported as skipped
/// with ``absentReason``, never passed silently; where the folder is present, a missing file
/// fails the test (``bytes(_:)`` throws naming it).
public enum RealSamples {
    /// The package root, found from this file (`<root>/Tests/TestSupport/RealSamples.swift`).
    public static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// `../shared/samples/real` from the package root.
    public static let root: String = (packageRoot as NSString).deletingLastPathComponent + "/shared/samples/real"

    /// Whether the samples folder is there.
    public static let present: Bool = FileManager.default.fileExists(atPath: root)

    /// Why real-sample tests are skipped where the folder is absent.
    public static var absentReason: String { "\(root) is absent (a user's clone); real-sample tests skipped" }

    /// The absolute path of a sample, given relative to the samples folder.
    public static func path(_ relativePath: String) -> String { root + "/" + relativePath }

    /// A sample's bytes. Throws, naming the file, when it cannot be read.
    public static func bytes(_ relativePath: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(relativePath)) else {
            throw MissingSample(path: path(relativePath))
        }
        return [UInt8](data)
    }

    /// A sample the tests name is not in the samples folder.
    public struct MissingSample: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "real sample \(path) is missing or unreadable" }
    }
}

#if canImport(Testing)
    import Testing

    extension Trait where Self == ConditionTrait {
        /// Runs the test or suite only where ``RealSamples/present``; elsewhere it is reported as
        /// skipped with ``RealSamples/absentReason``.
        public static var realSamples: Self {
            .enabled(if: RealSamples.present, Comment(rawValue: RealSamples.absentReason))
        }
    }
#endif
