import Foundation
import TesseraSDK

/// A large byte buffer in front of a file descriptor. Writers append UTF-8 bytes to ``bytes``
/// (with the encoders of `Escaping/`) and call ``flushIfFull()`` between rows; the buffer goes
/// out with write(2) a megabyte at a time, so output costs one copy per byte.
public final class ByteOutput {
    /// Bytes not yet written.
    public var bytes: [UInt8] = []
    /// What the descriptor is, for error messages ("standard output" or a path).
    public let name: String
    /// Bytes handed to the descriptor so far.
    public private(set) var bytesWritten = 0
    private let descriptor: Int32
    private let threshold: Int

    /// Writes to `descriptor` (left open: the caller owns it).
    public init(descriptor: Int32, name: String, threshold: Int = 1 << 20) {
        self.descriptor = descriptor
        self.name = name
        self.threshold = threshold
        bytes.reserveCapacity(threshold + threshold / 4)
    }

    /// Standard output.
    public static func standardOutput() -> ByteOutput { ByteOutput(descriptor: 1, name: "standard output") }

    /// Hands `body` the buffer to append to, then writes it out if it holds a megabyte or more.
    /// One call per row: the buffer is borrowed once, not once per append.
    @inline(__always)
    public func append(_ body: (inout [UInt8]) throws -> Void) throws {
        try body(&bytes)
        try flushIfFull()
    }

    /// Writes the buffer out once it holds a megabyte or more.
    @inline(__always)
    public func flushIfFull() throws(ReportError) {
        if bytes.count >= threshold { try flush() }
    }

    /// Writes everything buffered.
    public func flush() throws(ReportError) {
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        if let failure {
            throw .cannotWrite(path: name, reason: String(cString: strerror(failure)))
        }
        bytesWritten += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }
}
