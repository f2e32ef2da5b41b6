#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Swift Strings for the element and attribute names libxml2 hands out, each made once.
///
/// libxml2's reader takes element and attribute names from its parser dictionary, so one name
/// keeps arriving at one address: each is turned into a String once and found again by address.
/// A hit is still compared byte for byte before it is trusted, so the cache never depends on
/// that libxml2 behaviour for correctness, only for speed. Records then share one String per
/// name, so comparing a record's names with the last record's is a pointer comparison.
struct XMLStringCache {
    private static let slotBits = 8
    private var addresses = [UnsafePointer<UInt8>?](repeating: nil, count: 1 << slotBits)
    private var names = [String](repeating: "", count: 1 << slotBits)

    /// The name at `address` (a NUL-terminated UTF-8 string owned by libxml2).
    mutating func name(at address: UnsafePointer<UInt8>) -> String {
        let hash = UInt(bitPattern: address) &* 0x9E37_79B9_7F4A_7C15
        let slot = Int(truncatingIfNeeded: hash >> UInt(UInt.bitWidth - Self.slotBits))
        if addresses[slot] == address, Self.holds(address, &names[slot]) { return names[slot] }
        let name = Self.string(address, count: strlen(address))
        addresses[slot] = address
        names[slot] = name
        return name
    }

    /// Whether the NUL-terminated bytes at `address` are exactly `string`'s UTF-8.
    private static func holds(_ address: UnsafePointer<UInt8>, _ string: inout String) -> Bool {
        string.withUTF8 { utf8 in
            let count = utf8.count
            return (count == 0 || strncmp(utf8.baseAddress!, address, count) == 0) && address[count] == 0
        }
    }

    /// The String of `count` UTF-8 bytes (ill-formed sequences repaired, as `String(cString:)` does).
    private static func string(_ address: UnsafePointer<UInt8>, count: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: address, count: count), as: UTF8.self)
    }
}
