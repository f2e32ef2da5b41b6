import Foundation
import TesseraSDK

/// Writes an output file whole or not at all: bytes go to a temporary file beside it, which
/// replaces the target only when complete, so an interrupted run never leaves half a report.
final class OutputFile {
    let path: String
    private let temporaryPath: String
    private let descriptor: Int32
    /// The buffer writers append to (see ``ByteOutput``).
    let output: ByteOutput
    private var finished = false

    /// Refuses to write over the store itself.
    init(path: String, storePath: String) throws(ReportError) {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let store = URL(fileURLWithPath: storePath).standardizedFileURL.resolvingSymlinksInPath().path
        if target == store || target == store + "-wal" || target == store + "-shm" { throw .outputIsStore(path) }
        self.path = path
        temporaryPath = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .cannotWrite(path: path, reason: "cannot create \(temporaryPath): \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        output = ByteOutput(descriptor: descriptor, name: path)
    }

    deinit {
        if !finished {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    /// Size of the file so far.
    var bytesWritten: Int { output.bytesWritten + output.bytes.count }

    func write(_ text: String) throws(ReportError) {
        output.bytes.append(utf8: text)
        try output.flushIfFull()
    }

    /// Completes the file and moves it into place.
    func finish() throws(ReportError) {
        try output.flush()
        guard fsync(descriptor) == 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        close(descriptor)
        finished = true
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw .cannotWrite(path: path, reason: "cannot move \(temporaryPath) into place: \(reason)")
        }
    }
}
