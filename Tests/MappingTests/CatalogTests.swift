import Foundation
import TesseraSDK
import Testing

@testable import MappingPlugin

@Suite struct CatalogTests {
    /// Every YAML file in BuiltIn/ is embedded and listed (and nothing else is).
    @Test func everyBuiltInFileIsEmbeddedAndCompiles() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Plugins/Mapping/BuiltIn")
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(BuiltInMappings.files.map(\.name).sorted() == onDisk)
        for (name, bytes) in BuiltInMappings.files {
            let disk = try Data(contentsOf: dir.appendingPathComponent(name))
            #expect([UInt8](disk) == bytes, "embedded \(name) differs from the file on disk; rebuild")
        }
        let plugins = try MappingCatalog.builtIn()
        #expect(plugins.count == onDisk.count)
        #expect(plugins.allSatisfy { $0.descriptor.name.hasPrefix("mapping:") && $0.descriptor.summary.hasSuffix("[built-in]") })
    }

    @Test func directoriesAndFilesLoadInOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-maps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["b", "a"] {
            try "mapping: user-\(name)\ninput: {kind: json-lines}\ndetect: {keys: [k_\(name)]}\nfields: {time: t, operation: o}\n"
                .write(to: dir.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        try "not a mapping".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let plugins = try MappingCatalog.load(files: [], directories: [dir.path])
        #expect(plugins.map(\.mappingName) == ["user-a", "user-b"])
        #expect(plugins[0].origin == dir.appendingPathComponent("a.yaml").path)
        #expect(plugins[0].descriptor.summary.contains(dir.appendingPathComponent("a.yaml").path))
    }

    @Test func defaultDirectoriesHonourTheEnvironment() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-home-\(UUID().uuidString)")
        let user = home.appendingPathComponent(".config/tessera/mappings")
        try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        #expect(MappingCatalog.defaultDirectories(environment: ["HOME": home.path]) == [user.path])
        #expect(MappingCatalog.defaultDirectories(environment: ["HOME": "/nonexistent-home"]) == [])
        #expect(MappingCatalog.defaultDirectories(environment: ["TESSERA_MAPPINGS": "/a:/b", "HOME": home.path]) == ["/a", "/b", user.path])
    }

    @Test func checkRendersEventsRejectsAndDetection() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let mapFile = dir.appendingPathComponent("door.yaml")
        try """
        mapping: door-badges
        input: {kind: csv}
        detect: {columns: [badge, door, at]}
        fields:
          time: {from: at, formats: [epoch_s]}
          operation: door
          actor: badge
        """.write(to: mapFile, atomically: true, encoding: .utf8)
        let sample = dir.appendingPathComponent("badges.csv")
        try "badge,door,at\nB-17,Vault,1700000000\nB-18,Lobby,yesterday\n".write(to: sample, atomically: true, encoding: .utf8)
        let text = try MappingCheck.run(mappingFile: mapFile.path, sample: sample.path)
        #expect(text.contains("mapping door-badges (\(mapFile.path)): compiled OK"))
        #expect(text.contains("detection: claims badges.csv"))
        #expect(text.contains("records read: 2, mapped: 1, rejected: 1, events: 1"))
        #expect(text.contains("[line 2] 2023-11-14T22:13:20.000000Z (1700000000) other/other Vault"))
        #expect(text.contains("actor=b-17"))
        #expect(text.contains("[line 3] mapping door-badges: field `time`: 'yesterday' matches none of the mapping's time formats"))
        let builtInCheck = try MappingCheck.run(mappingFile: "mapping:google-drive", sample: sample.path)
        #expect(builtInCheck.contains("does not claim badges.csv"))
        #expect(builtInCheck.contains("error: \(sample.path): line 1: not JSON"))
    }
}
