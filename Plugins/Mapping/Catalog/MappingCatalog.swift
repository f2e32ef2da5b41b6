import Foundation
import TesseraSDK

/// Finds, compiles and checks mappings: the built-in ones shipped inside the binary, and user
/// mapping files from `--mapping FILE`, `TESSERA_MAPPINGS` and the per-user directory.
public enum MappingCatalog {
    /// The built-in mappings. They are tested, so a failure here is a defect in Tessera.
    public static func builtIn() throws(MappingError) -> [MappingIngestPlugin] {
        var plugins: [MappingIngestPlugin] = []
        for (fileName, bytes) in BuiltInMappings.files {
            let text = String(decoding: bytes, as: UTF8.self)
            plugins.append(try MappingIngestPlugin(yaml: text, file: "built-in:\(fileName)", origin: "built-in"))
        }
        try checkUniqueNames(plugins)
        return plugins
    }

    /// Compiles user mapping files: every `files` entry, then every `*.yaml`/`*.yml` in each of
    /// `directories` (sorted by name). A directory that does not exist is an error; use
    /// ``defaultDirectories(environment:)`` for the optional per-user one.
    public static func load(files: [String], directories: [String]) throws(MappingError) -> [MappingIngestPlugin] {
        var paths = files
        for directory in directories {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw MappingError(file: directory, line: nil, key: "", reason: "mappings directory does not exist or is not a directory")
            }
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
                throw MappingError(file: directory, line: nil, key: "", reason: "cannot list the directory: \(error.localizedDescription)")
            }
            paths += names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                .map { (directory as NSString).appendingPathComponent($0) }
        }
        var plugins: [MappingIngestPlugin] = []
        for path in paths {
            plugins.append(try loadFile(path))
        }
        try checkUniqueNames(plugins)
        return plugins
    }

    /// Compiles one user mapping file.
    public static func loadFile(_ path: String) throws(MappingError) -> MappingIngestPlugin {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MappingError(file: path, line: nil, key: "", reason: "cannot read the mapping file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MappingError(file: path, line: nil, key: "", reason: "the mapping file is not UTF-8 text")
        }
        return try MappingIngestPlugin(yaml: text, file: path, origin: path)
    }

    /// Built-in mappings plus user mappings, refusing a user mapping whose name is already taken.
    public static func all(files: [String], directories: [String]) throws(MappingError) -> [MappingIngestPlugin] {
        let plugins = try builtIn() + load(files: files, directories: directories)
        try checkUniqueNames(plugins)
        return plugins
    }

    /// The user mapping directories that exist: each entry of `TESSERA_MAPPINGS` (`:`-separated;
    /// listed directories must exist, so they are returned even when missing and `load` reports
    /// them), then `$XDG_CONFIG_HOME/tessera/mappings` or `~/.config/tessera/mappings` if present.
    public static func defaultDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var directories: [String] = []
        if let list = environment["TESSERA_MAPPINGS"] {
            directories += list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        let configHome =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { ($0 as NSString).appendingPathComponent(".config") }
        if let configHome {
            let userDirectory = (configHome as NSString).appendingPathComponent("tessera/mappings")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: userDirectory, isDirectory: &isDirectory), isDirectory.boolValue,
                !directories.contains(userDirectory)
            {
                directories.append(userDirectory)
            }
        }
        return directories
    }

    /// Every mapping that claims `head`. More than one is an ``AmbiguousMappingError``.
    public static func claimant(of head: SniffedHead, among plugins: [MappingIngestPlugin]) throws(AmbiguousMappingError) -> MappingIngestPlugin? {
        let claims = plugins.filter { $0.detect(head) != nil }
        if claims.count > 1 {
            throw AmbiguousMappingError(fileName: head.fileName, claimants: claims.map { ($0.descriptor.name, $0.origin) })
        }
        return claims.first
    }

    private static func checkUniqueNames(_ plugins: [MappingIngestPlugin]) throws(MappingError) {
        var seen: [String: String] = [:]
        for plugin in plugins {
            if let previous = seen[plugin.mappingName] {
                throw MappingError(
                    file: plugin.origin, line: nil, key: "mapping",
                    reason: "the name `\(plugin.mappingName)` is already used by \(previous); give this mapping another name")
            }
            seen[plugin.mappingName] = plugin.origin
        }
    }
}
