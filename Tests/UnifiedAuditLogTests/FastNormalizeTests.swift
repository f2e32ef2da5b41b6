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
                      "[2001:DB8::1]:443", "::ffff:1.2.3.4", "123.456.147.68:17584", "", "1..2.3", "1.2.3.", "1000.1.1.1",
                      "1.2.3.4:", "1.2.3.4:abc", "1.2.3.4:80:90", "01.2.3.4:80", "1.2.3.4 :80", " 1.2.3.4:80", "1.2.3.4%eth0:80",
                      "fe80::1:80", "1.2.3.4:" + String(repeating: "9", count: 60)])
    func ipMatchesSDK(_ raw: String) {
        #expect(FastNormalize.ip(raw) == IPAddress.normalize(raw))
    }

    @Test(arguments: ["", "abc", "ABC", "d1D1D1D1-0000-4000-8000-000000000001", "Contoso.OnMicrosoft.COM", "Zoë@CONTOSO.com", "ÀÉÎ", "İstanbul", "[]\\^_`@"])
    func lowercasedMatchesStandardLibrary(_ raw: String) {
        #expect(FastNormalize.lowercased(raw) == raw.lowercased())
        #expect(FastNormalize.lowercased(raw, prefix: "ual:") == "ual:" + raw.lowercased())
    }
}
