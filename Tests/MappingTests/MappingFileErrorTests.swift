import Foundation
import TesseraSDK
import Testing

@testable import MappingPlugin

/// Mistakes in mapping files are reported with file, line and key, at load time.
@Suite struct MappingFileErrorTests {
    static let valid = """
        mapping: demo
        input:
          kind: json-lines
        detect:
          keys: [when, what]
        fields:
          time: when
          operation: what
        """

    func error(_ yaml: String) throws -> MappingError {
        do {
            _ = try mapping(yaml, file: "/maps/demo.yaml")
        } catch {
            return error
        }
        Issue.record("the mapping compiled but should not have")
        throw MappingError(file: "", line: nil, key: "", reason: "compiled")
    }

    @Test func validMinimalMappingCompiles() throws {
        let plugin = try mapping(Self.valid)
        #expect(plugin.descriptor.name == "mapping:demo")
        #expect(plugin.descriptor.summary == "demo [test.yaml]")
    }

    @Test func csvDelimiterAndQuoteMustFrameRecords() throws {
        let csv = "mapping: demo\ninput:\n  kind: csv\n  X\ndetect: {columns: [when]}\nfields: {time: when, operation: what}\n"
        let lineBreak = try error(csv.replacingOccurrences(of: "X", with: #"delimiter: "\n""#))
        #expect(lineBreak.key == "input.delimiter")
        #expect(lineBreak.reason.contains("line break"))
        let same = try error(csv.replacingOccurrences(of: "X", with: "delimiter: \";\"\n  quote: \";\""))
        #expect(same.reason.contains("differ"))
        #expect(try mapping(csv.replacingOccurrences(of: "X", with: "delimiter: tab\n  quote: \"'\""), file: "t.yaml").descriptor.name == "mapping:demo")
    }

    @Test func misspelledKeyNamesFileLineAndKey() throws {
        let e = try error(Self.valid.replacingOccurrences(of: "  operation: what", with: "  operation: what\n  actr: who"))
        #expect(e.file == "/maps/demo.yaml")
        #expect(e.line == 9)
        #expect(e.key == "fields.actr")
        #expect(e.description.hasPrefix("/maps/demo.yaml:9: fields.actr: unknown key `actr`"))
    }

    @Test func unknownTransformAndTimeFormat() throws {
        let t = try error(Self.valid.replacingOccurrences(of: "  operation: what", with: "  operation: {from: what, transforms: [lowercase, shout]}"))
        #expect(t.line == 8)
        #expect(t.key == "fields.operation.transforms[1]")
        #expect(t.reason.contains("unknown transform `shout`"))
        let f = try error(Self.valid.replacingOccurrences(of: "  time: when", with: "  time:\n    from: when\n    formats: [iso8601, rfc1124]"))
        #expect(f.line == 9)
        #expect(f.key == "fields.time.formats[1]")
        #expect(f.reason.contains("unknown time format `rfc1124`"))
        let p = try error(Self.valid.replacingOccurrences(of: "  time: when", with: "  time:\n    from: when\n    formats: ['%d/%Q/%Y']"))
        #expect(p.reason.contains("unsupported directive %Q"))
    }

    @Test func invalidYAMLNamesTheLine() throws {
        let e = try error("mapping: demo\ninput:\n  kind: [json\ndetect: {}\n")
        #expect(e.file == "/maps/demo.yaml")
        #expect(e.line != nil)
        #expect(e.reason.hasPrefix("not valid YAML"))
        let dup = try error(Self.valid + "\nmapping: again\n")
        #expect(dup.reason.contains("duplicate"))
    }

    @Test func missingRequiredPartsAndBadReferences() throws {
        #expect(try error(Self.valid.replacingOccurrences(of: "  time: when\n", with: "")).reason.contains("missing `time`"))
        #expect(try error(Self.valid.replacingOccurrences(of: "detect:\n  keys: [when, what]\n", with: "detect: {}\n")).reason.contains("must name required"))
        let lookup = try error(Self.valid.replacingOccurrences(of: "  operation: what", with: "  operation: what\n  action: {from: what, lookup: verbs}"))
        #expect(lookup.key == "fields.action.lookup")
        #expect(lookup.reason.contains("no lookup table `verbs`"))
        let variable = try error(Self.valid.replacingOccurrences(of: "  operation: what", with: "  operation: $op"))
        #expect(variable.reason.contains("unknown variable `$op`"))
        let regex = try error(Self.valid.replacingOccurrences(of: "  operation: what", with: "  operation: {from: what, transforms: [{regex: '(unclosed'}]}"))
        #expect(regex.reason.contains("invalid regular expression"))
        let kind = try error(Self.valid.replacingOccurrences(of: "kind: json-lines", with: "kind: xml"))
        #expect(kind.key == "input.kind")
        #expect(kind.line == 3)
    }

    @Test func actionsAndOutcomesMustUseTheSharedVocabulary() throws {
        let action = try error(Self.valid.replacingOccurrences(of: "  operation: what", with: "  operation: what\n  action: {const: reed}"))
        #expect(action.key == "fields.action")
        #expect(action.reason.contains("`reed` is not one of Tessera's actions"))
        let table = try error(
            Self.valid.replacingOccurrences(of: "fields:", with: "lookups:\n  verbs: {GET: download, PUT: uplod}\nfields:")
                .replacingOccurrences(of: "  operation: what", with: "  operation: what\n  action: {from: what, lookup: verbs}"))
        #expect(table.reason.contains("`uplod`"))
        let outcome = try error(Self.valid.replacingOccurrences(of: "  operation: what", with: "  operation: what\n  outcome: {const: ok}"))
        #expect(outcome.reason.contains("not an outcome"))
    }

    @Test func optionsThatDoNotFitTheInputKindAreRefused() throws {
        let e = try error(Self.valid.replacingOccurrences(of: "  kind: json-lines", with: "  kind: json-lines\n  delimiter: ';'"))
        #expect(e.key == "input.delimiter")
        #expect(e.reason.contains("does not apply to input kind json-lines"))
        let noColumns = try error("mapping: d\ninput: {kind: delimited}\ndetect: {line: x}\nfields: {time: a, operation: b}\n")
        #expect(noColumns.reason.contains("needs `columns:`"))
        let unknownColumn = try error("mapping: d\ninput: {kind: delimited, columns: [a, b]}\ndetect: {line: x}\nfields: {time: a, operation: c}\n")
        #expect(unknownColumn.reason.contains("no column `c`"))
    }

    @Test func loadingAFileThatDoesNotExistOrADuplicateName() throws {
        #expect(throws: MappingError.self) { try MappingCatalog.load(files: ["/nonexistent/x.yaml"], directories: []) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-mapping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.valid.replacingOccurrences(of: "mapping: demo", with: "mapping: google-drive")
            .write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try MappingCatalog.all(files: [], directories: [dir.path])
            Issue.record("a user mapping named like a built-in was accepted")
        } catch {
            #expect(error.key == "mapping")
            #expect(error.reason.contains("already used by built-in"))
        }
    }
}
