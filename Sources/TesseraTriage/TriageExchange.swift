import Foundation
import TesseraSDK
import TesseraStore

/// `tessera triage export` / `import`: sharing reviews between analysts' stores of the same
/// evidence as JSON Lines.
///
/// Line 1 is a header, `{"tessera_triage":1,"rows":N,"sources":[sha256...],"exported_utc":...}`;
/// then one line per annotation, oldest first, with its id and hashes exactly as in the
/// exporting store, so the importer re-checks that store's chain. Imported rows are appended
/// to the importing store's own chain (new ids and hashes); rows already present (same target,
/// verdict, tags, comment, analyst and time) are skipped, so importing twice adds nothing.
public enum TriageExchange {
    public static let formatVersion = 1

    /// Writes every annotation of the store to `path` (replaced whole). Returns the rows written.
    @discardableResult
    public static func export(database: Database, to path: String, exportedUTC: String) throws(TriageError) -> Int {
        let rows: [Annotation]
        let sources: [String]
        do {
            rows = try TriageLedger(database: database).all()
            sources = Array(try TriageKeys.sourceHashes(database)).sorted()
        } catch {
            throw .sqlite(error)
        }
        var text =
            JSONWriter.string(
                .object(
                    JSONObject([
                        ("tessera_triage", .number(String(formatVersion))), ("rows", .number(String(rows.count))),
                        ("sources", .array(sources.map { .string($0) })), ("exported_utc", .string(exportedUTC)),
                    ]))) + "\n"
        for a in rows { text += JSONWriter.string(.object(line(a))) + "\n" }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
        return rows.count
    }

    static func line(_ a: Annotation) -> JSONObject {
        JSONObject([
            ("annotation_id", .number(String(a.id))), ("target_kind", .string(a.kind.rawValue)), ("target_key", .string(a.key)),
            ("status", .string(a.status.rawValue)), ("tags", .string(a.tagsJSON)), ("comment", a.comment.map { .string($0) } ?? .null),
            ("analyst", .string(a.analyst)), ("created_utc", .string(a.createdUTC)), ("prev_sha256", .string(a.prevSHA256)),
            ("row_sha256", .string(a.rowSHA256)),
        ])
    }

    /// What an import did.
    public struct Imported: Sendable, Equatable {
        /// Rows appended to this store.
        public var added: Int
        /// Rows this store already had.
        public var alreadyPresent: Int
    }

    /// Checks every line of `path` and, only when all are sound, appends them in one transaction.
    /// A line fails when it is not an annotation, when the exporting store's hash chain does not
    /// hold (altered, removed or reordered rows), or when its target is not in this store
    /// (another store's evidence, a finding this store's correlation did not raise).
    public static func importFile(_ path: String, into database: Database) throws(TriageError) -> Imported {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .cannotRead(path: path, reason: error.localizedDescription)
        }
        do {
            let ledger = TriageLedger(database: database)
            guard try ledger.exists() else { throw TriageError.noAnnotationsTable }
            let (entries, problems) = try ImportContext.check(lines: String(decoding: data, as: UTF8.self), database: database)
            guard problems.isEmpty else { throw TriageError.importRefused(path: path, problems: problems) }
            var present = Set<String>()
            for a in try ledger.all() { present.insert(identity(a.kind.rawValue, a.key, a.status.rawValue, a.tagsJSON, a.comment, a.analyst, a.createdUTC)) }
            var fresh: [TriageLedger.Entry] = []
            var skipped = 0
            for entry in entries {
                let id = identity(
                    entry.kind.rawValue, entry.key, entry.status.rawValue, Tags.encode(entry.tags), entry.comment,
                    entry.analyst, entry.createdUTC)
                if present.insert(id).inserted { fresh.append(entry) } else { skipped += 1 }
            }
            try ledger.append(fresh)
            return Imported(added: fresh.count, alreadyPresent: skipped)
        } catch let error as TriageError {
            throw error
        } catch let error as SQLiteError {
            throw .sqlite(error)
        } catch {
            throw .cannotRead(path: path, reason: "\(error)")
        }
    }

    /// What makes two annotations the same review, whichever store holds them.
    static func identity(_ values: String?...) -> String {
        JSONWriter.string(.array(values.map { $0.map { .string($0) } ?? .null }))
    }
}

/// The importing store's targets, and the checks of one review file.
struct ImportContext {
    let sources: Set<String>
    let findingKeys: Set<String>
    let findingGroups: Set<String>
    /// The events of this store that the file's event lines name.
    var events: Set<String> = []
    let interactions: Set<String>

    /// The entries of every sound line, and a reason for every unsound one (line numbers 1-based).
    static func check(lines text: String, database: Database) throws(SQLiteError) -> ([TriageLedger.Entry], [(line: Int, reason: String)]) {
        let findings = try TriageKeys.findings(database)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        let parsed = lines.map { (try? JSONParser.parse(String($0)).objectValue).flatMap(row) }
        var eventKeys = Set<String>(), interactionIDs = Set<String>()
        for row in parsed.compactMap({ $0 }) {
            if row.kind == TargetKind.event.rawValue { eventKeys.insert(row.key) }
            if row.kind == TargetKind.interaction.rawValue { interactionIDs.insert(row.key) }
        }
        var known = Set<String>()
        for id in interactionIDs where try TriageKeys.interactionExists(database, id: id) { known.insert(id) }
        let context = ImportContext(
            sources: try TriageKeys.sourceHashes(database), findingKeys: Set(findings.map(\.key)),
            findingGroups: Set(findings.map(\.group)),
            events: Set(try TriageKeys.eventIDs(database, keys: eventKeys).keys), interactions: known)
        return context.check(lines: lines)
    }

    func check(lines: [Substring]) -> ([TriageLedger.Entry], [(line: Int, reason: String)]) {
        var problems: [(line: Int, reason: String)] = []
        var entries: [TriageLedger.Entry] = []
        var body = lines.enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }
        guard let first = body.first else { return ([], [(1, "the file is empty: it is not a `tessera triage export` file")]) }
        body.removeFirst()
        var exportedSources: Set<String> = []
        var declaredRows: Int64?
        if let header = try? JSONParser.parse(String(first.element)).objectValue, header["tessera_triage"]?.intValue == 1 {
            declaredRows = header["rows"]?.intValue
            exportedSources = Set(header["sources"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        } else {
            problems.append((first.offset + 1, "not a `tessera triage export` header (expected {\"tessera_triage\":1,...}); was the file cut or edited?"))
        }
        if let declaredRows, declaredRows != Int64(body.count) {
            problems.append(
                (first.offset + 1, "the header announces \(declaredRows) annotations but the file holds \(body.count): lines were removed or added"))
        }
        let foreign = exportedSources.subtracting(sources)
        var expectedPrev = AnnotationChain.genesis
        var previousID: Int64?
        for (offset, text) in body {
            let number = offset + 1
            guard let object = try? JSONParser.parse(String(text)).objectValue else {
                problems.append((number, "not a JSON object"))
                expectedPrev = ""
                continue
            }
            let row = Self.row(object)
            guard let row, let annotation = row.annotation else {
                problems.append(
                    (
                        number,
                        "not an annotation: needs annotation_id, target_kind (\(TargetKind.allCases.map(\.rawValue).joined(separator: ", "))), target_key, status (\(TriageStatus.names)), tags, analyst, created_utc, prev_sha256, row_sha256"
                    ))
                expectedPrev = ""
                continue
            }
            if row.prevSHA256 != expectedPrev {
                problems.append(
                    (
                        number,
                        previousID.map { "hash chain broken: annotation #\(row.id) does not follow #\($0) (a row was altered, removed or reordered)" }
                            ?? "hash chain broken: annotation #\(row.id) does not start the chain (rows before it were removed)"
                    ))
            } else if row.computedSHA256 != row.rowSHA256 {
                problems.append((number, "annotation #\(row.id) was altered: its content does not match its row_sha256"))
            }
            expectedPrev = row.rowSHA256
            previousID = row.id
            guard let tags = Tags.decode(annotation.tagsJSON) else {
                problems.append((number, "tags is not a JSON array of strings"))
                continue
            }
            if let reason = targetProblem(annotation, foreign: foreign) {
                problems.append((number, reason))
                continue
            }
            entries.append(
                TriageLedger.Entry(
                    kind: annotation.kind, key: annotation.key, status: annotation.status, tags: tags,
                    comment: annotation.comment, analyst: annotation.analyst,
                    createdUTC: annotation.createdUTC))
        }
        return (entries, problems)
    }

    func targetProblem(_ a: Annotation, foreign: Set<String>) -> String? {
        let otherStore =
            foreign.isEmpty
            ? ""
            : " (the file was exported from a store with evidence this store lacks: \(foreign.sorted().prefix(3).joined(separator: ", "))\(foreign.count > 3 ? ", ..." : ""))"
        switch a.kind {
        case .event:
            let sha = TriageKeys.sourceSHA256(ofEventKey: a.key)
            if !sources.contains(where: { a.key.hasPrefix($0 + ":") }) {
                return "another store's evidence: event \(a.key) is in source \(sha), which this store does not hold; ingest the same evidence first"
            }
            if !events.contains(a.key) {
                return "unknown target: no event \(a.key) in this store"
            }
        case .finding:
            if !findingKeys.contains(a.key) && !findingGroups.contains(TriageKeys.group(ofFindingKey: a.key)) {
                return
                    "unknown target: this store's correlation raised no finding \(TriageKeys.group(ofFindingKey: a.key).replacingOccurrences(of: "|", with: " for interaction ")); run `tessera correlate` with the same policy and options first\(otherStore)"
            }
        case .interaction:
            if !interactions.contains(a.key) {
                return "unknown target: no interaction \(a.key) in this store\(otherStore)"
            }
        }
        return nil
    }

    static func row(_ o: JSONObject) -> RawAnnotationRow? {
        guard let id = o["annotation_id"]?.intValue, case .string(let kind)? = o["target_kind"], case .string(let key)? = o["target_key"],
            case .string(let status)? = o["status"], case .string(let tags)? = o["tags"], case .string(let analyst)? = o["analyst"],
            case .string(let created)? = o["created_utc"], case .string(let prev)? = o["prev_sha256"],
            case .string(let hash)? = o["row_sha256"]
        else { return nil }
        let comment: String?
        switch o["comment"] {
        case .string(let c)?: comment = c
        case .null?, nil: comment = nil
        default: return nil
        }
        return RawAnnotationRow(
            id: id, kind: kind, key: key, status: status, tagsJSON: tags, comment: comment, analyst: analyst,
            createdUTC: created, prevSHA256: prev, rowSHA256: hash)
    }
}
