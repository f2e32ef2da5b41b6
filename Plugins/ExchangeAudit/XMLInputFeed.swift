import TesseraSDK

/// The decoded evidence text as libxml2 pulls it, with the bytes of the record being read kept
/// aside (so each record's raw text is stored verbatim) and a ``RecordBoundaryScanner`` run over
/// every byte before libxml2 sees it.
///
/// Offsets are positions in the decoded (UTF-8) text; lines are the file's lines.
final class XMLInputFeed {
    /// Records (and broken stretches) larger than this are refused: a real audit record is a few KiB.
    let maxRetainedBytes: Int
    private let source: any ByteSource
    /// Bytes that are not in the file (a synthetic root start tag after a resync), handed out first.
    private var injected: [UInt8] = []
    private var injectedPosition = 0
    /// Real bytes already read from the source but not yet handed to libxml2.
    private var readAhead: [UInt8] = []
    private var readAheadPosition = 0
    /// Offset of the next real byte handed to libxml2 (or to ``readRaw(into:)``).
    private(set) var fedOffset: Int64 = 0
    private(set) var sourceEnded = false
    /// Set when the source failed; libxml2 sees an I/O error and the plugin rethrows this.
    private(set) var readError: (any Error)?
    /// Set when a DTD was found before the root element: the bytes are withheld from libxml2.
    private(set) var refusedDeclaration: (offset: Int64, line: Int)?
    /// Set when the record being read grew past ``maxRetainedBytes``.
    private(set) var oversizedFrom: (offset: Int64, line: Int)?
    /// While searching for a place to resume after a fault, declarations are not looked at.
    private var seeking = false

    var scanner = RecordBoundaryScanner()
    /// The retained bytes, starting at offset ``retainedStart`` (line ``retainedStartLine``).
    private var retained: [UInt8] = []
    private var retainedHead = 0
    private(set) var retainedStart: Int64 = 0
    private(set) var retainedStartLine = 1

    init(source: any ByteSource, maxRetainedBytes: Int) {
        self.source = source
        self.maxRetainedBytes = maxRetainedBytes
    }

    /// Reads the first bytes ahead of libxml2, so the text decoder has seen the byte-order mark.
    func prime() throws {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 { sourceEnded = true }
        readAhead = Array(chunk[0..<n])
        readAheadPosition = 0
    }

    /// libxml2's read callback: hands out injected bytes, then real ones (scanned and retained).
    /// - Returns: the byte count, 0 at the end, -1 on error.
    func libxmlRead(_ buffer: UnsafeMutablePointer<CChar>, _ length: Int) -> Int32 {
        guard length > 0, readError == nil, refusedDeclaration == nil, oversizedFrom == nil else {
            return readError == nil && refusedDeclaration == nil && oversizedFrom == nil ? 0 : -1
        }
        let raw = UnsafeMutableRawBufferPointer(start: buffer, count: length)
        if injectedPosition < injected.count {
            let n = min(length, injected.count - injectedPosition)
            injected.withUnsafeBytes { raw.baseAddress!.copyMemory(from: $0.baseAddress! + injectedPosition, byteCount: n) }
            injectedPosition += n
            return Int32(n)
        }
        do {
            let n = try readRaw(into: raw)
            if refusedDeclaration != nil || oversizedFrom != nil { return -1 }
            return Int32(n)
        } catch {
            readError = error
            return -1
        }
    }

    /// Reads real bytes (read-ahead first, then the source), scanning and retaining them.
    func readRaw(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var n = 0
        if readAheadPosition < readAhead.count {
            n = min(buffer.count, readAhead.count - readAheadPosition)
            readAhead.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + readAheadPosition, byteCount: n) }
            readAheadPosition += n
        } else if !sourceEnded {
            n = try source.read(into: buffer)
            if n == 0 { sourceEnded = true }
        }
        guard n > 0 else { return 0 }
        let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<n])
        let lineBefore = scanner.line
        scanner.consume(bytes)
        if !seeking, let declaration = scanner.declarationBeforeRoot, refusedDeclaration == nil {
            refusedDeclaration = declaration
        }
        retain(bytes, lineBefore: lineBefore)
        fedOffset += Int64(n)
        return n
    }

    private func retain(_ bytes: UnsafeRawBufferPointer, lineBefore: Int) {
        if retainedHead > 0 && retainedHead >= retained.count / 2 && retainedHead > 65_536 {
            retained.removeFirst(retainedHead)
            retainedHead = 0
        }
        retained.append(contentsOf: bytes)
        if !seeking && retained.count - retainedHead > maxRetainedBytes && oversizedFrom == nil {
            oversizedFrom = (scanner.openRecordStart ?? retainedStart, scanner.openRecordStartLine ?? retainedStartLine)
        }
    }

    /// Forgets retained bytes before `offset` (the end of a record just emitted, on `line`).
    func release(upTo offset: Int64, line: Int) {
        let drop = Int(min(max(0, offset - retainedStart), Int64(retained.count - retainedHead)))
        retainedHead += drop
        retainedStart += Int64(drop)
        retainedStartLine = line
    }

    /// The retained bytes in `start..<end` (clamped to what is retained).
    func retainedBytes(_ start: Int64, _ end: Int64) -> [UInt8] {
        let lower = Int(max(start, retainedStart) - retainedStart) + retainedHead
        let upper = Int(min(end, retainedStart + Int64(retained.count - retainedHead)) - retainedStart) + retainedHead
        guard lower < upper else { return [] }
        return Array(retained[lower..<upper])
    }

    /// The line of a retained offset.
    func line(at offset: Int64) -> Int {
        let upper = Int(min(max(offset, retainedStart), retainedStart + Int64(retained.count - retainedHead)) - retainedStart) + retainedHead
        var line = retainedStartLine
        retained.withUnsafeBufferPointer { p in
            var i = retainedHead
            while i < upper { if p[i] == 0x0A { line += 1 }; i += 1 }
        }
        return line
    }

    /// Offset of the first retained byte on `line`, if retained.
    func offset(ofLine target: Int) -> Int64? {
        if target <= retainedStartLine { return retainedStart }
        var line = retainedStartLine
        return retained.withUnsafeBufferPointer { p -> Int64? in
            var i = retainedHead
            while i < p.count {
                if p[i] == 0x0A {
                    line += 1
                    if line == target { return retainedStart + Int64(i + 1 - retainedHead) }
                }
                i += 1
            }
            return nil
        }
    }

    /// Reads on (retaining) until a record start tag is found at or after `from`, or the input ends.
    /// - Parameter isRecordStart: whether the bytes at an index (a `<`) begin a record; it sees
    ///   the retained bytes and must answer false when it needs bytes beyond them.
    /// - Returns: the offset of the record's `<`, or nil at the end of the input.
    /// - Throws: ``ExchangeAuditError/unreadableStretch`` when no record starts within the limit.
    func seekRecordStart(from: Int64, isRecordStart: (UnsafeBufferPointer<UInt8>, Int) -> Bool) throws -> Int64? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var searchFrom = max(from, retainedStart)
        seeking = true
        defer { seeking = false }
        while true {
            let haveEnd = retainedStart + Int64(retained.count - retainedHead)
            if searchFrom < haveEnd {
                let lower = Int(searchFrom - retainedStart) + retainedHead
                let found = retained.withUnsafeBufferPointer { p -> Int? in
                    var i = lower
                    while i < p.count {
                        if p[i] == 0x3C && isRecordStart(p, i) { return i }
                        i += 1
                    }
                    return nil
                }
                if let found { return retainedStart + Int64(found - retainedHead) }
                // A start tag cut by the chunk's end is looked at again once more bytes are in.
                searchFrom = max(searchFrom, haveEnd - 64)
            }
            let n = try chunk.withUnsafeMutableBytes { try readRaw(into: $0) }
            if n == 0 {
                // Input over: look once more at the held-back tail, which may now be judged.
                let tailFrom = Int(max(searchFrom, retainedStart) - retainedStart) + retainedHead
                let found = retained.withUnsafeBufferPointer { p -> Int? in
                    var i = tailFrom
                    while i < p.count {
                        if p[i] == 0x3C && isRecordStart(p, i) { return i }
                        i += 1
                    }
                    return nil
                }
                return found.map { retainedStart + Int64($0 - retainedHead) }
            }
            if retained.count - retainedHead > maxRetainedBytes {
                throw ExchangeAuditError.unreadableStretch(line: retainedStartLine, limit: maxRetainedBytes)
            }
        }
    }

    /// Restarts feeding at `offset` (a retained position) behind a synthetic `prefix`.
    func restart(at offset: Int64, line: Int, prefix: [UInt8], depth: Int, recordDepth: Int) {
        // Bytes from `offset` that were already read go back into the read-ahead.
        let rest = retainedBytes(offset, retainedStart + Int64(retained.count - retainedHead))
        let unread = readAheadPosition < readAhead.count ? Array(readAhead[readAheadPosition...]) : []
        readAhead = rest + unread
        readAheadPosition = 0
        retained.removeAll(keepingCapacity: true)
        retainedHead = 0
        retainedStart = offset
        retainedStartLine = line
        fedOffset = offset
        injected = prefix
        injectedPosition = 0
        oversizedFrom = nil
        scanner.reset(offset: offset, line: line, depth: depth, recordDepth: recordDepth)
    }
}
