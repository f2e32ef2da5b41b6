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
