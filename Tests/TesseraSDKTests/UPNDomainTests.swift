import TesseraSDK
import Testing

/// The tenant a plugin reads from a mailbox owner's UPN.
struct UPNDomainTests {
    @Test func domainOfAUPNIsLowerCased() {
        #expect(IdentityCanonicalizer.upnDomain("CFO@FedAgency.Example") == "fedagency.example")
        #expect(IdentityCanonicalizer.upnDomain("cio@oig.agency-b.example ") == "oig.agency-b.example")
        #expect(IdentityCanonicalizer.upnDomain("ÉLODIE@ÉCOLE.example") == "école.example")
        #expect(IdentityCanonicalizer.upnDomain("a@b@contoso.com") == "contoso.com")
    }

    @Test func notAUPNGivesNoDomain() {
        for text in ["contoso.com", "@contoso.com", "user@localhost", "user@", "user@.example", "user@example.", "S-1-5-18", ""] {
            #expect(IdentityCanonicalizer.upnDomain(text) == nil, "\(text)")
        }
    }
}

/// `isUPN` is byte-level (plugins call it per record); it keeps the meaning it had as
/// `split(separator: "@")`: exactly two non-empty parts around `@`s, the second with a dot.
struct IsUPNTests {
    @Test(arguments: [
        ("cfo@fedagency.example", true), ("ÉLODIE@ÉCOLE.example", true), ("a@@b.c", true), ("@a@b.c", true),
        ("a@b.c@", true), ("a@b@c.d", false), ("user@localhost", false), ("contoso.com", false), ("@contoso.com", false),
        ("user@", false), ("", false), ("S-1-5-21-1004336348-1177238915-682003330-512", false), ("a.b@", false),
    ])
    func matchesTheSplitDefinition(text: String, expected: Bool) {
        #expect(IdentityCanonicalizer.isUPN(text) == expected)
        let parts = text.split(separator: "@")
        #expect(expected == (parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")))
    }
}

/// The byte search plugins use instead of Foundation's `range(of:)`.
struct UTF8SearchTests {
    @Test func findsTheByteOffsetOfTheFirstOccurrence() {
        let id = "/subscriptions/1/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv"
        #expect(id.utf8Offset(of: "/microsoft.keyvault/") == 44)
        #expect(id.containsUTF8("/vaults/kv"))
        #expect(!id.containsUTF8("/Microsoft.KeyVault/")) // bytes, not case-folded
        #expect("https://kv.vault.azure.net".utf8Offset(of: "://") == 5)
        #expect("école://x".utf8Offset(of: "://") == 6) // a byte offset: é is two bytes
        #expect("ab".utf8Offset(of: "abc") == nil)
        #expect("".utf8Offset(of: "a") == nil)
        #expect("abc".utf8Offset(of: "") == 0)
    }

    @Test func prefixesAndBytesAreComparedAsUTF8() {
        #expect("logon_user_sid".hasUTF8Prefix("logon_user_"))
        #expect(!"logon_use".hasUTF8Prefix("logon_user_"))
        #expect(!"Logon_user_sid".hasUTF8Prefix("logon_user_"))
        #expect("x".hasUTF8Prefix("") && "".hasUTF8Prefix("") && !"".hasUTF8Prefix("a"))
        // Bytes, not characters: "e" + combining acute is not "é", and a prefix may end inside a character.
        #expect(!"e\u{301}t".hasUTF8Prefix("é") && "e\u{301}t".hasUTF8Prefix("e"))
        #expect("\u{1F600}!".containsUTF8Byte { $0 == 0xF0 })
        #expect("a\tb".containsUTF8Byte { $0 == 0x09 } && !"ab".containsUTF8Byte { $0 == 0x09 })
        #expect(!"".containsUTF8Byte { _ in true })
    }
}
