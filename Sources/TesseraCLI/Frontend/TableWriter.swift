import TesseraReport
import TesseraSDK

/// Aligned columns for a terminal, in memory that does not grow with the result: column widths
/// come from the first ``heldRows`` rows (held until then), every later row is streamed, and
/// no cell is wider than ``maxWidth`` characters (longer values are cut with `…`). Control and
/// bidi characters are made visible (``EvidenceText``), so evidence cannot drive the terminal.
struct TableWriter {
    /// Rows read before the widths are fixed.
    static let heldRows = 200
    /// Widest cell, in characters (Unicode scalars).
    static let maxWidth = 80
    /// More rows than this is more than a screen: the footer says how to get every value.
    static let screenRows = 50

    private var header: [(bytes: [UInt8], width: Int)] = []
    /// Cells of the held rows, one after another, and where each ends with its width.
    private var held: [UInt8] = []
    private var heldCells: [(end: Int, width: Int)] = []
    private var widths: [Int] = []
    private var streaming = false
    private var line: [(start: Int, width: Int)] = []
    private var current: [UInt8] = []
    private var rows = 0
    private var cut = false

    init(columns: [String]) {
        for name in columns {
            var bytes: [UInt8] = []
            var name = name
            let width = name.withUTF8 { Self.appendCell(UnsafeRawBufferPointer($0), to: &bytes) }
            header.append((bytes, width.width))
        }
        widths = header.map(\.width)
    }

    /// Adds the next cell of the current row (UTF-8 text; numbers as their decimal text).
    mutating func cell(_ text: UnsafeRawBufferPointer) {
        let target = streaming ? current.count : held.count
        let (width, wasCut) = streaming ? Self.appendCell(text, to: &current) : Self.appendCell(text, to: &held)
        cut = cut || wasCut
        if streaming {
            line.append((target, width))
        } else {
            heldCells.append((held.count, width))
            let column = (heldCells.count - 1) % header.count
            widths[column] = max(widths[column], width)
        }
    }

    /// Ends the current row: held while the widths are not fixed, written once they are.
    mutating func endRow(to out: ByteOutput) throws(ReportError) {
        rows += 1
        if streaming {
            for (i, cell) in line.enumerated() {
                let end = i + 1 < line.count ? line[i + 1].start : current.count
                current.withUnsafeBytes { out.bytes.append(raw: UnsafeRawBufferPointer(rebasing: $0[cell.start..<end])) }
                pad(i, cell.width, out)
            }
            out.bytes.append(UInt8(ascii: "\n"))
            line.removeAll(keepingCapacity: true)
            current.removeAll(keepingCapacity: true)
            try out.flushIfFull()
        } else if rows == Self.heldRows {
            try writeHeld(to: out)
        }
    }

    /// Writes what is held and the footer: the row count, and how to get whole values.
    mutating func finish(to out: ByteOutput) throws(ReportError) {
        if !streaming { try writeHeld(to: out) }
        out.bytes.append(utf8: "(\(rows) row\(rows == 1 ? "" : "s"))\n")
        if cut || rows > Self.screenRows {
            var note = "(table view:"
            if rows > Self.heldRows { note += " column widths from the first \(Self.heldRows) rows;" }
            if cut { note += " values longer than \(Self.maxWidth) characters are cut with …;" }
            note += " --format csv, json or markdown writes every value whole, e.g. to a file with > result.csv)\n"
            out.bytes.append(utf8: note)
        }
    }

    private mutating func writeHeld(to out: ByteOutput) throws(ReportError) {
        for (i, cell) in header.enumerated() {
            out.bytes.append(contentsOf: cell.bytes)
            pad(i, cell.width, out)
        }
        out.bytes.append(UInt8(ascii: "\n"))
        for (i, width) in widths.enumerated() {
            if i > 0 { out.bytes.append(ascii: "  ") }
            out.bytes.append(contentsOf: repeatElement(UInt8(ascii: "-"), count: width))
        }
        out.bytes.append(UInt8(ascii: "\n"))
        var start = 0
        for (k, cell) in heldCells.enumerated() {
            let column = k % header.count
            held.withUnsafeBytes { out.bytes.append(raw: UnsafeRawBufferPointer(rebasing: $0[start..<cell.end])) }
            pad(column, cell.width, out)
            if column == header.count - 1 { out.bytes.append(UInt8(ascii: "\n")) }
            start = cell.end
        }
        held = []
        heldCells = []
        streaming = true
        try out.flush()
    }

    /// Spaces after a cell up to the next column (none after the last); at least two after a
    /// streamed cell wider than its column.
    private func pad(_ column: Int, _ width: Int, _ out: ByteOutput) {
        guard column < header.count - 1 else { return }
        out.bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(2, widths[column] - width + 2)))
    }

    /// Appends `text` neutralized and cut to ``maxWidth`` characters; its width and whether it was cut.
    private static func appendCell(_ text: UnsafeRawBufferPointer, to out: inout [UInt8]) -> (width: Int, cut: Bool) {
        // Each character takes at most four bytes: a longer value is cut anyway, so only its
        // head is read (a character split at the end is cut off with the rest).
        let head = 4 * (maxWidth + 1)
        let text = text.count > head ? UnsafeRawBufferPointer(rebasing: text[..<head]) : text
        let start = out.count
        EvidenceText.append(neutralized: text, to: &out)
        var width = 0
        var i = start
        while i < out.count {
            if out[i] & 0xC0 != 0x80 {
                if width == maxWidth - 1 {
                    // Is there more than one more character? Then cut here.
                    var j = i + 1
                    while j < out.count && out[j] & 0xC0 == 0x80 { j += 1 }
                    if j < out.count {
                        out.removeSubrange(i...)
                        out.append(ascii: "…")
                        return (maxWidth, true)
                    }
                }
                width += 1
            }
            i += 1
        }
        return (width, false)
    }
}
