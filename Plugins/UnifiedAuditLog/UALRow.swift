import TesseraSDK

/// One record as a framing reader (CSV or JSON) hands it to the mapper: the AuditData object
/// and the export's own columns, which serve as fallbacks.
struct UALRow {
    /// AuditData (or, for Sentinel rows, the row renamed to AuditData's field names).
    var audit: AuditObject
    /// The export's `CreationDate` column, verbatim.
    var creationDate: String?
    /// Whether `creationDate` is known to be UTC whatever its form (Sentinel's `TimeGenerated [UTC]`).
    var creationDateIsUTC = false
    /// Where `audit["CreationTime"]` came from, for `details.TimeSource`.
    var creationTimeSource = "AuditData.CreationTime"
    /// Where `creationDate` came from, for `details.TimeSource`.
    var creationDateSource = "CreationDate"
    var recordID: String?
    var recordType: String?
    var operation: String?
    var userID: String?
    /// Export-only columns kept in `details` (`AssociatedAdminUnits`, `ResultIndex`, ...).
    var exportColumns = JSONObject()
    var locator: String
    var raw: [UInt8]
}

/// Why a record could not be mapped, phrased for an analyst; becomes a ``Reject``.
struct UALRecordError: Error {
    var reason: String
}

extension UALRow {
    /// Turns a Sentinel / Log Analytics `OfficeActivity` row into AuditData field names:
    /// `OfficeWorkload` → `Workload`, `OfficeId` → `Id`, `Client_IPAddress` → `ClientIPAddress`,
    /// `Logon_Type` → `LogonType`, `OfficeObjectId` → `ObjectId`, `Site_Url` → `SiteUrl`,
    /// `TimeGenerated` → `CreationTime` (it holds the record's
    /// creation time, with a `Z`). Stringified arrays (`Folders`, `OperationProperties`,
    /// `Parameters`...) are parsed where they are read.
    static func fromSentinel(_ row: JSONObject, locator: String, raw: [UInt8]) -> UALRow {
        var audit = JSONObject()
        let renames: [String: String] = [
            "officeworkload": "Workload", "officeid": "Id", "client_ipaddress": "ClientIPAddress",
            "logon_type": "LogonType", "timegenerated": "CreationTime", "officeobjectid": "ObjectId",
            "site_url": "SiteUrl",
        ]
        var pairs: [(String, JSONValue)] = []
        var localizedTime: String?
        for member in row.members {
            let lowered = member.key.lowercased()
            if lowered == "timegenerated [utc]" { localizedTime = member.value.stringValue; continue }
            if let renamed = renames[lowered], row.field(renamed) == nil {
                pairs.append((renamed, member.value))
            } else {
                pairs.append((member.key, member.value))
            }
        }
        audit = JSONObject(pairs)
        var result = UALRow(audit: AuditObject(audit), locator: locator, raw: raw)
        if row.field("CreationTime") == nil { result.creationTimeSource = "OfficeActivity.TimeGenerated" }
        if let localizedTime {
            result.creationDate = localizedTime
            result.creationDateIsUTC = true
            result.creationDateSource = "OfficeActivity.TimeGenerated [UTC]"
        }
        return result
    }
}
