import Testing

@testable import TesseraSDK

/// The ASCII fast paths inside ``IdentityCanonicalizer/canonical(_:)`` and
/// ``IPAddress/normalize(_:)`` must answer exactly as the general code behind them, for every
/// input: hand-picked forms from UAL, Exchange and Azure evidence, and deterministic
/// pseudo-random text built from the characters that matter.
@Suite struct NormalizationFastPathTests {
    static let identities = [
        "user1@contoso.com", "User1@Contoso.COM", "DebraB@X.OnMicrosoft.com", "S-1-5-21-290112810-296651436-1966561949-1000",
        "s-1-5-21-1-1000", "S-1-5", "S-1-", "S-1", "s", "S-1-5-21-a", "s-1-5-21-sss", "CONTOSO\\user0", "Jane  Doe", "Jane Doe",
        "Jane\tDoe", " padded ", "  Jane   Doe ", "x", "", "   ", "NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\SYSTEM (w3wp)",
        "/o=Contoso/ou=Exchange/cn=Recipients/cn=USER", "Zoë@contoso.com", "S-1-5-٣", "a\r\nb", "S-1-5\r\n", "ends-with-tab\t",
        "Microsoft Operator", "ServicePrincipal_Ab", "a\u{7F}B", "A\u{1}B", "İstanbul", "ÀÉÎ",
    ]

    static let addresses = [
        "203.0.113.7", "10.0.0.199:17933", "10.0.0.199", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3.04",
        "1.2.3", "1.2.3.4.", "1.2.3.4.5", "1..2.3", "1.2.3.", "1000.1.1.1", "1.2.3.4:", "1.2.3.4:80:90", "1.2.3.4:8a",
        "1.2.3.4:abc", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4 :80", " 1.2.3.4:80", "1.2.3.4:80 ", "[2001:DB8::1]:443",
        "::ffff:1.2.3.4", "2001:db8::1", "fe80::1:80", "1.2.3.4%eth0", "1.2.3.4%eth0:80", "1:2", "", "1234.1.1.1",
        "1.2.3.4:65535", "192.168.001.1", "00.1.1.1", "01.2.3.4:80", "123.456.147.68:17584",
        "1.2.3.4:" + String(repeating: "9", count: 56), "1.2.3.4:" + String(repeating: "9", count: 57),
        "1.2.3.4:" + String(repeating: "9", count: 60), "1.2.3.4:é",
    ]

    @Test func identityFastPathMatchesTheGeneralPath() {
        for identity in Self.identities + Self.addresses {
            #expect(IdentityCanonicalizer.canonical(identity) == IdentityCanonicalizer.generalCanonical(identity), "\(identity.debugDescription)")
        }
    }

    @Test func ipFastPathMatchesTheGeneralPath() {
        for text in Self.addresses + Self.identities {
            #expect(IPAddress.normalize(text) == IPAddress.generalNormalize(text), "\(text.debugDescription)")
        }
    }

    @Test func fastPathsTakeTheCommonForms() {
        #expect(IdentityCanonicalizer.asciiCanonical("User1@Contoso.COM") == "user1@contoso.com")
        #expect(IdentityCanonicalizer.asciiCanonical("s-1-5-21-1-1000") == "S-1-5-21-1-1000")
        #expect(IdentityCanonicalizer.asciiCanonical("Microsoft Operator") == "microsoft operator")
        #expect(IdentityCanonicalizer.asciiCanonical("Zoë@contoso.com") == nil)
        #expect(IPAddress.plainIPv4("10.0.0.199:17933") == "10.0.0.199")
        #expect(IPAddress.plainIPv4("203.0.113.7") == "203.0.113.7")
        #expect(IPAddress.plainIPv4("::ffff:1.2.3.4") == nil)
    }

    @Test func randomShortTextMatchesTheGeneralPath() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return Int(state >> 33) }
        let alphabet = Array("0123456789.:-Ss1 \tA%[]é\r".unicodeScalars)
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<(next() % 19) { text.unicodeScalars.append(alphabet[next() % alphabet.count]) }
            #expect(IPAddress.normalize(text) == IPAddress.generalNormalize(text), "\(text.debugDescription)")
            #expect(IdentityCanonicalizer.canonical(text) == IdentityCanonicalizer.generalCanonical(text), "\(text.debugDescription)")
        }
    }

    @Test(arguments: ["", "abc", "ABC", "d1D1D1D1-0000-4000-8000-000000000001", "Contoso.OnMicrosoft.COM", "Zoë@CONTOSO.com", "ÀÉÎ", "İstanbul", "[]\\^_`@"])
    func prefixedLowercasingMatchesTheStandardLibrary(_ raw: String) {
        #expect(raw.lowercased(prefixedWith: "") == raw.lowercased())
        #expect(raw.lowercased(prefixedWith: "ual:") == "ual:" + raw.lowercased())
        #expect(raw.lowercased(prefixedWith: "É:") == "É:" + raw.lowercased())
    }
}
