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

    /// Field name → index of its first non-empty value, built on first use.
    var index: [String: Int]? = nil

    /// The first non-empty value of a field, its name compared ignoring ASCII case.
    func field(_ name: String) -> String? {
        if let index, let i = index[name] { return fields[i].value }
        // Exports disagree on case now and then (ClientIP / ClientIp): fall back to a scan,
        // cheap because names of other lengths are rejected at once.
        for f in fields where f.value != "" && f.name.caseInsensitiveEquals(name) { return f.value }
        return nil
    }

    /// Builds the lookup index (mappers call this once before many ``field(_:)`` lookups).
    mutating func buildIndex() {
        var built: [String: Int] = [:]
        built.reserveCapacity(fields.count)
        for (i, f) in fields.enumerated() where f.value != "" && built[f.name] == nil { built[f.name] = i }
        index = built
    }

    /// The first field present among `names`.
    func field(anyOf names: [String]) -> String? {
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
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        func put(_ s: String) {
            let count = s.utf8.count
            out.append(UInt8(truncatingIfNeeded: count >> 24)); out.append(UInt8(truncatingIfNeeded: count >> 16))
            out.append(UInt8(truncatingIfNeeded: count >> 8)); out.append(UInt8(truncatingIfNeeded: count))
            out.append(contentsOf: s.utf8)
        }
        func byName(_ a: AuditField, _ b: AuditField) -> Bool { a.name.utf8.lexicographicallyPrecedes(b.name.utf8) }
        put(elementName)
        for name in typeNames { out.append(0x54); put(name) }
        for f in fields.sorted(by: byName) { out.append(0x46); put(f.name); put(f.value) }
        for list in lists.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            out.append(0x4C); put(list.name)
            for entry in list.entries {
                out.append(0x45)
                for f in entry.sorted(by: byName) { put(f.name); put(f.value) }
            }
        }
        return out
    }
}

extension [AuditField] {
    /// The first non-empty value among `names` (ASCII case ignored).
    func value(_ names: String...) -> String? {
        for name in names {
            for f in self where f.value != "" && f.name.caseInsensitiveEquals(name) { return f.value }
        }
        return nil
    }
}

extension String {
    /// The string with ASCII letters lower-cased (field names are ASCII).
    var asciiLowercased: String {
        if !utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return self }
        return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
    }

    func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = (x >= 0x41 && x <= 0x5A) ? x + 32 : x
            let ly = (y >= 0x41 && y <= 0x5A) ? y + 32 : y
            if lx != ly { return false }
        }
        return true
    }
}
