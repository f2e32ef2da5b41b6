import Foundation
import TesseraSDK

/// Facts about an evidence file, recorded in `sources`.
public struct SourceInfo: Sendable {
    public var path: String
    public var sha256: String
    public var sizeBytes: Int64
    public var plugin: String
    public var pluginVersion: String
    public var format: String?
    public var sourceTimeZone: String?
    public var toolVersion: String

    public init(
        path: String, sha256: String, sizeBytes: Int64, plugin: String, pluginVersion: String,
        format: String?, sourceTimeZone: String?, toolVersion: String
    ) {
        self.path = path
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.plugin = plugin
        self.pluginVersion = pluginVersion
        self.format = format
        self.sourceTimeZone = sourceTimeZone
        self.toolVersion = toolVersion
    }
}

/// Writes one source in one transaction: everything of it becomes visible at ``finish(warnings:)``,
/// or nothing does (``abort()``, an error, or the process dying).
///
/// Deduplication is per record: a record whose key is already in the store (from this source
/// or an earlier one) is counted as a duplicate and nothing of it is written. A stored record's
/// raw text goes once into `records`; its events go into `event_rows` (the `events` view joins them).
public final class SourceWriter {
    private let store: EventStore
    private var database: Database { store.database }
    public let sourceID: Int64
    public private(set) var counts = SourceCounts()
    private var open = true
    /// The `event_id` the next event gets. The writer holds the store's write lock for the whole
    /// transaction, so nothing else allocates ids meanwhile; a record's row id is its first event's id.
    private var nextEventID: Int64

    /// Whether a record's further events store only the `details` text they do not share with its
    /// first event (``EncodedRecord``); false writes every event's whole `details`, the layout of
    /// stores before data once per record (differential tests compare the two).
    public let sharesDetails: Bool

    /// The secondary indexes of `event_rows` set aside for this source's bulk load, created again
    /// before it commits (nil: they are maintained row by row).
    private var deferredIndexes: DeferredIndexes?
    /// Whether the index sorts of a deferred rebuild spill to temporary files (set before the
    /// transaction, for this source only), so that memory stays flat however large the source.
    private var sortsSpillToFiles = false

    private let insertRecord: Statement
    private let insertEvent: Statement
    private let insertReject: Statement
    private let insertSession: Statement
    private let insertAccount: Statement
    private let insertIP: Statement
    private let insertScope: Statement

    /// Begins the transaction, replacing the source `replacing` (for `--force`) when given.
    public init(
        store: EventStore, info: SourceInfo, replacing: Int64? = nil, ingestedAt: Date = Date(),
        sharesDetails: Bool = true, indexMaintenance: IndexMaintenance = .automatic
    ) throws(SQLiteError) {
        self.store = store
        self.sharesDetails = sharesDetails
        let database = store.database
        let defersIndexes: Bool
        switch indexMaintenance {
        case .live: defersIndexes = false
        case .deferred: defersIndexes = true
        case .automatic: defersIndexes = DeferredIndexes.shouldDefer(sourceBytes: info.sizeBytes, storeBytes: try store.fileBytes())
        }
        if defersIndexes {
            // Temporary storage can change only outside a transaction.
            try store.setSortsSpillToFiles(true)
            sortsSpillToFiles = true
        }
        do {
            try database.execute("BEGIN IMMEDIATE")
        } catch {
            if defersIndexes { try? store.setSortsSpillToFiles(false) }
            throw error
        }
        do {
            if let replacing { try store.deleteSource(replacing) }
            if defersIndexes { deferredIndexes = try DeferredIndexes(dropping: database) }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            try database.prepare(
                """
                INSERT INTO sources (path, sha256, size_bytes, plugin, plugin_version, format, ingested_at,
                                     records_read, records_stored, duplicates, rejects, events_stored, warnings,
                                     source_tz, tool_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, '[]', ?, ?)
                """
            ).run([
                .text(info.path), .text(info.sha256), .integer(info.sizeBytes), .text(info.plugin),
                .text(info.pluginVersion), .optional(info.format), .text(formatter.string(from: ingestedAt)),
                .optional(info.sourceTimeZone), .text(info.toolVersion),
            ])
            sourceID = database.lastInsertRowID
            nextEventID = (try database.scalarInt("SELECT coalesce(max(event_id), 0) + 1 FROM event_rows")) ?? 1
            insertRecord = try database.prepare(
                """
                INSERT INTO records (record_row_id, source_id, locator, dedup_key, raw) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(dedup_key) DO NOTHING
                """)
            insertEvent = try database.prepare(
                """
                INSERT INTO event_rows (event_id, record_row_id, source_id, locator, ts_us, ts_raw, timestamp_desc,
                                        category, operation, action, outcome, actor, actor_raw, actor_type, client_ip,
                                        user_agent, tenant, resource_type, resource, resource_name, session_id,
                                        record_id, dedup_key, message, details, logon_identity, details_shared)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            insertReject = try database.prepare("INSERT INTO rejects (source_id, locator, reason, raw) VALUES (?, ?, ?, ?)")
            insertSession = try database.prepare(
                """
                INSERT INTO support_sessions (source_id, locator, dedup_key, interaction_id, kind, engineer, engineer_raw,
                    engineer_name, engineer_country, engineer_site, employer, clearance, tenant, customer_class,
                    start_us, start_raw, end_us, end_raw, channel, ticket_url, approval, status, summary, details)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(dedup_key) DO NOTHING
                """)
            insertAccount = try database.prepare(
                "INSERT INTO support_accounts (session_row_id, interaction_id, account, account_canonical) VALUES (?, ?, ?, ?)")
            insertIP = try database.prepare(
                "INSERT INTO support_ips (session_row_id, interaction_id, network, prefix_length) VALUES (?, ?, ?, ?)")
            insertScope = try database.prepare(
                "INSERT INTO support_scope (session_row_id, interaction_id, item, item_canonical) VALUES (?, ?, ?, ?)")
        } catch {
            try? database.execute("ROLLBACK")
            if defersIndexes { try? store.setSortsSpillToFiles(false) }
            throw error
        }
    }

    deinit {
        if open { try? database.execute("ROLLBACK") }
        endBulkPhase()
    }

    /// Whether this source's secondary indexes are built after its rows are in (``IndexMaintenance``).
    public var defersIndexes: Bool { deferredIndexes != nil }

    /// Gives the connection back its usual temporary storage (after the commit or rollback).
    private func endBulkPhase() {
        guard sortsSpillToFiles else { return }
        sortsSpillToFiles = false
        try? store.setSortsSpillToFiles(false)
    }

    /// Whether the record was new, and how many events it added.
    public enum Outcome: Equatable, Sendable {
        case stored(events: Int)
        case duplicate
        /// The record yielded no event and was kept as a reject instead.
        case rejected
    }

    /// Stores a parsed record, or counts it as a duplicate.
    @discardableResult
    public func store(_ record: SourceRecord) throws(SQLiteError) -> Outcome {
        try store(EncodedRecord(record, sharesDetails: sharesDetails))
    }

    /// Why a record that yielded no event is kept as a reject.
    public static let noEventReason = "the record yielded no event (plugin mapping gap)"

    /// Stores a record encoded beforehand (on another thread: ``BackgroundSourceWriter``, or by
    /// `tessera normalize`).
    @discardableResult
    public func store(_ record: EncodedRecord) throws(SQLiteError) -> Outcome {
        counts.recordsRead += 1
        guard record.eventCount > 0 else {
            try storeReject(
                Reject(
                    locator: record.locator, reason: Self.noEventReason,
                    raw: record.copy(record.recordSpan(2))))
            return .rejected
        }
        let recordRowID = nextEventID
        let isNew = try record.bytes.withUnsafeBufferPointer { (buffer) throws(SQLiteError) -> Bool in
            // Never empty: an EncodedRecord ends with a NUL byte outside every span.
            // The values are bound in place: every binding is cleared before the buffer goes away.
            let result = Result { () throws(SQLiteError) -> Bool in
                try insert(record, base: buffer.baseAddress!, recordRowID: recordRowID)
            }
            insertRecord.reset()
            insertEvent.reset()
            return try result.get()
        }
        guard isNew else {
            counts.duplicates += 1
            return .duplicate
        }
        if let session = record.supportSession {
            try storeSession(session, locator: record.locator, dedupKey: record.dedupKey)
        }
        counts.recordsStored += 1
        counts.eventsStored += record.eventCount
        return .stored(events: record.eventCount)
    }

    /// Inserts the record (unless its key is already stored) and its events, binding the values in
    /// place in `base`. Returns whether the record was new.
    private func insert(_ record: EncodedRecord, base: UnsafePointer<UInt8>, recordRowID: Int64) throws(SQLiteError) -> Bool {
        let recordStatement = insertRecord
        recordStatement.reset()
        try recordStatement.bind(recordRowID, at: 1)
        try recordStatement.bind(sourceID, at: 2)
        for column in 0..<EncodedRecord.recordColumns {
            let span = record.recordSpan(column)
            try recordStatement.bindInPlace(base + span.start, count: span.count, at: Int32(3 + column))
        }
        try recordStatement.execute()
        guard database.changes > 0 else { return false }
        let eventStatement = insertEvent
        let locator = record.recordSpan(0)
        var eventID = recordRowID
        for event in 0..<record.eventCount {
            eventStatement.reset()
            try eventStatement.bind(eventID, at: 1)
            try eventStatement.bind(recordRowID, at: 2)
            try eventStatement.bind(sourceID, at: 3)
            try eventStatement.bindInPlace(base + locator.start, count: locator.count, at: 4)
            try eventStatement.bind(record.timestamps[event], at: 5)
            for column in 0..<EncodedRecord.eventColumns {
                let span = record.eventSpan(event, column)
                try eventStatement.bindInPlace(base + span.start, count: span.count, at: Int32(6 + column))
            }
            let shared = record.detailsShared[event]
            try eventStatement.bind(shared > 0 ? shared : nil, at: Int32(6 + EncodedRecord.eventColumns))
            try eventStatement.execute()
            eventID += 1
        }
        nextEventID = eventID
        return true
    }

    /// Counts records that were read and found to be duplicates before they reached this writer
    /// (`tessera normalize` removes a file's repeated records), so that the source's counts still
    /// add up to what was read.
    public func countDuplicatesFoundUpstream(_ count: Int) {
        counts.recordsRead += count
        counts.duplicates += count
    }

    /// Keeps a record that could not be parsed.
    public func reject(_ reject: Reject) throws(SQLiteError) {
        counts.recordsRead += 1
        try storeReject(reject)
    }

    private func storeReject(_ reject: Reject) throws(SQLiteError) {
        counts.rejects += 1
        try insertReject.run([.integer(sourceID), .text(reject.locator), .text(reject.reason), .textBytes(reject.raw)])
    }

    private func storeSession(_ s: SupportSession, locator: String, dedupKey: String) throws(SQLiteError) {
        try insertSession.run([
            .integer(sourceID), .text(locator), .text(dedupKey), .text(s.interactionID), .text(s.kind.rawValue),
            .optional(s.engineer.flatMap(IdentityCanonicalizer.canonical)), .optional(s.engineer), .optional(s.engineerName),
            .optional(s.engineerCountry), .optional(s.engineerSite), .optional(s.employer), .optional(s.clearance),
            .optional(s.tenant), .optional(s.customerClass), .integer(s.startUs), .text(s.startRaw), .optional(s.endUs),
            .optional(s.endRaw), .optional(s.channel), .optional(s.ticketURL), .optional(s.approval), .optional(s.status),
            .optional(s.summary), .text(JSONWriter.string(s.details)),
        ])
        guard database.changes > 0 else { return }
        let rowID = database.lastInsertRowID
        let interaction = SQLValue.text(s.interactionID)
        for account in s.accounts {
            try insertAccount.run([
                .integer(rowID), interaction, .text(account),
                .text(IdentityCanonicalizer.canonical(account) ?? account),
            ])
        }
        for ip in s.sourceIPs {
            guard let network = IPNetwork(ip) else { continue }
            try insertIP.run([.integer(rowID), interaction, .text(network.description), .integer(Int64(network.prefixLength))])
        }
        for item in s.scope {
            try insertScope.run([
                .integer(rowID), interaction, .text(item),
                .text(IdentityCanonicalizer.canonical(item) ?? item),
            ])
        }
    }

    /// Records the counts and warnings on the source and commits. Returns the final counts.
    /// - Parameter sha256: the file's hash when it was known only once the file had been read
    ///   (it replaces the provisional value the source was begun with).
    /// - Parameter beforeCommit: more rows of the same source, written inside its transaction.
    @discardableResult
    public func finish(
        warnings: [String], sha256: String? = nil,
        beforeCommit: ((Database, Int64) throws(SQLiteError) -> Void)? = nil
    ) throws(SQLiteError) -> SourceCounts {
        var warningJSON: [UInt8] = []
        JSONWriter.write(.array(warnings.map { .string($0) }), to: &warningJSON)
        try database.prepare(
            """
            UPDATE sources SET records_read = ?, records_stored = ?, duplicates = ?, rejects = ?, events_stored = ?,
                               warnings = ?, sha256 = coalesce(?, sha256)
            WHERE source_id = ?
            """
        ).run([
            .integer(Int64(counts.recordsRead)), .integer(Int64(counts.recordsStored)),
            .integer(Int64(counts.duplicates)), .integer(Int64(counts.rejects)),
            .integer(Int64(counts.eventsStored)), .textBytes(warningJSON), .optional(sha256),
            .integer(sourceID),
        ])
        try deferredIndexes?.rebuild(in: database)
        try beforeCommit?(database, sourceID)
        try store.rebuildInteractions()
        try database.execute("COMMIT")
        open = false
        endBulkPhase()
        return counts
    }

    /// Discards everything written for this source.
    public func abort() {
        guard open else { return }
        try? database.execute("ROLLBACK")
        open = false
        endBulkPhase()
    }

    static func oneLine(_ text: String) -> String {
        guard text.containsUTF8Byte(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xC2 || $0 == 0xE2 }) else { return text }
        return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
