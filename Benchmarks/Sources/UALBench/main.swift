// ual-bench: measures the UAL plugin on a Purview audit CSV (from `tessera-generate evidence purview-csv`).
// Not part of the `tessera` product; used by scripts/benchmarks/bench-ual.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    try BenchCommand.run(arguments)
} catch {
    FileHandle.standardError.write(Data("ual-bench: \(error)\n".utf8))
    exit(1)
}
