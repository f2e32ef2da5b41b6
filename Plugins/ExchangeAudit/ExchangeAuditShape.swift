/// The XML shapes this plugin reads and the names that identify them.
enum ExchangeAuditShape: Equatable {
    /// `<SearchResults><Event .../></SearchResults>` (mailbox or admin audit), or a bare `<Event>`.
    case searchResults
    /// PowerShell `Export-Clixml`: `<Objs><Obj>...</Obj></Objs>`.
    case clixml

    /// The element a file's records are, when it is not a bare record root.
    static func forRoot(_ localName: String) -> ExchangeAuditShape {
        localName == "Objs" ? .clixml : .searchResults
    }

    /// Whether a root element is itself a record (Microsoft's documentation shows a lone `<Event>`).
    static func isRecordRootName(_ qualifiedName: [UInt8]) -> Bool {
        let local = qualifiedName.split(separator: UInt8(ascii: ":")).last.map(Array.init) ?? qualifiedName
        return local == Array("Event".utf8)
    }

    /// The synthetic root start tag put before the rest of a file when reading resumes after a fault.
    var resumePrefix: [UInt8] {
        switch self {
        case .searchResults: return Array("<SearchResults>".utf8)
        case .clixml: return Array("<Objs>".utf8)
        }
    }

    /// Whether the bytes at `i` (a `<`) start a top-level record of this shape: `<Event` or, for
    /// CLIXML, `<Obj` without an `N=` attribute first (nested objects are named). Answers false
    /// when it cannot see enough bytes yet.
    func isRecordStart(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let name: [UInt8] = self == .clixml ? Array("<Obj".utf8) : Array("<Event".utf8)
        guard i + name.count < p.count else { return false }
        for k in 0..<name.count where p[i + k] != name[k] { return false }
        var j = i + name.count
        let next = p[j]
        if next == UInt8(ascii: ">") || next == UInt8(ascii: "/") { return true }
        guard next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D else { return false }
        if self == .searchResults { return true }
        while j < p.count, p[j] == 0x20 || p[j] == 0x09 || p[j] == 0x0A || p[j] == 0x0D { j += 1 }
        guard j + 1 < p.count else { return false }
        return !(p[j] == UInt8(ascii: "N") && (p[j + 1] == UInt8(ascii: "=") || p[j + 1] == 0x20))
    }
}
