// Benchmark: builds a store with N events and M support interactions through SourceWriter,
// then correlates it, and prints ingest time, correlation time and their ratio (target ≤ 0.3).
// Run through scripts/benchmarks/bench-correlate (release build). Deterministic: SeededRandom (TesseraSynthetic) with a fixed seed.
import Foundation
import TesseraCorrelation
import TesseraSDK
import TesseraStore
import TesseraSynthetic

func argument(_ name: String, _ fallback: Int) -> Int {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else { return fallback }
    return v
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// CPU seconds used by this process so far (less sensitive than wall time to other load).
func cpu() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func us(_ iso: String) -> Int64 {
    guard case .utc(let v) = try! Timestamp.parseISO8601(iso) else { fatalError("\(iso) has no zone") }
    return v
}

@main
enum BenchCorrelate {
    static func main() throws {
        try BenchmarkRun().run()
    }
}

/// One benchmark run; its state lives here so the generator closures can share it.
final class BenchmarkRun {
    func run() throws {
        let eventCount = argument("--events", 1_000_000)
        let interactionCount = argument("--interactions", 1_000)
        let directory =
            CommandLine.arguments.firstIndex(of: "--dir").map { CommandLine.arguments[$0 + 1] }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let storePath = directory + "/bench.tessera"
        if CommandLine.arguments.contains("--correlate-only") {
            // Re-correlates a store kept by an earlier `--keep` run (for profiling).
            let store = try EventStore(path: storePath, mode: .readWrite)
            let t = now()
            let summary = try Correlator(store: store, options: CorrelationOptions(toolVersion: "bench")).run()
            print(summary.description.split(separator: "\n").prefix(4).joined(separator: "\n"))
            print(String(format: "correlate: %.2f s", now() - t))
            for (phase, seconds) in summary.phaseSeconds { print("  \(phase): " + String(format: "%.2f s", seconds)) }
            return
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }

        let start0 = us("2024-01-01T00:00:00Z")
        let spanUs: Int64 = 60 * 86_400 * 1_000_000 // 60 days of evidence

        var rng = SeededRandom(seed: 42)
        let store = try EventStore(path: storePath, mode: .readWrite)
        var ingestSeconds = 0.0
        var ingestCPU = 0.0
        var sourceNumber = 0

        func ingest(_ name: String, _ make: (Int) -> SourceRecord, count: Int) throws {
            sourceNumber += 1
            var hasher = SHA256()
            hasher.update(Array("\(name)-\(sourceNumber)".utf8))
            let info = SourceInfo(
                path: "/bench/\(name)", sha256: hasher.finalizeHex(), sizeBytes: Int64(count * 400), plugin: "bench",
                pluginVersion: "1", format: nil, sourceTimeZone: nil, toolVersion: "bench")
            var t = now()
            var c = cpu()
            let writer = try SourceWriter(store: store, info: info)
            ingestSeconds += now() - t
            ingestCPU += cpu() - c
            var batch: [SourceRecord] = []
            batch.reserveCapacity(10_000)
            var n = 0
            while n < count {
                batch.removeAll(keepingCapacity: true)
                for _ in 0..<min(10_000, count - n) { batch.append(make(n)); n += 1 }
                t = now()
                c = cpu()
                for record in batch { try writer.store(record) }
                ingestSeconds += now() - t
                ingestCPU += cpu() - c
            }
            t = now()
            c = cpu()
            try writer.finish(warnings: [])
            ingestSeconds += now() - t
            ingestCPU += cpu() - c
        }

        // Support interactions: one or two sessions of 1–3 h each, an engineer and one or two accounts,
        // a host IP and (every third ticket) a /24, scope on half of them; every tenth is a Lockbox request.
        struct Ticket { var accounts: [String]; var ip: String; var start: Int64; var end: Int64 }
        var tickets: [Ticket] = []
        var sessions: [SupportSession] = []
        for i in 0..<interactionCount {
            let start = start0 + Int64(rng.below(Int(spanUs / 1_000_000))) * 1_000_000
            let length = Int64(1 + rng.below(3)) * 3_600_000_000
            let engineer = "engineer\(i % 150)@vendor.example"
            let accounts = [engineer, "support\(i % 150)@contoso.com"]
            let ip = "198.\(18 + i % 2).\(i / 250 % 250).\(i % 250)"
            if i % 10 == 9 {
                var s = SupportSession(interactionID: "LB-\(i)", kind: .lockbox, startUs: start, startRaw: Timestamp.iso8601(start))
                s.status = i % 20 == 19 ? "Denied" : "Approved"
                s.details = JSONObject([("duration_hours", .number("\(1 + i % 4)"))])
                s.tenant = "contoso"
                sessions.append(s)
                continue
            }
            let parts = i % 2 == 0 ? 2 : 1
            for p in 0..<parts {
                let sStart = start + Int64(p) * (length + 3_600_000_000)
                var s = SupportSession(interactionID: "T-\(i)", kind: .session, startUs: sStart, startRaw: Timestamp.iso8601(sStart))
                s.engineer = engineer
                s.engineerCountry = i % 7 == 0 ? "IN" : "US"
                s.clearance = i % 5 == 0 ? nil : "cleared"
                s.customerClass = i % 3 == 0 ? "government" : "commercial"
                s.tenant = "contoso"
                if i % 13 != 0 { s.endUs = sStart + length; s.endRaw = Timestamp.iso8601(sStart + length) }
                s.accounts = accounts
                s.sourceIPs = i % 3 == 0 ? [ip, "203.0.\(i % 200).0/24"] : [ip]
                if i % 2 == 0 { s.scope = ["user\(i % 5000)@contoso.com"] }
                sessions.append(s)
                tickets.append(Ticket(accounts: accounts, ip: ip, start: sStart, end: sStart + length))
            }
        }
        try ingest(
            "support.csv",
            { n in
                let s = sessions[n]
                let e = NormalizedEvent(
                    timestampUs: s.startUs, timestampRaw: s.startRaw, timestampDescription: "Session Start",
                    category: EventCategory.support, operation: "SupportSession", action: EventAction.sessionStart,
                    actor: s.engineer, actorType: ActorType.supportEngineer, sessionID: s.interactionID,
                    message: "session \(s.interactionID)")
                return SourceRecord(
                    locator: "line \(n + 2)", dedupKey: "bench-support:\(n)", raw: Array("support row \(n)".utf8), events: [e], supportSession: s)
            }, count: sessions.count)

        // Events: 97% customer users, 2% support accounts during their tickets, 0.5% support accounts at
        // random times, 0.5% Microsoft Operator; 20% carry Exchange logon details. Four sources.
        let actions = [
            EventAction.read, EventAction.read, EventAction.read, EventAction.download, EventAction.modify, EventAction.send,
            EventAction.inboxRule, EventAction.permissionGrant,
        ]
        func makeEvent(_ n: Int) -> SourceRecord {
            let roll = rng.below(1000)
            var ts = start0 + Int64(rng.next() % UInt64(spanUs))
            var actor = "user\(rng.below(5000))@contoso.com"
            var actorType = ActorType.user
            var ip = "10.\(rng.below(8)).\(rng.below(250)).\(rng.below(250))"
            if roll < 20, !tickets.isEmpty {
                let t = tickets[rng.below(tickets.count)]
                ts = t.start + Int64(rng.next() % UInt64(t.end - t.start))
                actor = t.accounts[rng.below(t.accounts.count)]
                ip = t.ip
            } else if roll < 25, !tickets.isEmpty {
                actor = tickets[rng.below(tickets.count)].accounts[1]
            } else if roll < 30 {
                actor = "microsoft operator"
                actorType = ActorType.microsoftOperator
            }
            let user = rng.below(5000)
            let isFile = rng.below(4) == 0
            let resource =
                isFile
                ? "https://contoso.sharepoint.com/sites/s\(user % 40)/doc\(rng.below(100_000)).docx"
                : "user\(user)@contoso.com/item\(rng.below(1_000_000))"
            var details = JSONObject([("Workload", .string(isFile ? "SharePoint" : "Exchange")), ("ResultStatus", .string("Succeeded"))])
            if rng.below(5) == 0 {
                details["logon_user_sid"] = .string("S-1-5-21-1000-2000-3000-\(user)")
                details["logon_user_upn"] = .string("user\(user)@contoso.com")
                details["logon_user_display_name"] = .string("User \(user)")
            }
            let time = Timestamp.iso8601(ts)
            let action = actions[rng.below(actions.count)]
            let raw =
                "{\"CreationTime\":\"\(time)\",\"Id\":\"\(n)\",\"Operation\":\"\(action)\",\"UserId\":\"\(actor)\",\"ClientIP\":\"\(ip)\",\"ObjectId\":\"\(resource)\",\"Workload\":\"Exchange\",\"OrganizationId\":\"contoso\",\"RecordType\":2,\"ResultStatus\":\"Succeeded\",\"UserType\":0,\"Version\":1}"
            let event = NormalizedEvent(
                timestampUs: ts, timestampRaw: time, timestampDescription: "Event Time",
                category: isFile ? EventCategory.file : EventCategory.mail, operation: action, action: action,
                outcome: "success", actor: actor, actorRaw: actor, actorType: actorType, clientIP: ip, tenant: "contoso",
                resourceType: isFile ? ResourceType.file : ResourceType.mailItem, resource: resource,
                recordID: String(n), message: "\(action) \(resource) by \(actor)", details: details)
            return SourceRecord(locator: "line \(n + 1)", dedupKey: "bench:\(sourceNumber):\(n)", raw: Array(raw.utf8), events: [event])
        }
        let perSource = eventCount / 4
        for s in 0..<4 {
            try ingest("ual-\(s).json", makeEvent, count: s == 3 ? eventCount - 3 * perSource : perSource)
        }

        let t = now()
        let c = cpu()
        let summary = try Correlator(store: store, options: CorrelationOptions(toolVersion: "bench")).run()
        let correlateSeconds = now() - t
        let correlateCPU = cpu() - c
        print(summary)
        print(String(format: "events: %d, interactions: %d (sessions %d)", eventCount, interactionCount, sessions.count))
        print(String(format: "ingest (SourceWriter, generation excluded): %.2f s (CPU %.2f s)", ingestSeconds, ingestCPU))
        print(String(format: "correlate: %.2f s (CPU %.2f s)", correlateSeconds, correlateCPU))
        for (phase, seconds) in summary.phaseSeconds { print("  \(phase): " + String(format: "%.2f s", seconds)) }
        print(
            String(
                format: "ratio correlate/ingest: %.3f (target <= 0.3); CPU-time ratio %.3f", correlateSeconds / ingestSeconds,
                correlateCPU / ingestCPU))
        if CommandLine.arguments.contains("--keep") {
            print("store kept at \(storePath)")
        } else {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storePath + suffix) }
        }

    }
}
