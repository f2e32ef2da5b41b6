import Testing

@testable import TesseraSDK

@Suite struct IdentityAndHashTests {
    @Test func identitiesAreCanonicalized() {
        #expect(IdentityCanonicalizer.canonical(" Alice@Contoso.COM ") == "alice@contoso.com")
        #expect(IdentityCanonicalizer.canonical("s-1-5-21-1111-2222-3333-500") == "S-1-5-21-1111-2222-3333-500")
        #expect(IdentityCanonicalizer.canonical("Microsoft   Operator") == "microsoft operator")
        #expect(IdentityCanonicalizer.canonical("   ") == nil)
        #expect(IdentityCanonicalizer.splitList("a@x.com; b@x.com;;S-1-5-18") == ["a@x.com", "b@x.com", "S-1-5-18"])
    }

    @Test func ipAddressesAreNormalized() {
        #expect(IPAddress.normalize("203.0.113.7:51234") == "203.0.113.7")
        #expect(IPAddress.normalize("[2001:DB8:0:0::1]:443") == "2001:db8::1")
        #expect(IPAddress.normalize("::ffff:198.51.100.2") == "198.51.100.2")
        #expect(IPAddress.normalize("not an ip") == nil)
        #expect(IPAddress.normalize("999.1.1.1") == nil)
    }

    @Test func networksContainAddresses() throws {
        let net = try #require(IPNetwork("203.0.113.77/24"))
        #expect(net.description == "203.0.113.0/24")
        #expect(net.contains("203.0.113.200"))
        #expect(!net.contains("203.0.114.1"))
        #expect(try #require(IPNetwork("2001:db8::/32")).contains("2001:db8:ffff::1"))
        #expect(IPNetwork("10.0.0.0/33") == nil)
    }

    @Test func sha256MatchesKnownVectors() {
        let empty = SHA256()
        #expect(empty.finalizeHex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var abc = SHA256()
        abc.update(Array("abc".utf8))
        #expect(abc.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // Two blocks, fed in odd-sized pieces.
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        var pieces = SHA256()
        pieces.update(Array(message[0..<3]))
        pieces.update(Array(message[3..<40]))
        pieces.update(Array(message[40...]))
        #expect(pieces.finalizeHex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var million = SHA256()
        million.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(million.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite struct SHA256ValueSemanticsTests {
    @Test func copiesAreIndependentAndFinalizeDoesNotConsume() {
        var a = SHA256()
        a.update(Array("ab".utf8))
        var b = a
        b.update(Array("c".utf8))
        a.update(Array("x".utf8))
        #expect(b.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(b.finalizeHex() == b.finalizeHex())
        #expect(a.finalizeHex() == SHA256.hex(SHA256.hash(Array("abx".utf8))))
        #expect(ContentKey.make(prefix: "t", bytes: Array("abc".utf8)) == "t:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
