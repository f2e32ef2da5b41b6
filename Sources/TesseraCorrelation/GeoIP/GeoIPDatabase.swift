import CMaxMindDB

/// A MaxMind DB country database (GeoLite2-Country, DB-IP country lite, or any .mmdb whose
/// records carry `country.iso_code` or `registered_country.iso_code`), read through libmaxminddb.
public final class GeoIPDatabase {
    private var mmdb = MMDB_s()
    private var cache: [String: String?] = [:]
    /// The database file.
    public let path: String
    /// The database type its metadata names (`GeoLite2-Country`, ...).
    public let databaseType: String
    /// Build time of the database, seconds since the Unix epoch (from its metadata).
    public let buildEpoch: UInt64

    /// Opens the database (memory-mapped).
    public init(path: String) throws(CorrelationError) {
        self.path = path
        let status = MMDB_open(path, UInt32(MMDB_MODE_MMAP), &mmdb)
        guard status == MMDB_SUCCESS else {
            throw .geoIPUnreadable(path: path, reason: String(cString: MMDB_strerror(status)))
        }
        databaseType = mmdb.metadata.database_type.map { String(cString: $0) } ?? ""
        buildEpoch = mmdb.metadata.build_epoch
    }

    deinit {
        MMDB_close(&mmdb)
    }

    /// The ISO 3166-1 alpha-2 country of `ip` (upper case), or nil when the database has no
    /// country for it (private ranges, unknown space) or `ip` is not an address.
    public func country(of ip: String) -> String? {
        if let cached = cache[ip] { return cached }
        var buffer = [CChar](repeating: 0, count: 16)
        let status = tessera_mmdb_country(&mmdb, ip, &buffer, buffer.count)
        let code: String? =
            status == 1
            ? String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self).uppercased()
            : nil
        cache[ip] = code
        return code
    }
}
