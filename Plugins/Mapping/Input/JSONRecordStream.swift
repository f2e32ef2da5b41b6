import TesseraSDK

/// One element read from a JSON array, with where it stood.
struct JSONChunk {
    /// 1-based element number.
    var index: Int
    /// Line on which the element starts.
    var line: Int
    /// The element's bytes verbatim (only the first `maxRecordBytes` of an over-long one).
    var bytes: [UInt8]
    /// Why the element could not be read whole (truncated file, over-long), or nil.
    var error: String?

    var locator: String { "element \(index) (line \(line))" }
}

/// Streams the elements of a JSON array — a top-level `[...]`, or the array under one member of
/// a top-level object (`{"Records": [...]}`) — one at a time, never holding more than one
/// element (at most `maxRecordBytes`) in memory. Other members of the top-level object are
/// skipped structurally without being kept. Scanning is iterative, so nesting depth costs no
/// stack; an element nested too deeply is rejected by ``JSONParser``.
final class JSONRecordStream {
    enum Mode: Equatable {
        case array
        case records(key: String)
    }

    static let defaultMaxRecordBytes = 64 << 20

    private let cursor: ByteCursor
    private let mode: Mode
    private let maxRecordBytes: Int
    private var started = false
    private var finished = false
    private var inArray = false
    private var count = 0

    init(_ source: any ByteSource, mode: Mode, maxRecordBytes: Int = JSONRecordStream.defaultMaxRecordBytes) {
        self.cursor = ByteCursor(source)
        self.mode = mode
        self.maxRecordBytes = maxRecordBytes
    }

    private func fail(_ reason: String) -> EvidenceError {
        EvidenceError(
            locator: "line \(cursor.line)",
            reason: reason + "; the file is not in the shape this mapping reads (check the file, or choose another mapping with --plugin)")
    }

    /// The next element, or nil after the last one.
    func next() throws -> JSONChunk? {
        if finished { return nil }
        if !started {
            started = true
            try enterArray()
            if finished { return nil }
        }
        guard var b = try cursor.skipWhitespace() else {
            finished = true
            endedInsideArray = true
            return nil
        }
        if count > 0 {
            if b == UInt8(ascii: "]") { _ = try cursor.next(); try leaveArray(); return nil }
            guard b == UInt8(ascii: ",") else {
                throw fail("expected ',' or ']' after element \(count), found '\(Character(Unicode.Scalar(b)))'; the file is not valid JSON from here on")
            }
            _ = try cursor.next()
            guard let after = try cursor.skipWhitespace() else { finished = true; endedInsideArray = true; return nil }
            if after == UInt8(ascii: "]") { // a trailing comma, as some exporters write: no element is lost
                _ = try cursor.next()
                try leaveArray()
                return nil
            }
            b = after
        } else if b == UInt8(ascii: "]") {
            _ = try cursor.next()
            try leaveArray()
            return nil
        }
        count += 1
        let line = cursor.line
        var bytes: [UInt8] = []
        let error = try scanValue(capture: &bytes, keep: true)
        return JSONChunk(index: count, line: line, bytes: bytes, error: error)
    }

    /// True when the array was never closed (the file ended inside it).
    private(set) var endedInsideArray = false

    private func enterArray() throws {
        guard let first = try cursor.skipWhitespace() else { finished = true; return }
        switch mode {
        case .array:
            guard first == UInt8(ascii: "[") else {
                throw fail("expected a JSON array ('[') at the start of the file, found '\(Character(Unicode.Scalar(first)))'")
            }
            _ = try cursor.next()
            inArray = true
        case .records(let key):
            guard first == UInt8(ascii: "{") else {
                throw fail("expected a JSON object with a \"\(key)\" array at the start of the file, found '\(Character(Unicode.Scalar(first)))'")
            }
            _ = try cursor.next()
            try seekMember(key)
        }
    }

    /// Walks the top-level object's members until `key`, whose value must be an array.
    private func seekMember(_ key: String) throws {
        while true {
            guard let b = try cursor.skipWhitespace() else { throw fail("the file ends before the \"\(key)\" array") }
            if b == UInt8(ascii: "}") {
                throw fail("the top-level object has no \"\(key)\" array")
            }
            if b == UInt8(ascii: ",") { _ = try cursor.next(); continue }
            guard b == UInt8(ascii: "\"") else { throw fail("expected a member name in the top-level object") }
            var nameBytes: [UInt8] = []
            if let error = try scanValue(capture: &nameBytes, keep: true) { throw fail(error) }
            let name = (try? JSONParser.parse(nameBytes))?.stringValue ?? ""
            guard try cursor.skipWhitespace() == UInt8(ascii: ":") else { throw fail("expected ':' after \"\(name)\"") }
            _ = try cursor.next()
            guard let valueStart = try cursor.skipWhitespace() else { throw fail("the file ends inside member \"\(name)\"") }
            if name == key {
                guard valueStart == UInt8(ascii: "[") else { throw fail("\"\(key)\" is not an array") }
                _ = try cursor.next()
                inArray = true
                return
            }
            var ignored: [UInt8] = []
            if let error = try scanValue(capture: &ignored, keep: false) { throw fail("in member \"\(name)\": \(error)") }
        }
    }

    private func leaveArray() throws {
        finished = true
        inArray = false
    }

    /// Consumes one JSON value, appending its bytes to `capture` when `keep` (up to the limit).
    /// Returns an error text when the value is cut short or over-long; structure is only
    /// tracked here (strings, nesting), validation is the parser's job.
    private func scanValue(capture: inout [UInt8], keep: Bool) throws -> String? {
        var depth = 0
        var inString = false
        var escaped = false
        var overlong = false
        func append(_ b: UInt8) {
            guard keep, !overlong else { return }
            if capture.count >= maxRecordBytes { overlong = true; return }
            capture.append(b)
        }
        while let b = try cursor.peek() {
            if inString {
                _ = try cursor.next()
                append(b)
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return overlong ? overlongReason() : nil }
                }
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1 // a counter, not recursion: any depth is scanned; the parser bounds it per element
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return overlong ? overlongReason() : nil } // end of a scalar before the container closes
                depth -= 1
                _ = try cursor.next()
                append(b)
                if depth == 0 { return overlong ? overlongReason() : nil }
                continue
            case UInt8(ascii: ","), 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 { return overlong ? overlongReason() : nil }
            default:
                break
            }
            _ = try cursor.next()
            append(b)
        }
        endedInsideArray = true
        finished = true
        return "the file ends inside this element (truncated export?)"
    }

    private func overlongReason() -> String {
        "element longer than \(maxRecordBytes) bytes; only its start is kept"
    }
}

/// Looks at the start of a JSON text to decide how its records are laid out, without consuming
/// the input: a top-level array, an object holding the records array under `key`, or JSON Lines.
enum JSONLayoutSniffer {
    enum Layout: Equatable {
        case array
        case records(key: String)
        case lines
    }

    /// Decides from `head` (the first bytes of the text). An object counts as the records
    /// container when one of `recordsKeys` is one of its top-level members within `head`.
    static func layout(of head: [UInt8], recordsKeys: [String]) -> Layout? {
        var i = 0
        while i < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[i]) { i += 1 }
        guard i < head.count else { return nil }
        if head[i] == UInt8(ascii: "[") { return .array }
        guard head[i] == UInt8(ascii: "{") else { return nil }
        guard !recordsKeys.isEmpty else { return .lines }
        let keys = topLevelKeys(head, from: i)
        if let key = recordsKeys.first(where: keys.contains) { return .records(key: key) }
        return .lines
    }

    /// The member names at depth 1 of the object starting at `start`, as far as `head` goes.
    static func topLevelKeys(_ head: [UInt8], from start: Int) -> [String] {
        var keys: [String] = []
        var depth = 0
        var i = start
        var expectingKey = false
        while i < head.count {
            let b = head[i]
            if b == UInt8(ascii: "\"") {
                var j = i + 1
                var escaped = false
                while j < head.count {
                    if escaped { escaped = false } else if head[j] == UInt8(ascii: "\\") { escaped = true } else if head[j] == UInt8(ascii: "\"") { break }
                    j += 1
                }
                guard j < head.count else { return keys }
                if depth == 1 && expectingKey, let key = (try? JSONParser.parse(Array(head[i...j])))?.stringValue {
                    keys.append(key)
                    expectingKey = false
                }
                i = j + 1
                continue
            }
            switch b {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth == 1 { expectingKey = true }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return keys }
            case UInt8(ascii: ","):
                if depth == 1 { expectingKey = true }
            default: break
            }
            i += 1
        }
        return keys
    }
}
