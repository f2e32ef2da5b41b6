import Foundation

/// CSV cells (RFC 4180) that a spreadsheet opens as data, never as a formula.
public enum CSVEscaping {
    /// Characters that make Excel, LibreOffice or Google Sheets evaluate a cell.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Whether a spreadsheet would treat text starting like `text` as a formula.
    public static func startsLikeFormula(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        return formulaStarts.contains(first)
    }

    /// A text cell: prefixed with `'` when it starts like a formula, then quoted when it holds
    /// a comma, quote or line break (quotes doubled).
    public static func cell(_ text: String) -> String {
        var cell = text
        if startsLikeFormula(cell) { cell = "'" + cell }
        if cell.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }

    /// A numeric cell (never neutralized: a negative number stays a number).
    public static func number(_ value: Int64) -> String { String(value) }
}
