import Foundation

/// Writes an output file whole or not at all: bytes go to a temporary file beside it, which
/// replaces the target only when complete, so an interrupted run never leaves half a report.
final class OutputFile {
    let path: String
    private let temporaryPath: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var finished = false
    private(set) var bytesWritten = 0

    /// Refuses to write over the store itself.
    init(path: String, storePath: String) throws(ReportError) {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let store = URL(fileURLWithPath: storePath).standardizedFileURL.resolvingSymlinksInPath().path
        if target == store || target == store + "-wal" || target == store + "-shm" { throw .outputIsStore(path) }
        self.path = path
        temporaryPath = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryPath) else {
            throw .cannotWrite(path: path, reason: "cannot create \(temporaryPath)")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !finished {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporaryPath)
        }
    }

    func write(_ text: String) throws(ReportError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func write(_ bytes: [UInt8]) throws(ReportError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(ReportError) {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw .cannotWrite(path: path, reason: "\(error.localizedDescription)")
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Completes the file and moves it into place.
    func finish() throws(ReportError) {
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporaryPath, toPath: path)
            finished = true
        } catch {
            throw .cannotWrite(path: path, reason: "\(error.localizedDescription)")
        }
    }
}
