/// The bytes of one evidence file, already decompressed, handed to a plugin.
public final class EvidenceInput {
    /// The decompressed bytes, exactly as stored in the file (BOM and encoding untouched).
    public let bytes: any ByteSource

    public init(bytes: any ByteSource) {
        self.bytes = bytes
    }

    /// The input as UTF-8 text: a UTF-8 BOM removed, UTF-16 (with a BOM, or recognisably
    /// without one) transcoded. Read either this or ``bytes``, not both.
    public func text() -> any ByteSource {
        UTF8TextSource(bytes)
    }

    /// The input as lines of UTF-8 text.
    public func lines(maxLineBytes: Int = LineReader.defaultMaxLineBytes) -> LineReader {
        LineReader(text(), maxLineBytes: maxLineBytes)
    }
}
