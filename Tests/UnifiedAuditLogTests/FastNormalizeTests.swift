import Testing
import TesseraSDK
@testable import UnifiedAuditLogPlugin

/// The plugin's fast paths must give exactly what the SDK's general normalizers give.
@Suite struct FastNormalizeTests {
    @Test(arguments: ["DebraB@X.OnMicrosoft.com", "debrab@x.onmicrosoft.com", "Microsoft Operator", "  Jane   Doe ",
                      "s-1-5-21-1-2-3", "S-1-5-21-1-2-3", "NT AUTHORITY\\SYSTEM (w3wp)", "Zoë@contoso.com", "S-1", "s", "ServicePrincipal_Ab"])
    func identityMatchesSDK(_ raw: String) {
        #expect(FastNormalize.identity(raw) == IdentityCanonicalizer.canonical(raw))
    }

    @Test(arguments: ["203.0.113.7", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1.2.3.4:80",
                      "[2001:DB8::1]:443", "::ffff:1.2.3.4", "123.456.147.68:17584", "", "1..2.3", "1.2.3.", "1000.1.1.1"])
    func ipMatchesSDK(_ raw: String) {
        #expect(FastNormalize.ip(raw) == IPAddress.normalize(raw))
    }
}
