import TesseraSDK

/// One shape of unified audit log evidence: how records are framed and what a record holds.
public struct UALShape: Sendable, Equatable {
    /// How records are framed in the file.
    public enum Container: String, Sendable {
        case csv
        case jsonLines
        case jsonArray
    }

    /// What one record holds.
    public enum Layout: String, Sendable {
        /// Purview audit search export: `RecordId,CreationDate,RecordType,Operation,UserId,AuditData,...`.
        case purview
        /// Older compliance-portal export: `CreationDate,UserIds,Operations,AuditData`.
        case portal
        /// `Search-UnifiedAuditLog | Export-Csv` (or `ConvertTo-Json`): `RecordType,CreationDate,UserIds,
        /// Operations,AuditData,ResultIndex,ResultCount,Identity,...`.
        case powerShell
        /// A raw AuditData object per record (Management Activity API, `ForEach AuditData`).
        case auditData
        /// A Microsoft Graph `auditLogRecord` (Purview audit search API): `id`, `createdDateTime`,
        /// `auditLogRecordType`, `operation`, `userPrincipalName`, and the AuditData in `auditData`.
        case graphAuditLogRecord
        /// A Microsoft Sentinel / Log Analytics `OfficeActivity` row (flattened columns).
        case sentinelOfficeActivity
    }

    public var container: Container
    public var layout: Layout

    /// The format name stored in `sources.format` and shown by `tessera plugins`.
    public var formatName: String {
        switch (container, layout) {
        case (.csv, .purview): return "m365-ual-purview-csv"
        case (.csv, .portal): return "m365-ual-portal-csv"
        case (.csv, .powerShell): return "m365-ual-search-unifiedauditlog-csv"
        case (.csv, .sentinelOfficeActivity): return "m365-ual-sentinel-officeactivity-csv"
        case (.csv, .auditData): return "m365-ual-csv"
        case (.jsonLines, .sentinelOfficeActivity), (.jsonArray, .sentinelOfficeActivity): return "m365-ual-sentinel-officeactivity-json"
        case (.jsonLines, .auditData): return "m365-ual-auditdata-jsonl"
        case (.jsonArray, .auditData): return "m365-ual-auditdata-json-array"
        case (.jsonLines, .graphAuditLogRecord), (.jsonArray, .graphAuditLogRecord), (.csv, .graphAuditLogRecord):
            return "m365-ual-graph-auditlogrecord-json"
        case (.jsonLines, _): return "m365-ual-export-jsonl"
        case (.jsonArray, _): return "m365-ual-export-json-array"
        }
    }

    /// Every format name this plugin can report.
    static let allFormatNames = [
        "m365-ual-purview-csv", "m365-ual-portal-csv", "m365-ual-search-unifiedauditlog-csv",
        "m365-ual-sentinel-officeactivity-csv", "m365-ual-auditdata-jsonl", "m365-ual-auditdata-json-array",
        "m365-ual-sentinel-officeactivity-json", "m365-ual-export-jsonl", "m365-ual-export-json-array",
        "m365-ual-graph-auditlogrecord-json",
    ]

    /// Recognizes a UAL shape from the decoded head of a file, or nil when the head is not one
    /// (specific on purpose: other formats' CSV and JSON must not be claimed).
    public static func recognize(headText: Substring) -> UALShape? {
        let trimmed = headText.drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
        guard let first = trimmed.first else { return nil }
        if first == "{" || first == "[" {
            let bytes = Array(trimmed.utf8)
            var index = 0
            if first == "[" {
                index = 1
                while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
                guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
            }
            let keys = JSONHeadScanner.topLevelKeys(bytes, objectStart: index)
            guard let layout = layout(forJSONKeys: keys) else { return nil }
            return UALShape(container: first == "[" ? .jsonArray : .jsonLines, layout: layout)
        }
        // CSV: the header, after an optional `#TYPE ...` line written by Export-Csv.
        var lines = trimmed.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).makeIterator()
        guard var header = lines.next() else { return nil }
        if header.hasPrefix("#TYPE") {
            guard let next = lines.next() else { return nil }
            header = next
        }
        guard let layout = layout(forCSVHeader: CSVHeader(splitting: header)) else { return nil }
        return UALShape(container: .csv, layout: layout)
    }

    static func layout(forJSONKeys keys: [String]) -> Layout? {
        let names = Set(keys.map { $0.lowercased() })
        if names.contains("officeworkload"), names.contains("operation"),
            names.contains("timegenerated") || names.contains("timegenerated [utc]")
        {
            return .sentinelOfficeActivity
        }
        if names.contains("auditdata"), names.contains("createddatetime"), names.contains("operation"),
            names.contains("auditlogrecordtype") || names.contains("userprincipalname")
        {
            return .graphAuditLogRecord
        }
        if names.contains("auditdata"), names.contains("creationdate"), names.contains("operations") || names.contains("operation") {
            return names.contains("recordid") ? .purview : .powerShell
        }
        let identifying = ["id", "workload", "userid", "userkey", "organizationid"].filter(names.contains).count
        if names.contains("creationtime"), names.contains("operation"), names.contains("recordtype"), identifying >= 2 {
            return .auditData
        }
        return nil
    }

    static func layout(forCSVHeader header: CSVHeader) -> Layout? {
        if header.has("AuditData"), header.has("CreationDate"), header.has("Operation") || header.has("Operations") {
            if header.has("RecordId"), header.has("RecordType") { return .purview }
            if header.has("ResultIndex") || header.has("ResultCount") || header.has("Identity") || header.has("IsValid") {
                return .powerShell
            }
            return .portal
        }
        if header.has("OfficeWorkload"), header.has("Operation"), header.has("TimeGenerated") || header.has("TimeGenerated [UTC]") {
            return .sentinelOfficeActivity
        }
        return nil
    }
}

/// A CSV header with case-insensitive column lookup.
struct CSVHeader: Sendable {
    let names: [String]
    private let index: [String: Int]

    init(_ fields: [String]) {
        names = fields.map { $0.trimmingCharactersInWhitespace() }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name.lowercased()] == nil { index[name.lowercased()] = i }
        self.index = index
    }

    /// Splits a header line on commas, honouring double quotes (header names never span lines).
    init(splitting line: Substring) {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if c == "\"" { quoted.toggle(); continue }
            if c == "," && !quoted { fields.append(current); current = ""; continue }
            current.append(c)
        }
        fields.append(current)
        self.init(fields)
    }

    /// The first column name that appears more than once (ignoring case and surrounding space).
    var repeatedName: String? {
        names.enumerated().first { index[$0.element.lowercased()] != $0.offset }?.element
    }

    func has(_ name: String) -> Bool { index[name.lowercased()] != nil }
    func column(_ name: String) -> Int? { index[name.lowercased()] }
    func column(_ names: String...) -> Int? {
        for name in names { if let i = index[name.lowercased()] { return i } }
        return nil
    }
}
