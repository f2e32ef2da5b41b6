import TesseraSDK
import Testing

@testable import AzureMonitorPlugin

/// The byte-level helpers the Key Vault and Activity Log mappings call once per record: the
/// cases are shaped like real `requestUri`, `id` and ARM resource ids, plus the odd spellings an
/// attacker-controlled export can carry (no path, doubled slashes, a query with no path).
@Suite struct FieldHelperTests {
    @Test func vaultObjectNamesTheObjectOfAKeyVaultURI() {
        let named = AzureRecordMapper.vaultObject("https://contoso-kv.vault.azure.net/secrets/DbPassword/4387e9f3d6e14c459867679a90fd0f79")
        #expect(named?.kind == "secrets")
        #expect(named?.name == "DbPassword")
        let keys = AzureRecordMapper.vaultObject("https://contoso-kv.vault.azure.net/KEYS/signing?api-version=7.4")
        #expect(keys?.kind == "keys")
        #expect(keys?.name == "signing")
        #expect(AzureRecordMapper.vaultObject("https://contoso-kv.vault.azure.net//certificates//web-tls/")?.name == "web-tls")
        // The vault itself, an unknown collection, no scheme, nothing after the host: no object.
        #expect(AzureRecordMapper.vaultObject("https://contoso-kv.vault.azure.net/?api-version=7.4") == nil)
        #expect(AzureRecordMapper.vaultObject("https://contoso-kv.vault.azure.net/secrets?api-version=7.4") == nil)
        #expect(AzureRecordMapper.vaultObject("https://contoso-kv.vault.azure.net/storage/acct") == nil)
        #expect(AzureRecordMapper.vaultObject("contoso-kv.vault.azure.net/secrets/x") == nil)
        #expect(AzureRecordMapper.vaultObject("https://") == nil)
        #expect(AzureRecordMapper.vaultObject(nil) == nil)
    }

    @Test func subscriptionTenantAndLastSegmentReadARMResourceIDs() {
        let nsg =
            "/SUBSCRIPTIONS/5F1C2C3B-0000-4000-8000-000000000001/resourceGroups/net/providers/Microsoft.Network/networkSecurityGroups/web-nsg/securityRules/rdp-from-anywhere"
        #expect(AzureRecordMapper.subscriptionTenant(nsg) == "subscription:5f1c2c3b-0000-4000-8000-000000000001")
        #expect(AzureRecordMapper.subscriptionTenant("/subscriptions/<redacted>/resourceGroups/x") == nil)
        #expect(AzureRecordMapper.subscriptionTenant("/subscriptions/") == nil)
        #expect(AzureRecordMapper.subscriptionTenant("/providers/Microsoft.aadiam") == nil)
        #expect(AzureRecordMapper.lastSegment(nsg) == "rdp-from-anywhere")
        #expect(AzureRecordMapper.lastSegment("/subscriptions/abc/") == "abc")
        #expect(AzureRecordMapper.lastSegment("name-only") == "name-only")
        #expect(AzureRecordMapper.lastSegment("///") == nil)
        #expect(AzureRecordMapper.lastSegment(nil) == nil)
    }

    @Test func claimsAreFoundByTheirShortNameOrTheEndOfTheirURI() throws {
        let claims = AzureFields(
            try #require(
                JSONParser.parse(
                    #"{"http://schemas.microsoft.com/identity/claims/ObjectIdentifier":"0f2c","appid":"app-1","xms_mirid":"/x/oid"}"#
                ).objectValue))
        #expect(claims.claim("objectidentifier") == "0f2c")
        #expect(claims.claim("appid") == "app-1")
        #expect(claims.claim("oid") == nil) // a value ending in `/oid` is not a claim named so
        #expect(claims.uriClaim("objectidentifier") == "0f2c")
        #expect(claims.claim("upn") == nil)
        #expect(AzureFields.endsInSegment("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/NAME", "name"))
        #expect(AzureFields.endsInSegment("/name", "name"))
        #expect(!AzureFields.endsInSegment("surname", "name"))
        #expect(!AzureFields.endsInSegment("name", "name"))
    }

    @Test func aFieldIsFoundWhateverTheExportsSpelling() throws {
        let spellings = [#"{"eventTimestamp":"a"}"#, #"{"event_timestamp":"a"}"#, #"{"EventTimestamp":"a"}"#, #"{"EVENT_TIMESTAMP":"a"}"#]
        for json in spellings {
            let fields = AzureFields(try #require(JSONParser.parse(json).objectValue))
            #expect(fields.text("eventtimestamp") == "a", "\(json)")
        }
        let record = AzureFields(
            try #require(JSONParser.parse(#"{"time":"t","eventTimestampX":"x","Caller":"c","caller_ip":"1"}"#).objectValue))
        #expect(record.text("eventtimestamp") == nil) // a longer name is another field
        #expect(record.text("eventtimestamp", "time") == "t") // the first spelling present wins
        #expect(record.text("callerip", "caller") == "1")
        #expect(record.text("caller") == "c")
        #expect(AzureFields.foldedHash("Caller_IP") == AzureFields.foldedHash("callerip"))
        #expect(!AzureFields.matches("callerip", "caller"))
        #expect(!AzureFields.matches("caller", "callerip"))
    }
}
