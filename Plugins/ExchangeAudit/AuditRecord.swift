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
struct AuditRecord: Equatable {
    /// The record element's name (`Event`, `Obj`, or whatever stood in its place).
    var elementName: String
    /// CLIXML type names (`Deserialized.Microsoft.Exchange....MailboxAuditLogEvent`, ...).
    var typeNames: [String] = []
    var fields: [AuditField] = []
    var lists: [AuditList] = []

    /// The first non-empty value of a field, its name compared ignoring ASCII case.
    func field(_ name: String) -> String? {
        for f in fields where f.value != "" && f.name.caseInsensitiveEquals(name) { return f.value }
        return nil
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
            lists[index].entries.append(entry)
        } else {
            lists.append(AuditList(name: name, entries: [entry]))
        }
    }

    /// Bytes that identify the record's content independent of layout, attribute order and
    /// encoding: every field and list entry, sorted by name, length-prefixed.
    var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        func put(_ s: String) {
            let utf8 = Array(s.utf8)
            out.append(contentsOf: Array(String(utf8.count).utf8))
            out.append(0x3A)
            out.append(contentsOf: utf8)
        }
        put(elementName)
        for name in typeNames { put("T"); put(name) }
        for f in fields.sorted(by: { $0.name < $1.name }) { put("F"); put(f.name); put(f.value) }
        for list in lists.sorted(by: { $0.name < $1.name }) {
            put("L"); put(list.name)
            for entry in list.entries {
                put("E")
                for f in entry.sorted(by: { $0.name < $1.name }) { put(f.name); put(f.value) }
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
