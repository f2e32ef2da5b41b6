import ArgumentParser
import Testing

@testable import TesseraCLI

/// Help texts are written as paragraphs that ArgumentParser wraps to the terminal: no hard line
/// break inside a sentence (only example lines, which are indented, stand on lines of their own).
@Suite struct HelpTextTests {
    /// Every command of the tree, root first.
    static func commands(_ root: any ParsableCommand.Type = TesseraCommand.self) -> [any ParsableCommand.Type] {
        [root] + root.configuration.subcommands.flatMap { commands($0) }
    }

    @Test func discussionsHaveNoLineBreaksInsideParagraphs() {
        for command in Self.commands() {
            let lines = command.configuration.discussion.split(separator: "\n", omittingEmptySubsequences: false)
            for (line, next) in zip(lines, lines.dropFirst()) {
                let prose = !line.isEmpty && !line.hasPrefix(" ")
                let nextProse = !next.isEmpty && !next.hasPrefix(" ")
                #expect(!(prose && nextProse), "\(command.configuration.commandName ?? "\(command)"): a line break inside \"\(line) / \(next)\"")
            }
        }
    }

    @Test func aWideTerminalShowsEachParagraphOnOneLine() {
        let help = TesseraCommand.helpMessage(columns: 400)
        #expect(
            help.contains(
                "Exit codes: 0 success; 1 an error (a file failed, the store failed); 2 `verify` found a changed or missing source or an altered annotation; 3 detection refused a named file (nothing ingested); 64 usage error."
            ))
        let ingest = TesseraCommand.helpMessage(for: IngestCommand.self, columns: 400)
        #expect(ingest.contains("--source-tz <TZ>") && ingest.contains("--store <PATH>"))
    }
}
