/// Splits one line of a delimited log into fields: fields are separated by one delimiter byte
/// (a space for S3 access logs, `;` for Azure Storage Analytics); a field that starts with a
/// quote runs to the matching closing quote (delimiters inside are kept), one that starts with
/// an opening bracket runs to the closing bracket. Quotes and brackets are removed.
struct DelimitedSplitter: Sendable {
    var delimiter: UInt8
    /// Quote bytes (each opens and closes a quoted field).
    var quotes: [UInt8]
    /// Pairs of (open, close) bytes.
    var brackets: [(UInt8, UInt8)]

    /// The fields, or an error text when a quoted or bracketed field is not closed.
    func split(_ line: [UInt8]) -> Result<[String], SplitError> {
        var fields: [String] = []
        var i = 0
        let n = line.count
        while true {
            if i < n, let close = closer(for: line[i]) {
                let start = i + 1
                var j = start
                while j < n, line[j] != close { j += 1 }
                guard j < n else {
                    return .failure(
                        SplitError(reason: "field \(fields.count + 1) opens with '\(Character(Unicode.Scalar(line[i])))' at byte \(i + 1) and is never closed"))
                }
                fields.append(String(decoding: line[start..<j], as: UTF8.self))
                i = j + 1
                // Text glued to a closing quote up to the next delimiter is kept with the field.
                if i < n, line[i] != delimiter {
                    var k = i
                    while k < n, line[k] != delimiter { k += 1 }
                    fields[fields.count - 1] += String(decoding: line[i..<k], as: UTF8.self)
                    i = k
                }
            } else {
                var j = i
                while j < n, line[j] != delimiter { j += 1 }
                fields.append(String(decoding: line[i..<j], as: UTF8.self))
                i = j
            }
            if i >= n { break }
            i += 1 // the delimiter
            if i == n { fields.append(""); break }
        }
        return .success(fields)
    }

    private func closer(for byte: UInt8) -> UInt8? {
        if quotes.contains(byte) { return byte }
        for (open, close) in brackets where open == byte { return close }
        return nil
    }

    struct SplitError: Error {
        var reason: String
    }
}
