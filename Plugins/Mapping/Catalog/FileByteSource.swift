#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TesseraSDK

/// Reads a file read-only, for `tessera mapping check` samples and the benchmark.
final class FileByteSource: ByteSource {
    private let file: UnsafeMutablePointer<FILE>

    init(path: String) throws(MappingCheckError) {
        guard let file = fopen(path, "rb") else {
            throw MappingCheckError(reason: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        self.file = file
    }

    deinit { fclose(file) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let n = fread(base, 1, buffer.count, file)
        if n == 0 && ferror(file) != 0 {
            throw MappingCheckError(reason: "read error: \(String(cString: strerror(errno)))")
        }
        return n
    }
}

/// A problem running `tessera mapping check` (the sample cannot be read).
public struct MappingCheckError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public var description: String { reason }
}
