import TesseraSDK

/// The analyst's alias file (`--aliases FILE`): CSV with a header row naming the columns
/// `identity` and `alias` (others, e.g. `note`, are kept out of the way). Each row says that
/// `alias` names the same person as `identity`; both are canonicalized like `events.actor`.
/// Rows whose first field starts with `#` are comments.
struct AliasFile {
    struct Row {
        var identity: String
        var alias: String
        var locator: String
    }

    var rows: [Row]

    /// Rows linking two names of one tenant (`tenant:fedagency.example,tenant:9e4a…`), canonical.
    var tenantRows: [(String, String)] {
        rows.compactMap { row in
            guard let a = Self.tenantName(row.identity), let b = Self.tenantName(row.alias) else { return nil }
            return (a, b)
        }
    }

    /// Rows naming people (every row that is not a `tenant:` row).
    var identityRows: [Row] { rows.filter { Self.tenantName($0.identity) == nil } }

    /// The tenant a `tenant:` field names, canonical; nil for any other field.
    static func tenantName(_ field: String) -> String? {
        guard field.lowercased().hasPrefix("tenant:") else { return nil }
        return TenantDirectory.canonical(String(field.dropFirst(7)))
    }

    static func load(path: String) throws(CorrelationError) -> AliasFile {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch { throw .aliasesUnreadable(path: path, reason: error.reason) }
        return try parse(bytes: bytes, path: path)
    }

    static func parse(bytes: [UInt8], path: String) throws(CorrelationError) -> AliasFile {
        let reader = CSVReader(UTF8TextSource(MemoryByteSource(bytes)))
        var identityColumn = -1, aliasColumn = -1
        var rows: [Row] = []
        var headerSeen = false
        while true {
            let record: CSVRecord?
            do { record = try reader.next() } catch { throw .aliasesUnreadable(path: path, reason: "\(error)") }
            guard let record else { break }
            if let problem = record.error { throw .aliasesInvalid(path: path, locator: record.locator, problem: problem) }
            let fields = record.fields.map { $0.trimmingCharactersInWhitespace() }
            if fields.allSatisfy(\.isEmpty) || fields.first?.hasPrefix("#") == true { continue }
            if !headerSeen {
                let names = fields.map { $0.lowercased() }
                guard let i = names.firstIndex(of: "identity"), let a = names.firstIndex(of: "alias") else {
                    throw .aliasesInvalid(path: path, locator: record.locator, problem: "the header row does not name the columns `identity` and `alias`")
                }
                identityColumn = i
                aliasColumn = a
                headerSeen = true
                continue
            }
            guard fields.count > max(identityColumn, aliasColumn),
                !fields[identityColumn].isEmpty, !fields[aliasColumn].isEmpty
            else {
                throw .aliasesInvalid(path: path, locator: record.locator, problem: "a row needs both an identity and an alias")
            }
            guard (tenantName(fields[identityColumn]) == nil) == (tenantName(fields[aliasColumn]) == nil) else {
                throw .aliasesInvalid(
                    path: path, locator: record.locator,
                    problem: "a `tenant:` row links two tenant names (`tenant:A,tenant:B`); a person cannot be a tenant")
            }
            rows.append(Row(identity: fields[identityColumn], alias: fields[aliasColumn], locator: record.locator))
        }
        guard headerSeen else { throw .aliasesInvalid(path: path, locator: "line 1", problem: "the file is empty") }
        return AliasFile(rows: rows)
    }
}
