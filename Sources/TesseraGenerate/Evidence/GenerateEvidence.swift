import ArgumentParser
import Foundation

/// `tessera-generate evidence FORMAT --records N --out FILE`: one large evidence file of one
/// format, streamed record by record (memory does not grow with N), for the benchmarks and the
/// crash tests.
struct GenerateEvidence: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Write one large synthetic evidence file of one format.",
        discussion: """
            Formats: purview-csv (Purview audit search CSV, about 1.5 KB a row across SharePoint, \
            MailItemsAccessed, mailbox items, Exchange admin cmdlets, Entra sign-ins and directory changes, 2 % of \
            rows repeated as exports do), exchange-xml (mailbox-audit SearchResult.xml, 0 to 4 <SourceItem>s an \
            <Event>), support-log (vendor support-interaction CSV), ual-for-sessions (a Purview CSV whose events \
            fall inside the sessions of the support-log written with the same --seed and --records, by the \
            session's account and from its source IP, every fourth one a minute after the session ended: \
            inside the default correlation slack, outside the window with --slack 0), \
            azure-activity and azure-keyvault (diagnostic-settings {"records": [...]} blobs), azure-signins-jsonl \
            (Event Hub JSON Lines) and azure-signins-csv (Log Analytics SigninLogs export).

            Prints one line: wrote FILE: N records, B bytes.
            """)

    @Argument(help: "The format to write.")
    var format: EvidenceFormat
    @Option(help: "The file to write (overwritten; its directory is created).") var out: String
    @Option(help: "Seed: the same seed writes the same bytes.") var seed: UInt64 = 1
    @Option(help: "Records to write (for ual-for-sessions: the support sessions to follow).") var records: Int?
    @Option(help: "Instead of --records: write whole records until the file holds this many MiB.") var sizeMb: Double?
    @Option(help: "ual-for-sessions: events per session.") var perSession: Int = 20

    mutating func validate() throws {
        switch (records, sizeMb) {
        case (nil, nil): throw ValidationError("give --records N or --size-mb M")
        case (.some, .some): throw ValidationError("give either --records or --size-mb, not both")
        case (.some(let n), nil) where n < 0: throw ValidationError("--records must be ≥ 0")
        case (nil, .some(let m)) where m <= 0: throw ValidationError("--size-mb must be > 0")
        default: break
        }
        if format == .ualForSessions, sizeMb != nil { throw ValidationError("ual-for-sessions takes --records (sessions), not --size-mb") }
        guard perSession >= 1 else { throw ValidationError("--per-session must be ≥ 1") }
    }

    mutating func run() throws {
        let file = try OutputFile(path: out)
        var shape = format.shape(seed: seed, perSession: perSession)
        try shape.begin(file)
        if let records {
            for index in 0..<records { try shape.record(index, to: file) }
        } else if let sizeMb {
            let target = Int(sizeMb * 1_048_576)
            var index = 0
            while file.bytesWritten < target {
                try shape.record(index, to: file)
                index += 1
            }
        }
        try shape.end(file)
        try file.close()
        print("wrote \(out): \(file.records) records, \(file.bytesWritten) bytes")
    }
}

/// The evidence formats `tessera-generate evidence` writes.
enum EvidenceFormat: String, CaseIterable, ExpressibleByArgument {
    case purviewCSV = "purview-csv"
    case exchangeXML = "exchange-xml"
    case supportLog = "support-log"
    case ualForSessions = "ual-for-sessions"
    case azureActivity = "azure-activity"
    case azureKeyVault = "azure-keyvault"
    case azureSignInsJSONL = "azure-signins-jsonl"
    case azureSignInsCSV = "azure-signins-csv"

    func shape(seed: UInt64, perSession: Int) -> any EvidenceShape {
        switch self {
        case .purviewCSV: PurviewCSVShape(seed: seed)
        case .exchangeXML: ExchangeAuditXMLShape(seed: seed)
        case .supportLog: SupportLogShape(seed: seed)
        case .ualForSessions: UALForSessionsShape(seed: seed, perSession: perSession)
        case .azureActivity: AzureShape(seed: seed, kind: .activity)
        case .azureKeyVault: AzureShape(seed: seed, kind: .keyVault)
        case .azureSignInsJSONL: AzureShape(seed: seed, kind: .signInsJSONL)
        case .azureSignInsCSV: AzureShape(seed: seed, kind: .signInsCSV)
        }
    }
}

/// One evidence format written as a stream: a header, records in order, a trailer. Record `index`
/// depends only on the seed and the records before it, so a file is the same for the same seed.
protocol EvidenceShape {
    /// Writes what precedes the first record (header row, XML prolog, array opening).
    mutating func begin(_ file: OutputFile) throws
    /// Writes record `index` (0, 1, 2, … in order) and counts it.
    mutating func record(_ index: Int, to file: OutputFile) throws
    /// Writes what follows the last record.
    mutating func end(_ file: OutputFile) throws
}

extension EvidenceShape {
    mutating func begin(_ file: OutputFile) throws {}
    mutating func end(_ file: OutputFile) throws {}
}
