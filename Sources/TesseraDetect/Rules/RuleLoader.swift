import Foundation
import TesseraSDK

/// Reads every `.yml` / `.yaml` under the `--rules` paths (files or folders, recursively, in
/// sorted order). A file that is not a usable rule stops the load with its path and reason.
public enum RuleLoader {
    /// A `--rules` path and the SHA-256 of each file read under it.
    public struct LoadedPath: Sendable {
        public var path: String
        public var files: [(relativePath: String, sha256: String)]
    }

    public static func load(paths: [String]) throws(DetectError) -> (rules: [SigmaRule], paths: [LoadedPath]) {
        var rules: [SigmaRule] = []
        var loaded: [LoadedPath] = []
        for root in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
                throw DetectError.unreadablePath(root, reason: "no such file or folder (--rules)")
            }
            var files: [(String, String)] = []
            if isDirectory.boolValue {
                guard let enumerator = FileManager.default.enumerator(atPath: root) else {
                    throw DetectError.unreadablePath(root, reason: "cannot list the folder")
                }
                var relative: [String] = []
                while let next = enumerator.nextObject() as? String {
                    if next.hasSuffix(".yml") || next.hasSuffix(".yaml") { relative.append(next) }
                }
                files = relative.sorted().map { ((root as NSString).appendingPathComponent($0), $0) }
            } else {
                files = [(root, (root as NSString).lastPathComponent)]
            }
            var hashes: [(String, String)] = []
            for (path, relativePath) in files {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { continue }
                let rule = try read(path: path, relativePath: relativePath)
                hashes.append((relativePath, rule.sha256))
                rules.append(rule)
            }
            loaded.append(LoadedPath(path: root, files: hashes))
        }
        return (rules, loaded)
    }

    static func read(path: String, relativePath: String) throws(DetectError) -> SigmaRule {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DetectError.unreadablePath(path, reason: "cannot open the rule file")
        }
        defer { try? handle.close() }
        // Read at most one byte over the limit: a 10 GB "rule" is refused without reading it.
        let data = (try? handle.read(upToCount: RuleYAML.maximumBytes + 1)) ?? Data()
        let bytes = Array(data)
        do throws(RuleProblem) {
            if bytes.count > RuleYAML.maximumBytes {
                throw RuleProblem("the file is over the \(RuleYAML.maximumBytes)-byte limit for one rule")
            }
            return try RuleParser.parse(bytes, path: path, relativePath: relativePath, sha256: SHA256.hex(SHA256.hash(bytes)))
        } catch {
            throw DetectError.badRule(path: path, reason: error.reason)
        }
    }
}
