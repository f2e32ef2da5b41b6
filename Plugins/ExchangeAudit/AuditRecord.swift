import TesseraSDK

/// One name/value pair of a record, as the evidence wrote it (CLIXML strings already unescaped).
struct AuditField: Equatable {
    var name: String
    var value: String
}

/// A named list of entries inside a record: `<SourceItems>`, `<CmdletParameters>`, a CLIXML `<LST>`.
struct AuditList: Equatable {
    var name: String
    var entries: [[AuditField]]
}

/// One record read from any of the three shapes, before mapping: its fields and lists.
/// The SearchResult.xml and CLIXML readers both produce this, so one mapper serves both.
struct AuditRecord {
    /// The record element's name (`Event`, `Obj`, or whatever stood in its place).
    var elementName: String
    /// CLIXML type names (`Deserialized.Microsoft.Exchange....MailboxAuditLogEvent`, ...).
    var typeNames: [String] = []
    var fields: [AuditField] = []
    var lists: [AuditList] = []
    /// Set when a list had more entries than the builder keeps: its name and the count seen.
    var overflow: (list: String, count: Int)?
    /// The most list entries kept per record (each may become an event).
    static let maxListEntries = 10_000

    /// The names of ``fields`` worked out for lookups; set by ``attachLayout(from:)`` once the
    /// fields are final (a layout describes the fields as they were then).
    private(set) var layout: FieldLayout?

    /// Shares (or works out) the layout of this record's field names; mappers call this once
    /// before many ``field(_:)`` lookups.
    mutating func attachLayout(from cache: FieldLayoutCache) {
        layout = cache.layout(for: fields)
    }

    /// The first non-empty value of a field: one named exactly so wins; failing that, one whose
    /// name differs only in ASCII case (exports disagree now and then: ClientIP / ClientIp).
    func field(_ known: KnownField) -> String? {
        (layout ?? FieldLayout(names: fields.map(\.name))).value(known, in: fields)
    }

    /// The first field present among `names`.
    func field(anyOf names: KnownField...) -> String? {
        for name in names { if let v = field(name) { return v } }
        return nil
    }

    /// The entries of a list, its name compared ignoring ASCII case.
    func list(_ name: String) -> [[AuditField]] {
        lists.first(where: { $0.name.caseInsensitiveEquals(name) })?.entries ?? []
    }

    mutating func append(list name: String, entry: [AuditField]) {
        if let index = lists.firstIndex(where: { $0.name == name }) {
            if lists[index].entries.count >= Self.maxListEntries || overflow != nil {
                overflow = (name, (overflow?.count ?? lists[index].entries.count) + 1)
                return
            }
            lists[index].entries.append(entry)
        } else {
            lists.append(AuditList(name: name, entries: [entry]))
        }
    }

    /// Bytes that identify the record's content independent of layout, attribute order and
    /// encoding: every field and list entry, sorted by name (bytewise), each length-prefixed.
    var canonicalBytes: [UInt8] {
        let order = layout?.canonicalOrder ?? FieldLayout(names: fields.map(\.name)).canonicalOrder
        let sortedLists = lists.sorted(by: { $0.name.utf8Precedes($1.name) })
        // Sized first, then written in place: one allocation, no growth.
        var size = 4 + elementName.utf8.count
        for name in typeNames { size += 5 + name.utf8.count }
        for f in fields { size += 9 + f.name.utf8.count + f.value.utf8.count }
        for list in sortedLists {
            size += 5 + list.name.utf8.count
            for entry in list.entries {
                size += 1
                for f in entry { size += 8 + f.name.utf8.count + f.value.utf8.count }
            }
        }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, written in
            var out = CanonicalWriter(buffer: buffer)
            func byName(_ a: AuditField, _ b: AuditField) -> Bool { a.name.utf8Precedes(b.name) }
            out.put(elementName)
            for name in typeNames { out.byte(0x54); out.put(name) }
            for i in order { out.byte(0x46); out.put(fields[i].name); out.put(fields[i].value) }
            for list in sortedLists {
                out.byte(0x4C); out.put(list.name)
                for entry in list.entries {
                    out.byte(0x45)
                    for f in entry.sorted(by: byName) { out.put(f.name); out.put(f.value) }
                }
            }
            precondition(out.at == size, "canonical bytes: sized \(size), wrote \(out.at)")
            written = out.at
        }
    }
}

/// Writes ``AuditRecord/canonicalBytes`` into a buffer sized for them.
private struct CanonicalWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var at = 0

    mutating func byte(_ b: UInt8) {
        buffer[at] = b
        at += 1
    }

    /// The string's UTF-8 length (4 bytes, big-endian), then its bytes.
    mutating func put(_ s: String) {
        var s = s
        let count = s.utf8.count
        byte(UInt8(truncatingIfNeeded: count >> 24)); byte(UInt8(truncatingIfNeeded: count >> 16))
        byte(UInt8(truncatingIfNeeded: count >> 8)); byte(UInt8(truncatingIfNeeded: count))
        guard count > 0 else { return }
        let target = UnsafeMutableRawPointer(buffer.baseAddress! + at)
        s.withUTF8 { target.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        at += count
    }
}

extension [AuditField] {
    /// The first non-empty value of a field named `name` (ASCII case ignored).
    func value(_ name: String) -> String? {
        for f in self where f.value != "" && f.name.caseInsensitiveEquals(name) { return f.value }
        return nil
    }

    /// The first non-empty value among the three names, in that order (ASCII case ignored).
    /// Not variadic: this runs for every list entry, and a variadic call allocates an array.
    func value(_ first: String, _ second: String, _ third: String) -> String? {
        value(first) ?? value(second) ?? value(third)
    }
}

extension String {
    /// The string with ASCII letters lower-cased (field names are ASCII).
    var asciiLowercased: String {
        if !utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return self }
        return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// Whether the two strings' UTF-8 bytes are equal once ASCII letters are lower-cased.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var a = self, b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                for i in 0..<x.count where x[i] != y[i] {
                    let lx = (x[i] >= 0x41 && x[i] <= 0x5A) ? x[i] + 32 : x[i]
                    let ly = (y[i] >= 0x41 && y[i] <= 0x5A) ? y[i] + 32 : y[i]
                    if lx != ly { return false }
                }
                return true
            }
        }
    }
}

/// String building for the per-event texts (messages, resources).
enum Text {
    /// The parts joined: sized first, then copied in place (one allocation, no growth).
    static func concat(_ parts: String...) -> String {
        var total = 0
        for part in parts { total += part.utf8.count }
        return String(unsafeUninitializedCapacity: total) { buffer in
            var at = 0
            for part in parts {
                var part = part
                part.withUTF8 { utf8 in
                    guard let source = utf8.baseAddress, utf8.count > 0 else { return }
                    UnsafeMutableRawPointer(buffer.baseAddress! + at).copyMemory(from: source, byteCount: utf8.count)
                    at += utf8.count
                }
            }
            return at
        }
    }
}
