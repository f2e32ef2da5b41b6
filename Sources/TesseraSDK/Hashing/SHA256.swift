import CCrypto

/// SHA-256 (FIPS 180-4), streaming, with value semantics. Used for evidence file hashes and
/// content dedup keys. The compression runs in OpenSSL's libcrypto (SHA-NI / AVX2 where the
/// CPU has them): file hashing runs at disk speed and content keys stay cheap.
public struct SHA256: Sendable {
    /// Owns one OpenSSL digest context; copied on write so `SHA256` behaves as a value.
    private final class Context: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer

        init() {
            guard let pointer = tessera_sha256_new() else { fatalError("libcrypto could not create a SHA-256 context (out of memory)") }
            self.pointer = pointer
        }

        init(copying other: Context) {
            guard let pointer = tessera_sha256_copy(other.pointer) else { fatalError("libcrypto could not copy a SHA-256 context") }
            self.pointer = pointer
        }

        deinit { tessera_sha256_free(pointer) }
    }

    private var context = Context()

    public init() {}

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = bytes.withUnsafeBytes { source in
            digest.withUnsafeMutableBufferPointer { tessera_sha256_oneshot(source.baseAddress, source.count, $0.baseAddress) }
        }
        precondition(ok == 1, "libcrypto SHA-256 failed")
        return digest
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard buffer.count > 0 else { return }
        if !isKnownUniquelyReferenced(&context) { context = Context(copying: context) }
        precondition(tessera_sha256_update(context.pointer, buffer.baseAddress, buffer.count) == 1, "libcrypto SHA-256 failed")
    }

    /// The digest of everything given so far. The hasher itself is left unchanged.
    public func finalize() -> [UInt8] {
        let copy = Context(copying: context)
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = digest.withUnsafeMutableBufferPointer { tessera_sha256_final(copy.pointer, $0.baseAddress) }
        precondition(ok == 1, "libcrypto SHA-256 failed")
        return digest
    }

    /// The digest as lower-case hex.
    public func finalizeHex() -> String {
        Self.hex(finalize())
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
