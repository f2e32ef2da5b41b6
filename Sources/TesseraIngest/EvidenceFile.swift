import Foundation
import TesseraSDK

/// One evidence file: opening it (read-only, decompressing `.gz`), sniffing its head.
public struct EvidenceFile: Sendable {
    /// The path as the analyst gave it (or as found in a directory).
    public var path: String
    /// Whether it was named on the command line (vs found inside a directory).
    public var named: Bool

    public static let sniffBytes = 64 * 1024

    public init(path: String, named: Bool) {
        self.path = path
        self.named = named
    }

    /// Whether the file starts with the gzip magic bytes.
    public func isGzip() throws -> Bool {
        let source = try FileByteSource(path: path)
        var head = [UInt8](repeating: 0, count: 2)
        var filled = 0
        while filled < 2 {
            let n = try head.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if n == 0 { break }
            filled += n
        }
        return filled == 2 && head == GzipByteSource.magic
    }

    /// The decompressed byte stream over `raw`.
    func decompressed(_ raw: any ByteSource) throws -> any ByteSource {
        if try isGzip() { return try GzipByteSource(raw, path: path) }
        if path.lowercased().hasSuffix(".gz") {
            throw EvidenceError(locator: "byte 0", reason: "named .gz but is not gzip data (no gzip signature 1f 8b)")
        }
        return raw
    }

    /// The file's name for detection, without a `.gz` suffix.
    public var detectionName: String {
        let name = (path as NSString).lastPathComponent
        return name.lowercased().hasSuffix(".gz") ? String(name.dropLast(3)) : name
    }

    /// The first 64 KiB (decompressed), for detection.
    public func sniff() throws -> SniffedHead {
        let source = try decompressed(try FileByteSource(path: path))
        var bytes = [UInt8](repeating: 0, count: Self.sniffBytes)
        var filled = 0
        do {
            while filled < bytes.count {
                let n = try bytes.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
                if n == 0 { break }
                filled += n
            }
        } catch let error as EvidenceError where filled > 0 {
            // A truncated .gz still has a readable head; the parse pass reports the truncation.
            _ = error
        }
        return SniffedHead(fileName: detectionName, bytes: Array(bytes[0..<filled]))
    }
}

/// Expands the analyst's paths into evidence files: files as given, directories recursively
/// (sorted, so runs are reproducible). Symbolic links to directories are not followed (no loops).
public enum EvidenceWalker {
    public struct Result: Sendable {
        public var files: [EvidenceFile] = []
        /// Paths passed over, with why (unreadable directory, link to a directory, ...).
        public var passedOver: [(path: String, reason: String)] = []
    }

    public static func expand(_ paths: [String]) -> Result {
        var result = Result()
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.files.append(EvidenceFile(path: path, named: true)) // the open reports "No such file"
                continue
            }
            if isDirectory.boolValue {
                walk(path, into: &result)
            } else {
                result.files.append(EvidenceFile(path: path, named: true))
            }
        }
        return result
    }

    private static func walk(_ directory: String, into result: inout Result) {
        let manager = FileManager.default
        let entries: [String]
        do {
            entries = try manager.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            result.passedOver.append((directory, "cannot list directory: \(error.localizedDescription)"))
            return
        }
        for entry in entries {
            let path = (directory as NSString).appendingPathComponent(entry)
            guard let attributes = try? manager.attributesOfItem(atPath: path), let type = attributes[.type] as? FileAttributeType else {
                result.passedOver.append((path, "cannot read file attributes"))
                continue
            }
            switch type {
            case .typeDirectory:
                walk(path, into: &result)
            case .typeRegular:
                result.files.append(EvidenceFile(path: path, named: false))
            case .typeSymbolicLink:
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
                    if isDirectory.boolValue {
                        result.passedOver.append((path, "symbolic link to a directory, not followed"))
                    } else {
                        result.files.append(EvidenceFile(path: path, named: false))
                    }
                } else {
                    result.passedOver.append((path, "broken symbolic link"))
                }
            default:
                result.passedOver.append((path, "not a regular file"))
            }
        }
    }
}
