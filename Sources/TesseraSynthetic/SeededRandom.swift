/// SplitMix64: a small, fast generator whose sequence depends only on its seed, so a case
/// generated twice with the same seed is byte-for-byte the same on every platform. The one
/// pseudo-random generator behind Tessera's synthetic data (`tessera-generate` and the
/// benchmark tools in `Benchmarks/`).
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `0..<bound`.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    /// A whole number in `range`.
    public mutating func within(_ range: Range<Int>) -> Int { range.lowerBound + below(range.count) }

    /// True with the given probability.
    public mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }

    /// One of `items` (which must not be empty).
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// `digits` hexadecimal digits of fresh random bits.
    public mutating func hex(_ digits: Int, uppercase: Bool = false) -> String {
        let alphabet = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var bytes = [UInt8](repeating: 0, count: digits)
        var word = next()
        for i in 0..<digits {
            if i > 0, i % 16 == 0 { word = next() }
            bytes[i] = alphabet[Int(word & 0xF)]
            word >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A random UUID in its usual lower-case 8-4-4-4-12 form.
    public mutating func uuid() -> String {
        let h = hex(32)
        let u = Array(h.utf8)
        func part(_ a: Int, _ b: Int) -> Substring { Substring(String(decoding: u[a..<b], as: UTF8.self)) }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }
}
