import Foundation
import TesseraSDK
import TesseraStore

/// The SQL functions compiled rules call, defined on the connection that runs them:
/// `REGEXP` (with a time budget per value), `sigma_cidr`, `sigma_fold` and `sigma_csv_json`.
enum DetectionFunctions {
    /// A regular expression that runs longer than this on one value stops the run: it is
    /// backtracking catastrophically, and scanning a million events with it would never end.
    static let regexBudgetSeconds = 0.25
    /// And one that spends this long over all values of a run is too slow to finish (a
    /// well-behaved expression takes microseconds per value).
    static let regexTotalBudgetSeconds = 60.0

    static func define(on db: Database, regexOwners: [String: String]) throws(SQLiteError) {
        let regexes = RegexCache(owners: regexOwners)
        try db.defineFunction("regexp", argumentCount: 2) { (args) throws(SQLFunctionError) -> SQLValue in
            guard let pattern = args[0].text, let value = args[1].text else { return .null }
            return .integer(try regexes.matches(pattern, value) ? 1 : 0)
        }
        let networks = NetworkCache()
        try db.defineFunction("sigma_cidr", argumentCount: 2) { args in
            guard let network = args[1].text, let value = args[0].text else { return .null }
            return .integer(networks.network(network)?.contains(value) == true ? 1 : 0)
        }
        try db.defineFunction("sigma_fold", argumentCount: 1) { args in
            guard let text = args[0].text else { return .null }
            return .text(text.lowercased())
        }
        try db.defineFunction("sigma_csv_json", argumentCount: 1) { args in
            args[0].withUTF8 { bytes in csvJSONField(bytes).map { SQLValue.textBytes($0) } ?? .null } ?? .null
        }
    }

    /// The first field of a CSV row (RFC 4180 quoting) whose value is a JSON object, unquoted:
    /// the AuditData column of a unified-audit-log export row.
    static func csvJSONField(_ row: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), brace = UInt8(ascii: "{")
        var i = 0
        let n = row.count
        while i <= n {
            if i < n, row[i] == quote {
                // Quoted field: "" is a quote inside it.
                var value: [UInt8] = []
                var j = i + 1
                let isObject = j < n && row[j] == brace
                while j < n {
                    if row[j] == quote {
                        if j + 1 < n, row[j + 1] == quote { if isObject { value.append(quote) }; j += 2; continue }
                        break
                    }
                    if isObject { value.append(row[j]) }
                    j += 1
                }
                if isObject { return value }
                i = j + 1
                while i < n, row[i] != comma { i += 1 }
                i += 1
            } else {
                var j = i
                while j < n, row[j] != comma { j += 1 }
                if i < n, row[i] == brace { return Array(row[i..<j]) }
                i = j + 1
            }
        }
        return nil
    }
}

/// Compiled regular expressions, each run with a time budget.
private final class RegexCache {
    private var compiled: [String: NSRegularExpression] = [:]
    private var spent: [String: UInt64] = [:]
    private let owners: [String: String]

    init(owners: [String: String]) { self.owners = owners }

    func matches(_ pattern: String, _ value: String) throws(SQLFunctionError) -> Bool {
        let regex: NSRegularExpression
        if let cached = compiled[pattern] {
            regex = cached
        } else {
            do { regex = try NSRegularExpression(pattern: pattern) } catch {
                throw SQLFunctionError("\(owners[pattern] ?? "rule"): '\(pattern.prefix(200))' is not a valid regular expression")
            }
            compiled[pattern] = regex
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let budget = UInt64(DetectionFunctions.regexBudgetSeconds * 1e9)
        var matched = false, timedOut = false
        regex.enumerateMatches(in: value, options: [.reportProgress], range: NSRange(location: 0, length: value.utf16.count)) { result, _, stop in
            if result != nil { matched = true; stop.pointee = true; return }
            if DispatchTime.now().uptimeNanoseconds - start > budget { timedOut = true; stop.pointee = true }
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        spent[pattern, default: 0] += elapsed
        if spent[pattern]! > UInt64(DetectionFunctions.regexTotalBudgetSeconds * 1e9) {
            throw SQLFunctionError(
                "\(owners[pattern] ?? "rule"): the regular expression '\(pattern.prefix(200))' ran over "
                    + "\(Int(DetectionFunctions.regexTotalBudgetSeconds)) s in total; rewrite it without nested quantifiers")
        }
        if timedOut {
            throw SQLFunctionError(
                "\(owners[pattern] ?? "rule"): the regular expression '\(pattern.prefix(200))' ran over "
                    + "\(DetectionFunctions.regexBudgetSeconds) s on one value (catastrophic backtracking); rewrite it without nested quantifiers")
        }
        return matched
    }
}

private final class NetworkCache {
    private var networks: [String: IPNetwork?] = [:]
    func network(_ text: String) -> IPNetwork? {
        if let cached = networks[text] { return cached }
        let parsed = IPNetwork(text)
        networks[text] = parsed
        return parsed
    }
}
