/// Looks at eight bytes at once ("SWAR"): readers skip runs of ordinary bytes a word at a time
/// and jump straight to the first byte that matters (the CSV reader to the next quote or line
/// break, a JSON scanner to the next quote, backslash or control character).
/// Words are read in memory order (byte 0 in the low bits) whatever the machine's byte order.
public enum ByteWords {
    /// `0x01` in every byte.
    public static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The eight bytes at `pointer`.
    @inlinable @inline(__always)
    public static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// Writes the eight bytes of `word` at `pointer`, in the order ``load(_:)`` read them.
    @inlinable @inline(__always)
    public static func store(_ word: UInt64, to pointer: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: word.littleEndian, as: UInt64.self)
    }

    /// The high bit of every zero byte of `word`, and no other bit.
    @inlinable @inline(__always)
    public static func zeroBytes(_ word: UInt64) -> UInt64 {
        ~(((word & low7) &+ low7) | word | low7)
    }

    /// The high bit of every byte of `word` that equals `byte`.
    @inlinable @inline(__always)
    public static func bytes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 {
        zeroBytes(word ^ (ones &* UInt64(byte)))
    }

    /// The high bit of every byte of `word` equal to the byte repeated in `pattern`
    /// (`ones &* UInt64(byte)`, computed once outside a loop).
    @inlinable @inline(__always)
    public static func bytes(_ word: UInt64, matching pattern: UInt64) -> UInt64 {
        zeroBytes(word ^ pattern)
    }

    /// The high bit of every byte of `word` below 0x20 (a control character).
    @inlinable @inline(__always)
    public static func controlBytes(_ word: UInt64) -> UInt64 {
        zeroBytes(word & (ones &* 0xE0))
    }

    /// The position (0-7) of the first byte marked in a non-zero `mask`.
    @inlinable @inline(__always)
    public static func first(_ mask: UInt64) -> Int {
        mask.trailingZeroBitCount >> 3
    }
}
