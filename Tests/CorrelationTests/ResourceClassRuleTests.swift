import TesseraCorrelation
import TesseraSDK
import TesseraStore
import Testing

/// `credential-access`, `network-config-change`, `role-escalation`, and the scopes that cover
/// Azure resources (`azure:<resource id prefix>`, `admin:network`, `admin:credentials`).
struct ResourceClassRuleTests {
    let rules = RuleTests()

    /// An Azure event as the azure-monitor plugin emits it: resource class, correlation id as session id.
    func azure(
        _ time: String, actor: String = "eve@contoso.com", resourceType: String, action: String, operation: String,
        resource: String, correlation: String? = nil
    ) -> RecordItem {
        .event(
            NormalizedEvent(
                timestampUs: us(time), timestampRaw: time, timestampDescription: "Azure Operation",
                category: EventCategory.admin, operation: operation, action: action, outcome: nil,
                actor: actor, actorRaw: actor, actorType: ActorType.user, clientIP: "203.0.113.10",
                tenant: "contoso.onmicrosoft.com", resourceType: resourceType, resource: resource,
                resourceName: resource.split(separator: "/").last.map(String.init),
                sessionID: correlation, message: "\(operation) by \(actor)"))
    }

    static let vault = "/subscriptions/s1/resourcegroups/rg-identity/providers/microsoft.keyvault/vaults/kv1"
    static let rule = "/subscriptions/s1/resourcegroups/rg-network/providers/microsoft.network/networksecuritygroups/nsg/securityrules/rdp"

    func caseStore(scope: [String]) throws -> StoreFixture {
        let f = try StoreFixture()
        try f.ingest("s.csv", [rules.ticket(scope: scope)])
        try f.ingest(
            "azure.json",
            [
                azure(
                    "2024-05-01T10:05:00Z", resourceType: ResourceType.credential, action: EventAction.read,
                    operation: "SecretGet", resource: Self.vault + "/secrets/db", correlation: "c-1"),
                azure(
                    "2024-05-01T10:10:00Z", resourceType: ResourceType.networkConfig, action: EventAction.configChange,
                    operation: "MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE", resource: Self.rule, correlation: "c-2"),
                azure(
                    "2024-05-01T10:10:12Z", resourceType: ResourceType.networkConfig, action: EventAction.configChange,
                    operation: "MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE", resource: Self.rule, correlation: "c-2"),
                azure(
                    "2024-05-01T10:20:00Z", resourceType: ResourceType.role, action: EventAction.roleChange,
                    operation: "Microsoft.Authorization/roleAssignments/write",
                    resource: "/subscriptions/s1/providers/microsoft.authorization/roleassignments/ra1"),
                azure(
                    "2024-05-01T10:25:00Z", resourceType: ResourceType.networkConfig, action: EventAction.read,
                    operation: "Microsoft.Network/virtualNetworks/read",
                    resource: "/subscriptions/s1/resourcegroups/rg-network/providers/microsoft.network/virtualnetworks/v"),
            ])
        return f
    }

    @Test func eachClassHasItsRuleAndStartedPlusSucceededIsOneAction() throws {
        let f = try caseStore(scope: ["ciso@contoso.com"])
        let (_, findings) = try rules.run(f)
        #expect(findings["credential-access"] == ["1 credential action(s) during support: SecretGet on db, by eve@contoso.com"])
        #expect(
            findings["network-config-change"] == [
                "1 network configuration action(s) during support (2 records): MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE on rdp, by eve@contoso.com"
            ])
        #expect(findings["role-escalation"] == ["1 role action(s) during support: Microsoft.Authorization/roleAssignments/write on ra1, by eve@contoso.com"])
        #expect(
            try f.rows("SELECT severity FROM findings WHERE rule IN ('credential-access', 'network-config-change', 'role-escalation')")
                == [["high"], ["high"], ["high"]])
        // The network finding cites both records of the operation.
        #expect(try f.int("SELECT count(*) FROM finding_evidence e JOIN findings f USING (finding_id) WHERE f.rule = 'network-config-change'") == 2)
    }

    @Test func azureScopeAndAdminAreasCoverTheirResources() throws {
        let byPrefix = try caseStore(scope: ["azure:/subscriptions/s1/resourceGroups/rg-network"])
        let (_, prefixed) = try rules.run(byPrefix)
        // Everything under rg-network is in scope; the vault's secret and the role assignment are not.
        #expect(
            prefixed["resource-outside-scope"] == [
                "2 event(s) on 2 resource(s) outside the declared scope (azure:/subscriptions/s1/resourcegroups/rg-network): /subscriptions/s1/providers/microsoft.authorization/roleassignments/ra1, /subscriptions/s1/resourcegroups/rg-identity/providers/microsoft.keyvault/vaults/kv1/secrets/db"
            ])
        let byArea = try caseStore(scope: ["admin:network", "admin:credentials", "admin:roles"])
        let (_, areas) = try rules.run(byArea)
        #expect(areas["resource-outside-scope"] == nil)
        // In scope or not, the changes themselves are still reported.
        #expect(areas["network-config-change"]?.count == 1 && areas["credential-access"]?.count == 1)
    }

    @Test func credentialAccessOutsideEveryWindowIsAlwaysHigh() throws {
        let f = try StoreFixture()
        try f.ingest("s.csv", [rules.ticket()])
        try f.ingest(
            "kv.json",
            [
                azure(
                    "2024-05-03T02:00:00Z", resourceType: ResourceType.credential, action: EventAction.read,
                    operation: "SecretGet", resource: Self.vault + "/secrets/db", correlation: "c-9")
            ])
        let (_, findings) = try rules.run(f, policy: "rules:\n  credential-access: {severity: low}\n")
        #expect(
            findings["credential-access"] == ["eve@vendor.example: 1 credential action(s) outside every support window: SecretGet on db, by eve@contoso.com"])
        #expect(try f.rows("SELECT severity FROM findings WHERE rule = 'credential-access'") == [["high"]])
        #expect(findings["access-outside-window"]?.count == 1)
    }
}
