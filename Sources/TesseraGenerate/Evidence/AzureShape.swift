import Foundation
import TesseraSDK
import TesseraSynthetic

/// Azure logs in the four shapes the azure-monitor plugin reads, with the field sets of the real
/// samples in `../shared/samples/real/azure-*`: an Activity Log diagnostic-settings blob
/// (`{"records": [...]}`), a Key Vault AuditEvent blob, Entra sign-ins as Event Hub JSON Lines and a
/// Log Analytics SigninLogs "Export to CSV" file. One record every 7 s from 2024-03-01T00:00:00Z.
/// `scripts/benchmarks/bench-azure` measures the plugin on them.
struct AzureShape: EvidenceShape {
    enum Kind { case activity, keyVault, signInsJSONL, signInsCSV }

    private var random: SeededRandom
    private let kind: Kind

    init(seed: UInt64, kind: Kind) {
        random = SeededRandom(seed: seed)
        self.kind = kind
    }

    static let firstTime: Int64 = 1_709_251_200 // 2024-03-01T00:00:00Z
    static let users = (0..<200).map { "user\($0)@contoso.example" }
    static let tenant = "9e4a1c2b-7f3d-4b8e-a6c5-1d2e3f4a5b6c"
    static let subscription = "5c1d7e2a-8b3f-4a6d-9e0c-7f2b1a3d4c5e"
    static let operations = [
        "Microsoft.Network/networkSecurityGroups/securityRules/write", "Microsoft.Compute/virtualMachines/write",
        "Microsoft.Authorization/roleAssignments/write", "Microsoft.Storage/storageAccounts/listKeys/action",
        "Microsoft.Compute/virtualMachines/runCommand/action", "Microsoft.Network/routeTables/write",
    ]
    static let upnClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"
    static let objectIDClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier"

    mutating func begin(_ file: OutputFile) throws {
        switch kind {
        case .activity, .keyVault: try file.write("{\"records\": [\n")
        case .signInsJSONL: break
        case .signInsCSV:
            try file.write(
                "\u{FEFF}TimeGenerated [UTC],UserPrincipalName,AppDisplayName,IPAddress,ResultType,ConditionalAccessStatus,"
                    + "LocationDetails,Status,DeviceDetail,Id,TenantId,CorrelationId,Type\r\n")
        }
    }

    mutating func end(_ file: OutputFile) throws {
        switch kind {
        case .activity, .keyVault: try file.write(file.records == 0 ? "]}\n" : "\n]}\n")
        case .signInsJSONL, .signInsCSV: break
        }
    }

    mutating func record(_ i: Int, to file: OutputFile) throws {
        switch kind {
        case .activity: try file.record((i == 0 ? "" : ",\n") + activity(i))
        case .keyVault: try file.record((i == 0 ? "" : ",\n") + keyVault(i))
        case .signInsJSONL:
            let time = timestamp(i)
            try file.record(
                "{\"records\": [{\"time\": \"\(time)\", \"tenantId\": \"\(Self.tenant)\", \"category\": \"SignInLogs\", "
                    + "\"operationName\": \"Sign-in activity\", \"callerIpAddress\": \"\(ip())\", \"resultType\": \"0\", "
                    + "\"properties\": \(signIn(i).json)}]}\n")
        case .signInsCSV: try file.record(signInCSVRow(i))
        }
    }

    /// `2024-03-01T00:00:07.1234560Z`: seven digits of the second, as Azure writes them.
    private mutating func timestamp(_ i: Int) -> String {
        Text.iso(Self.firstTime + Int64(i) * 7, zulu: false) + "." + Text.padded(random.below(1_000_000), 6) + "0Z"
    }

    private mutating func ip() -> String { "203.0.113.\(random.within(1..<255))" }

    private mutating func activity(_ i: Int) -> String {
        let operation = random.pick(Self.operations)
        let user = random.pick(Self.users)
        let correlation = random.uuid()
        let provider = operation.split(separator: "/").dropLast().joined(separator: "/").uppercased()
        let resource = "/SUBSCRIPTIONS/\(Self.subscription.uppercased())/RESOURCEGROUPS/RG-\(i % 17)/PROVIDERS/\(provider)/R\(i)"
        let time = timestamp(i)
        return
            "{\"time\": \"\(time)\", \"resourceId\": \"\(resource)\", \"operationName\": \"\(operation.uppercased())\", "
            + "\"category\": \"Administrative\", \"resultType\": \"\(random.pick(["Start", "Success"]))\", "
            + "\"resultSignature\": \"Succeeded.\", \"durationMs\": \"\(random.below(9000))\", \"callerIpAddress\": \"\(ip())\", "
            + "\"correlationId\": \"\(correlation)\", \"identity\": {\"authorization\": {\"scope\": \"\(resource.lowercased())\", "
            + "\"action\": \"\(operation)\", \"evidence\": {\"role\": \"Contributor\", \"principalId\": \"\(random.uuid())\", "
            + "\"principalType\": \"User\"}}, \"claims\": {\"aud\": \"https://management.core.windows.net/\", "
            + "\"iss\": \"https://sts.windows.net/\(Self.tenant)/\", \"appid\": \"\(random.uuid())\", \"\(Self.upnClaim)\": \"\(user)\", "
            + "\"\(Self.objectIDClaim)\": \"\(random.uuid())\", "
            + "\"http://schemas.microsoft.com/identity/claims/tenantid\": \"\(Self.tenant)\", \"ipaddr\": \"\(ip())\"}}, "
            + "\"level\": \"Information\", \"properties\": {\"statusCode\": \"OK\", \"serviceRequestId\": \"\(random.uuid())\", "
            + "\"eventCategory\": \"Administrative\", \"entity\": \"\(resource.lowercased())\", \"message\": \"\(operation)\", "
            + "\"hierarchy\": \"\(Self.tenant)/\(Self.subscription)\"}, \"tenantId\": \"\(Self.tenant)\"}"
    }

    private mutating func keyVault(_ i: Int) -> String {
        let operation = random.pick(["SecretGet", "SecretList", "KeyDecrypt", "CertificateGet", "VaultGet"])
        let name = "secret-\(i % 300)"
        let vault = "kv\(i % 5)"
        let time = timestamp(i)
        return
            "{\"time\": \"\(time)\", \"resourceId\": \"/SUBSCRIPTIONS/\(Self.subscription.uppercased())/RESOURCEGROUPS/RG-ID/"
            + "PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV\(i % 5)\", \"operationName\": \"\(operation)\", \"operationVersion\": \"7.4\", "
            + "\"category\": \"AuditEvent\", \"resultType\": \"Success\", \"resultSignature\": \"OK\", \"resultDescription\": \"\", "
            + "\"durationMs\": \"\(random.below(200))\", \"callerIpAddress\": \"\(ip())\", \"correlationId\": \"\(random.uuid())\", "
            + "\"identity\": {\"claim\": {\"\(Self.objectIDClaim)\": \"\(random.uuid())\", \"appid\": \"\(random.uuid())\", "
            + "\"\(Self.upnClaim)\": \"\(random.pick(Self.users))\"}}, \"properties\": {\"id\": "
            + "\"https://\(vault).vault.azure.net/secrets/\(name)/\(random.hex(32))\", "
            + "\"clientInfo\": \"azsdk-python-keyvault-secrets/4.7.0 Python/3.11.2\", "
            + "\"requestUri\": \"https://\(vault).vault.azure.net/secrets/\(name)/?api-version=7.4\", \"httpStatusCode\": 200}}"
    }

    /// An Entra sign-in (the `properties` of a SignInLogs record), and the parts the CSV export flattens.
    private struct SignIn {
        var json: String
        var user: String
        var app: String
        var ip: String
        var errorCode: Int
        var conditionalAccess: String
        var location: String
        var status: String
        var device: String
        var id: String
        var correlation: String
    }

    private mutating func signIn(_ i: Int) -> SignIn {
        let user = random.pick(Self.users)
        let ok = random.chance(0.9)
        let id = random.uuid()
        let created = String(timestamp(i).dropLast(2)) + "Z"
        let app = random.pick(["Azure Portal", "Microsoft Office", "Microsoft Teams"])
        let ip = ip()
        let correlation = random.uuid()
        let conditionalAccess = random.pick(["success", "notApplied"])
        let status =
            "{\"errorCode\": \(ok ? 0 : 50126), \"failureReason\": \"\(ok ? "Other." : "Invalid username or password")\", "
            + "\"additionalDetails\": null}"
        let device = "{\"deviceId\": \"\", \"displayName\": null, \"operatingSystem\": \"Windows 10\", \"browser\": \"Edge 120.0.0\"}"
        let location =
            "{\"city\": \"Redmond\", \"state\": \"Washington\", \"countryOrRegion\": \"US\", "
            + "\"geoCoordinates\": {\"altitude\": null, \"latitude\": 47.68, \"longitude\": -122.12}}"
        let json =
            "{\"id\": \"\(id)\", \"createdDateTime\": \"\(created)\", \"userDisplayName\": \"\(user.prefix { $0 != "@" })\", "
            + "\"userPrincipalName\": \"\(user)\", \"userId\": \"\(random.uuid())\", \"appId\": \"\(random.uuid())\", "
            + "\"appDisplayName\": \"\(app)\", \"ipAddress\": \"\(ip)\", \"clientAppUsed\": \"Browser\", "
            + "\"correlationId\": \"\(correlation)\", \"conditionalAccessStatus\": \"\(conditionalAccess)\", "
            + "\"isInteractive\": true, \"riskDetail\": \"none\", \"riskLevelAggregated\": \"none\", \"riskState\": \"none\", "
            + "\"resourceDisplayName\": \"Windows Azure Service Management API\", \"resourceId\": \"\(random.uuid())\", "
            + "\"status\": \(status), \"deviceDetail\": \(device), \"location\": \(location), "
            + "\"appliedConditionalAccessPolicies\": [{\"id\": \"\(random.uuid())\", \"displayName\": \"Require MFA\", "
            + "\"enforcedGrantControls\": [\"Mfa\"], \"result\": \"success\"}]}"
        return SignIn(
            json: json, user: user, app: app, ip: ip, errorCode: ok ? 0 : 50126, conditionalAccess: conditionalAccess,
            location: location, status: status, device: device, id: id, correlation: correlation)
    }

    /// A SigninLogs CSV row; TimeGenerated as the portal exports it: `3/1/2024, 12:00:07.123 AM`.
    private mutating func signInCSVRow(_ i: Int) -> String {
        let s = signIn(i)
        let t = CivilDateTime(microsecondsSinceEpoch: (Self.firstTime + Int64(i) * 7) * 1_000_000)
        let local =
            "\(t.month)/\(t.day)/\(t.year), \(t.hour % 12 == 0 ? 12 : t.hour % 12):\(Text.padded(t.minute, 2)):"
            + "\(Text.padded(t.second, 2)).\(Text.padded(random.below(1000), 3)) \(t.hour < 12 ? "AM" : "PM")"
        let fields = [
            local, s.user, s.app, s.ip, String(s.errorCode), s.conditionalAccess, s.location, s.status, s.device, s.id,
            Self.tenant, s.correlation, "SigninLogs",
        ]
        return fields.map(Text.csv).joined(separator: ",") + "\r\n"
    }
}
