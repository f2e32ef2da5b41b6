import CZlib
import TesseraSDK

/// Transparently decompresses gzip (including concatenated members) from a byte source.
public final class GzipByteSource: ByteSource {
    private let base: any ByteSource
    private let path: String
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 18)
    private var inputCount = 0
    private var inputOffset = 0
    private var baseEnded = false
    private var finished = false
    private var memberEnded = false
    private var compressedRead: Int64 = 0

    /// The first two bytes of every gzip file.
    public static let magic: [UInt8] = [0x1F, 0x8B]

    public init(_ base: any ByteSource, path: String) throws {
        self.base = base
        self.path = path
        // 15 window bits + 16: gzip only (a .gz must really be gzip).
        guard tessera_inflate_init2(&stream, 15 + 16) == Z_OK else {
            throw EvidenceError(locator: "byte 0", reason: "could not initialise the gzip decoder")
        }
    }

    deinit {
        inflateEnd(&stream)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        while true {
            if inputOffset == inputCount && !baseEnded {
                inputCount = try input.withUnsafeMutableBytes { try base.read(into: $0) }
                inputOffset = 0
                compressedRead += Int64(inputCount)
                if inputCount == 0 { baseEnded = true }
            }
            if memberEnded {
                // Another gzip member follows, or the file ends here.
                if inputOffset == inputCount && baseEnded { finished = true; return 0 }
                if inputOffset == inputCount { continue }
                inflateReset(&stream)
                memberEnded = false
            }
            let available = inputCount - inputOffset
            if available == 0 && baseEnded {
                throw EvidenceError(
                    locator: "byte \(compressedRead)",
                    reason: "truncated gzip stream: the file ends before the compressed data does")
            }
            let (rc, produced, consumed) = input.withUnsafeMutableBytes { inputBytes -> (Int32, Int, Int) in
                stream.next_in = inputBytes.baseAddress!.assumingMemoryBound(to: Bytef.self) + inputOffset
                stream.avail_in = uInt(available)
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                let rc = inflate(&stream, Z_NO_FLUSH)
                return (rc, buffer.count - Int(stream.avail_out), available - Int(stream.avail_in))
            }
            inputOffset += consumed
            switch rc {
            case Z_STREAM_END:
                memberEnded = true
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "code \(rc)"
                throw EvidenceError(
                    locator: "byte \(compressedRead - Int64(inputCount - inputOffset))",
                    reason: "not valid gzip data (\(message))")
            }
            if produced > 0 { return produced }
            if rc == Z_BUF_ERROR && available == 0 && baseEnded {
                throw EvidenceError(locator: "byte \(compressedRead)", reason: "truncated gzip stream")
            }
        }
    }
}
