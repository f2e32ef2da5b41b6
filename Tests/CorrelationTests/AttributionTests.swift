import TesseraCorrelation
import TesseraSDK
import TesseraStore
import Testing

/// IP and CIDR matching of session networks against the store's normalized client IPs.
struct AttributionTests {
    func attributed(ips: [String], events: [String]) throws -> [Int] {
        let f = try StoreFixture()
        try f.ingest(
            "s.csv",
            [
                support(
                    "T-1", engineer: "eve@vendor.example", customerClass: nil,
                    start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z", ips: ips)
            ])
        try f.ingest("ual.json", events.map { access("2024-05-01T10:30:00Z", actor: "user@contoso.com", ip: $0, resource: "r") })
        _ = try Correlator(store: f.store, options: CorrelationOptions()).run()
        let ids = try f.rows("SELECT event_id FROM attributions ORDER BY event_id").map { Int64($0[0])! }
        return try (1...events.count).filter { ids.contains(try f.eventID("ual.json", $0)) }
    }

    @Test func prefixLengthsThatAreNotWholeOctets() throws {
        #expect(try attributed(ips: ["10.0.0.0/7"], events: ["10.200.1.1", "11.255.255.255", "12.0.0.0", "9.255.255.255"]) == [1, 2])
        #expect(try attributed(ips: ["192.0.2.64/26"], events: ["192.0.2.63", "192.0.2.64", "192.0.2.127", "192.0.2.128"]) == [2, 3])
    }

    @Test func wholeAddressSpaceAndSingleHosts() throws {
        #expect(try attributed(ips: ["0.0.0.0/0"], events: ["1.2.3.4", "255.255.255.255", "2001:db8::1"]) == [1, 2])
        #expect(try attributed(ips: ["192.0.2.5/32", "2001:db8::5"], events: ["192.0.2.5:1234", "192.0.2.6", "[2001:DB8:0::5]:443"]) == [1, 3])
    }

    @Test func ipv4MappedIPv6AndIPv6Blocks() throws {
        #expect(try attributed(ips: ["198.51.100.0/24"], events: ["::ffff:198.51.100.9", "198.51.101.9"]) == [1])
        #expect(try attributed(ips: ["2001:db8:aa::/47"], events: ["2001:db8:ab:1::1", "2001:db8:ac::1", "2001:0db8:00aa::0001"]) == [1, 3])
    }
}
