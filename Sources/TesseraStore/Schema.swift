import Foundation

/// The store schema: numbered migrations read from the single `schema.sql` resource.
public enum Schema {
    /// One `-- migration N:` section of `schema.sql`.
    public struct Migration: Sendable {
        public var version: Int
        public var title: String
        public var sql: String
    }

    /// `PRAGMA application_id` of a Tessera store ("TSSR").
    public static let applicationID: Int64 = 0x5453_5352

    /// All migrations in order.
    public static let migrations: [Migration] = parse(String(decoding: PackageResources.schema_sql, as: UTF8.self))

    /// The schema version a store has once every migration ran.
    public static var currentVersion: Int { migrations.last?.version ?? 0 }

    static func parse(_ text: String) -> [Migration] {
        var result: [Migration] = []
        var current: Migration?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- migration ") {
                if let current { result.append(current) }
                let header = line.dropFirst("-- migration ".count)
                let number = Int(header.prefix(while: { $0.isNumber })) ?? -1
                let title = header.drop(while: { $0 != ":" }).dropFirst().trimmingCharacters(in: .whitespaces)
                precondition(number == result.count + 1, "schema.sql: migration \(number) out of order")
                current = Migration(version: number, title: title, sql: "")
            } else if current != nil {
                current!.sql += line + "\n"
            }
        }
        if let current { result.append(current) }
        return result
    }
}
