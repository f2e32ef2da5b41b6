// Measures the mapping engine's throughput on generated CSV files: rows mapped per second,
// parsing and mapping only (no SQLite), in the build configuration it is run with.
//
//   swift run -c release mapping-bench [ROWS [flat|ual]]   (default 200000, both shapes)
//
// Two shapes: a flat 10-column access log, and a UAL-shaped CSV whose AuditData column holds
// JSON that the mapping parses once per row (comparable work to the hand-written UAL plugin).
import Foundation
import MappingPlugin
import TesseraSDK

final class CountingSink: EventSink {
    var records = 0
    var events = 0
    var rejects = 0
    func accept(_ record: SourceRecord) throws { records += 1; events += record.events.count }
    func reject(_ reject: Reject) throws { rejects += 1 }
    func warn(_ message: String) {}
}

final class FileSource: ByteSource {
    let handle: FileHandle
    init(_ path: String) throws { handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)) }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let data = try handle.read(upToCount: buffer.count), !data.isEmpty else { return 0 }
        data.copyBytes(to: buffer)
        return data.count
    }
}

/// CPU time of this process: unlike wall time, not inflated by other jobs on a shared machine.
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let rows = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200_000 : 200_000
let operations = ["FileAccessed", "FileDownloaded", "FileModified", "FileDeleted", "SharingSet", "FilePreviewed"]

let flatMapping = """
    mapping: bench-flat
    input: {kind: csv}
    detect: {columns: [time, user, op, ip, bucket, key, status, bytes, agent, request]}
    lookups:
      ops: {map: {FileAccessed: read, FileDownloaded: download, FileModified: modify, FileDeleted: delete, SharingSet: share}, default: other}
    fields:
      time: {from: time, formats: [iso8601], zone: value}
      operation: op
      action: {from: op, lookup: ops}
      category: {const: file}
      outcome: {first: [{const: success, if: {status: {matches: '^2'}}}, {const: failure}]}
      actor: user
      client_ip: ip
      user_agent: agent
      resource: {template: "s3://{bucket}/{key}"}
      resource_name: {from: key, transforms: [basename]}
      record_id: request
      details: {bytes: bytes, status: status}
    dedup: {prefix: bench, key: request}
    """

let ualMapping = """
    mapping: bench-ual
    input: {kind: csv}
    detect: {columns: [CreationDate, UserIds, Operations, AuditData]}
    let:
      audit: {from: AuditData, transforms: [json]}
    lookups:
      ops: {map: {FileAccessed: read, FileDownloaded: download, FileModified: modify, FileDeleted: delete, SharingSet: share}, default: other}
    fields:
      time: {from: [$audit.CreationTime, CreationDate], formats: [iso8601], zone: UTC}
      operation: [$audit.Operation, Operations]
      action: {from: $audit.Operation, lookup: ops}
      category: {const: file}
      actor: [$audit.UserId, UserIds]
      client_ip: $audit.ClientIP
      user_agent: $audit.UserAgent
      tenant: $audit.OrganizationId
      resource: $audit.ObjectId
      resource_name: $audit.SourceFileName
      record_id: $audit.Id
      details: {workload: $audit.Workload, site: $audit.SiteUrl}
    dedup: {prefix: bench-ual, key: $audit.Id}
    """

func generate(_ path: String, ual: Bool) throws {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var chunk = ual ? "CreationDate,UserIds,Operations,AuditData\n" : "time,user,op,ip,bucket,key,status,bytes,agent,request\n"
    for i in 0..<rows {
        let second = i % 86_400
        let time = String(format: "2024-03-%02dT%02d:%02d:%02dZ", 1 + (i / 86_400) % 28, second / 3600, second / 60 % 60, second % 60)
        let user = "user\(i % 500)@agency.example.gov"
        let op = operations[i % operations.count]
        let ip = "10.\(i % 200).\(i % 250).\(i % 7 + 1)"
        if ual {
            let audit =
                #"{"CreationTime":"\#(time.dropLast())","Id":"\#(UUID().uuidString)","Operation":"\#(op)","OrganizationId":"0b5f-4c1a","RecordType":6,"UserKey":"i:0h.f|membership|\#(user)","UserType":0,"Version":1,"Workload":"SharePoint","ClientIP":"\#(ip)","ObjectId":"https://agency.sharepoint.com/sites/legal/Shared Documents/doc\#(i % 9000).docx","UserId":"\#(user)","SiteUrl":"https://agency.sharepoint.com/sites/legal/","SourceFileName":"doc\#(i % 9000).docx","UserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)"}"#
            chunk += "\(time),\(user),\(op),\"\(audit.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
        } else {
            chunk += "\(time),\(user),\(op),\(ip),evidence-bucket,cases/\(i % 1000)/file\(i).pdf,200,\(i * 7 % 100_000),\"aws-cli/2.9 Python/3.11\",req-\(i)\n"
        }
        if chunk.utf8.count > 1 << 20 {
            handle.write(chunk.data(using: .utf8)!)
            chunk = ""
        }
    }
    handle.write(chunk.data(using: .utf8)!)
    try handle.close()
}

func measure(_ name: String, yaml: String, ual: Bool) throws {
    let path = NSTemporaryDirectory() + "tessera-bench-\(name)-\(rows).csv"
    try generate(path, ual: ual)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let plugin = try MappingIngestPlugin(yaml: yaml, file: "\(name).yaml", origin: "benchmark")
    var best = Double.infinity
    var bestCPU = Double.infinity
    var sink = CountingSink()
    for _ in 0..<3 {
        sink = CountingSink()
        let start = Date()
        let cpuStart = cpuSeconds()
        try plugin.ingest(EvidenceInput(bytes: try FileSource(path)), context: IngestContext(displayPath: path), sink: sink)
        best = min(best, Date().timeIntervalSince(start))
        bestCPU = min(bestCPU, cpuSeconds() - cpuStart)
    }
    guard sink.records == rows, sink.rejects == 0 else {
        print("\(name): unexpected result: \(sink.records) records, \(sink.rejects) rejects (expected \(rows) records)")
        exit(1)
    }
    print(
        String(
            format: "%@: %d rows (%.1f MB): wall %.3f s = %.0f rows/s (%.1f MB/s); CPU %.3f s = %.0f rows/s (best of 3)",
            name, rows, Double(size) / 1e6, best, Double(rows) / best, Double(size) / 1e6 / best, bestCPU, Double(rows) / bestCPU))
}

let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil
if only == nil || only == "flat" { try measure("flat-csv", yaml: flatMapping, ual: false) }
if only == nil || only == "ual" { try measure("ual-shaped-csv", yaml: ualMapping, ual: true) }
