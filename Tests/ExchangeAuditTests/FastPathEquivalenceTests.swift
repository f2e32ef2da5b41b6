import Testing
import TesseraSDK
@testable import ExchangeAuditPlugin

/// The plugin's fast paths must answer exactly as the SDK does, for every input.
@Suite struct FastPathEquivalenceTests {
    static let identities = [
        "user1@contoso.com", "User1@Contoso.COM", "S-1-5-21-290112810-296651436-1966561949-1000",
        "s-1-5-21-1-1000", "S-1-5", "S-1-", "S-1-5-21-a", "s-1-5-21-sss", "CONTOSO\\user0", "Jane  Doe", "Jane Doe",
        "Jane\tDoe", " padded ", "x", "", "   ", "NT AUTHORITY\\SYSTEM", "/o=Contoso/ou=Exchange/cn=Recipients/cn=USER",
        "Zoë@contoso.com", "S-1-5-٣", "a\r\nb", "S-1-5\r\n", "ends-with-tab\t", "Microsoft Operator",
    ]

    static let addresses = [
        "10.0.0.199:17933", "10.0.0.199", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3.04",
        "1.2.3", "1.2.3.4.", "1..2.3", "1.2.3.4:", "1.2.3.4:80:90", "1.2.3.4:8a", " 1.2.3.4", "1.2.3.4 ",
        "[2001:DB8::1]:443", "::ffff:1.2.3.4", "2001:db8::1", "1.2.3.4%eth0", "1:2", "", "1234.1.1.1", "1.2.3.4:65535",
        "192.168.001.1", "00.1.1.1", "1.2.3.4:80 ",
    ]

    @Test func identityFastPathMatchesTheSDK() {
        for identity in Self.identities + Self.addresses {
            #expect(FastNormalization.canonicalIdentity(identity) == IdentityCanonicalizer.canonical(identity), "\(identity)")
        }
    }

    @Test func ipFastPathMatchesTheSDK() {
        for text in Self.addresses + Self.identities {
            #expect(FastNormalization.normalizedIP(text) == IPAddress.normalize(text), "\(text)")
        }
    }

    @Test func randomShortTextMatchesTheSDK() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789.:-Ss1 \tA%[]".unicodeScalars)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...18, using: &generator)
            var text = ""
            for _ in 0..<length { text.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            #expect(FastNormalization.normalizedIP(text) == IPAddress.normalize(text), "\(text)")
            #expect(FastNormalization.canonicalIdentity(text) == IdentityCanonicalizer.canonical(text), "\(text)")
        }
    }

    @Test func utf8OrderIsBytewise() {
        let names = ["b", "a", "B", "ab", "a", "é", "z", "", "Operation", "operation"]
        for x in names {
            for y in names { #expect(x.utf8Precedes(y) == x.utf8.lexicographicallyPrecedes(y.utf8)) }
        }
    }
}
