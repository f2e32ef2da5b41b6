import Foundation
import Testing

/// `tessera report` and `tessera export` as an analyst runs them, on the bundled Samples.
@Suite(.serialized) struct ReportCommandTests {
    static func ingested() throws -> (dir: String, store: String) {
        let (samples, store) = try TesseraBinary.caseDirectory()
        let result = try TesseraBinary.run(["ingest", "--store", store, samples])
        #expect(result.status == 0, "\(result.stderr)")
        return ((store as NSString).deletingLastPathComponent, store)
    }

    @Test func reportsAreWrittenAndRerunsAreByteIdentical() throws {
        let (dir, store) = try Self.ingested()
        for format in ["html", "markdown"] {
            let a = dir + "/a.\(format)", b = dir + "/b.\(format)"
            for out in [a, b] {
                let run = try TesseraBinary.run([
                    "report", "--store", store, "--format", format, "--output", out,
                    "--generated-at", "2024-05-01T12:00:00Z", "--tz", "America/New_York",
                ])
                #expect(run.status == 0, "\(run.stderr)")
                #expect(run.stdout.contains("wrote \(out)") && run.stdout.contains("not correlated yet"))
            }
            let first = try Data(contentsOf: URL(fileURLWithPath: a)), second = try Data(contentsOf: URL(fileURLWithPath: b))
            #expect(first == second, "\(format): same store + options + --generated-at must give the same bytes")
            // Markdown escapes `_`, which renders as `_`.
            let text = String(decoding: first, as: UTF8.self).replacingOccurrences(of: "\\_", with: "_")
            #expect(text.contains("TKT-2023-0467") && text.contains("support_interactions_2023.csv"))
            #expect(text.contains("America/New_York") && text.contains("UTC-04:00"))
        }
    }

    @Test func everyExportFormatWrites() throws {
        let (dir, store) = try Self.ingested()
        let headers = [
            "l2t-csv": "date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra",
            "timesketch-csv": "message,datetime,timestamp_desc,timestamp,", "csv": "event_id,time_utc,ts_us,",
        ]
        for format in ["timesketch-jsonl", "timesketch-csv", "l2t-csv", "csv", "jsonl"] {
            let out = dir + "/export.\(format)"
            let run = try TesseraBinary.run([
                "export", "--store", store, "--format", format, "--output", out,
                "--interaction", "TKT-2023-0467",
            ])
            #expect(run.status == 0, "\(format): \(run.stderr)")
            #expect(run.stdout.contains("4 events"), "\(format): the interaction's two sessions start and end: \(run.stdout)")
            let text = try String(contentsOfFile: out, encoding: .utf8)
            if let header = headers[format] { #expect(text.hasPrefix(header)) }
        }
    }

    @Test func mistakesAreExplained() throws {
        let (dir, store) = try Self.ingested()
        let zone = try TesseraBinary.run(["report", "--store", store, "--output", dir + "/r.html", "--tz", "Mars/Olympus"])
        #expect(zone.status == 64 && zone.stderr.contains("unknown time zone"))
        let rows = try TesseraBinary.run(["export", "--store", store, "--format", "l2t-csv", "--rows", "access", "--output", dir + "/x"])
        #expect(rows.status == 64)
        let unknown = try TesseraBinary.run(["report", "--store", store, "--output", dir + "/r.html", "--interaction", "TKT-404"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no interaction 'TKT-404'"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.html"), "a failed report leaves no file")
        let access = try TesseraBinary.run(["export", "--store", store, "--format", "csv", "--rows", "access", "--output", dir + "/a.csv"])
        #expect(access.status == 1 && access.stderr.contains("tessera correlate"))
        for command in ["report", "export"] {
            let help = try TesseraBinary.run([command, "--help"])
            #expect(help.status == 0 && help.stdout.contains("Example"))
        }
    }
}
