import Foundation

/// A file written through a 1 MiB buffer, so millions of small records cost few system calls.
final class OutputFile {
    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var records = 0
    /// Bytes written so far, including what is still buffered.
    private(set) var bytesWritten = 0

    init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw GenerateError(message: "cannot create \(path)")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends text without counting a record (headers, wrappers).
    func write(_ text: String) throws {
        bytesWritten += text.utf8.count
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends bytes without counting a record.
    func write(bytes: [UInt8]) throws {
        bytesWritten += bytes.count
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends one record's text and counts it.
    func record(_ text: String) throws {
        records += 1
        try write(text)
    }

    /// Appends one record's bytes and counts it.
    func record(bytes: [UInt8]) throws {
        records += 1
        try write(bytes: bytes)
    }

    func close() throws {
        try flush()
        try handle.close()
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A failure that stops generation, with a message for the user.
struct GenerateError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
