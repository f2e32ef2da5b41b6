#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// The UTF-8 byte offset of the first occurrence of `needle` in this text, or nil.
    ///
    /// A byte search (`memchr` and `memcmp`): the text is not normalized or case-folded, so it finds exactly
    /// the bytes given. Plugins use it on their hot path, where Foundation's `range(of:)` and
    /// the standard library's generic `firstRange(of:)` cost many times more per record.
    public func utf8Offset(of needle: String) -> Int? {
        var text = self, needle = needle
        return text.withUTF8 { haystack -> Int? in
            needle.withUTF8 { wanted -> Int? in
                if wanted.isEmpty { return 0 }
                guard let base = haystack.baseAddress, let first = wanted.first, haystack.count >= wanted.count else { return nil }
                // memchr to each candidate first byte, then memcmp of the rest.
                let last = haystack.count - wanted.count
                var offset = 0
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
                    let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    if memcmp(base + at, wanted.baseAddress!, wanted.count) == 0 { return at }
                    offset = at + 1
                }
                return nil
            }
        }
    }

    /// Whether `needle` occurs in this text, byte for byte (see ``utf8Offset(of:)``).
    public func containsUTF8(_ needle: String) -> Bool { utf8Offset(of: needle) != nil }

    /// Whether this text's UTF-8 begins with `prefix`'s, byte for byte (`hasPrefix` compares
    /// Unicode characters, and `utf8.starts(with:)` walks the generic view a byte at a time).
    public func hasUTF8Prefix(_ prefix: String) -> Bool {
        var text = self, prefix = prefix
        return text.withUTF8 { text in
            prefix.withUTF8 { wanted in
                guard text.count >= wanted.count else { return false }
                guard let base = text.baseAddress, let wantedBase = wanted.baseAddress else { return true }
                return memcmp(base, wantedBase, wanted.count) == 0
            }
        }
    }

    /// Whether any UTF-8 byte of this text satisfies `predicate`, over the text's buffer (the
    /// generic `utf8.contains(where:)` costs dozens of instructions a byte).
    public func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        var text = self
        return text.withUTF8 { $0.contains(where: predicate) }
    }
}
