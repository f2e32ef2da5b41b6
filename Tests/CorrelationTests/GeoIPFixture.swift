import Foundation

/// Builds a tiny MaxMind DB country database offline with Debian's `libmaxmind-db-writer-perl`
/// (MaxMind's own writer), so the reader is tested against files a real writer produced.
enum GeoIPFixture {
    struct WriterMissing: Error, CustomStringConvertible {
        var output: String
        var description: String {
            "could not build the test .mmdb: \(output). CI must install the Debian packages libmaxminddb-dev and libmaxmind-db-writer-perl"
        }
    }

    /// Writes `path` mapping each network to a country code (under `country.iso_code`, or
    /// `registered_country.iso_code` when the code is prefixed with `registered:`).
    static func write(_ path: String, networks: [(String, String)]) throws {
        var inserts = ""
        for (network, code) in networks {
            let key = code.hasPrefix("registered:") ? "registered_country" : "country"
            let iso = code.hasPrefix("registered:") ? String(code.dropFirst("registered:".count)) : code
            inserts += "$tree->insert_network('\(network)', { \(key) => { iso_code => '\(iso)' } });\n"
        }
        let script = """
            use strict; use warnings;
            use MaxMind::DB::Writer::Tree;
            my %types = (country => 'map', registered_country => 'map', iso_code => 'utf8_string');
            my $tree = MaxMind::DB::Writer::Tree->new(
                ip_version => 6, record_size => 24, database_type => 'Tessera-Test-Country',
                languages => ['en'], description => { en => 'Tessera correlation test' },
                map_key_type_callback => sub { $types{ $_[0] } },
                alias_ipv6_to_ipv4 => 1, remove_reserved_networks => 0);
            \(inserts)
            open my $fh, '>:raw', $ARGV[0] or die "cannot write $ARGV[0]: $!";
            $tree->write_tree($fh);
            close $fh;
            """
        let scriptPath = path + ".pl"
        try Data(script.utf8).write(to: URL(fileURLWithPath: scriptPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/perl")
        process.arguments = [scriptPath, path]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: path) else { throw WriterMissing(output: output) }
    }
}
