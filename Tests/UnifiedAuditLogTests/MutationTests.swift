import TesseraSDK
import Testing

@testable import UnifiedAuditLogPlugin

/// Damaged exports (bytes flipped, inserted, removed — deterministic pseudo-random) never crash
/// the plugin, and every framed record comes out as exactly one stored record or one reject.
@Suite struct MutationTests {
    private struct Random {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    private func mutate(_ bytes: [UInt8], _ random: inout Random) -> [UInt8] {
        var out = bytes
        let interesting: [UInt8] = Array("\",\r\n{}[]:\\\u{0}x".utf8) + [0xFF, 0xC3]
        for _ in 0..<(1 + random.next(4)) {
            guard !out.isEmpty else { break }
            let at = random.next(out.count)
            switch random.next(3) {
            case 0: out[at] = interesting[random.next(interesting.count)]
            case 1: out.insert(interesting[random.next(interesting.count)], at: at)
            default: out.remove(at: at)
            }
        }
        return out
    }

    @Test func damagedPurviewCSVLosesNothing() throws {
        let rows = (0..<4).map {
            purviewRow(
                id: "m\($0)", operation: "FileDownloaded", userID: "alice@contoso.onmicrosoft.com",
                auditData: fileDownloaded(id: "m\($0)"))
        }
        let original = Array((purviewHeader + "\r\n" + rows.joined(separator: "\r\n") + "\r\n").utf8)
        var random = Random(state: 7)
        var runs = 0, rejects = 0
        for _ in 0..<300 {
            let bytes = mutate(original, &random)
            guard detect(bytes) != nil else { continue } // a damaged header is not claimed
            let sink: CollectingSink
            do { sink = try ingest(bytes) } catch is EvidenceError { continue }
            // The records the reader frames after the header, counted independently.
            let reader = CSVReader(UTF8TextSource(MemoryByteSource(bytes)))
            var framed = -1
            while try reader.next() != nil { framed += 1 }
            #expect(sink.records.count + sink.rejects.count == framed)
            #expect(sink.records.allSatisfy { !$0.events.isEmpty })
            runs += 1
            rejects += sink.rejects.count
        }
        // The mutations must really exercise the reject path.
        #expect(runs > 200)
        #expect(rejects > 100)
    }

    @Test func damagedJSONLinesLoseNothing() throws {
        let original = Array(((0..<4).map { fileDownloaded(id: "j\($0)") }.joined(separator: "\n") + "\n").utf8)
        var random = Random(state: 11)
        var runs = 0, rejects = 0
        for _ in 0..<300 {
            let bytes = mutate(original, &random)
            guard detect(bytes) != nil else { continue }
            let sink = try ingest(bytes, file: "x.jsonl")
            let reader = LineReader(UTF8TextSource(MemoryByteSource(bytes)))
            var nonBlank = 0
            while let line = try reader.next() {
                if !line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { nonBlank += 1 }
            }
            #expect(sink.records.count + sink.rejects.count == nonBlank)
            runs += 1
            rejects += sink.rejects.count
        }
        #expect(runs > 200)
        #expect(rejects > 100)
    }
}
