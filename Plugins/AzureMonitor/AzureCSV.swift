import TesseraSDK

/// Log Analytics / Sentinel "Export to CSV" files and the Entra portal's sign-in "Download CSV":
/// each row becomes an object keyed by column name, so one mapping reads CSV and JSON alike.
///
/// Column names lose the zone suffix the portal adds to datetime columns (`TimeGenerated [UTC]`);
/// `dynamic` columns holding JSON text become objects and arrays; the portal's sign-in columns
/// (`Date (UTC)`, `Username`, `IP address`, ...) are renamed to their Graph names.
enum AzureCSV {
    /// Entra portal sign-in download columns → Graph `signIn` names.
    static let portalSignInColumns: [String: String] = [
        "date (utc)": "createdDateTime", "request id": "id", "correlation id": "correlationId", "user id": "userId",
        "username": "userPrincipalName", "user": "userDisplayName", "application": "appDisplayName",
        "application id": "appId", "resource": "resourceDisplayName", "ip address": "ipAddress",
        "sign-in error code": "ResultType", "failure reason": "ResultDescription", "client app": "clientAppUsed",
        "conditional access": "conditionalAccessStatus", "user agent": "userAgent", "location": "Location",
        "status": "StatusText", "home tenant id": "homeTenantId", "resource tenant id": "resourceTenantId",
    ]

    /// A header cell without the portal's zone suffix (`TimeGenerated [UTC]` → `TimeGenerated`).
    static func columnName(_ cell: String) -> String {
        var name = cell.trimmingCharactersInWhitespace()
        if name.hasPrefix("\u{FEFF}") { name.removeFirst() }
        if name.first == "\"", name.last == "\"", name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
            name = String(name[..<open]).trimmingCharactersInWhitespace()
        }
        return name
    }

    /// The column names of a header row (the portal's sign-in columns under their Graph names).
    static func header(_ fields: [String]) -> [String] {
        let names = fields.map(columnName)
        let lowered = Set(names.map { $0.lowercased() })
        guard lowered.contains("date (utc)") && lowered.contains("request id") else { return names }
        return names.map { portalSignInColumns[$0.lowercased()] ?? $0 }
    }

    /// A row as an object: empty cells left out, JSON text in a cell parsed.
    static func object(header: [String], fields: [String]) -> JSONObject {
        var object = JSONObject(minimumCapacity: header.count)
        for (name, cell) in zip(header, fields) where !cell.isEmpty {
            if let first = cell.utf8.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
                let parsed = try? JSONParser.parse(cell)
            {
                object.append(name, parsed)
            } else {
                object.append(name, .string(cell))
            }
        }
        return object
    }

    /// The time columns the mappings read; a header with none of them cannot place rows on a timeline.
    static let timeColumns: Set<String> = ["timegenerated", "time", "createddatetime", "activitydatetime", "eventtimestamp"]
}
