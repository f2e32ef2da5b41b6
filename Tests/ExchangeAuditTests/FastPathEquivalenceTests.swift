import TesseraSDK
import Testing

@testable import ExchangeAuditPlugin

/// The plugin's fast paths must answer exactly as the general code does, for every input.
/// (The identity and IP fast paths live in the SDK and are checked in its tests.)
@Suite struct FastPathEquivalenceTests {
    @Test func utf8OrderIsBytewise() {
        let names = ["b", "a", "B", "ab", "a", "é", "z", "", "Operation", "operation"]
        for x in names {
            for y in names { #expect(x.utf8Precedes(y) == x.utf8.lexicographicallyPrecedes(y.utf8)) }
        }
    }
}
