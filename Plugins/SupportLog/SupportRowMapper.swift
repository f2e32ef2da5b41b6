import TesseraSDK

/// One row of the log, field by field, before validation.
struct SupportRow {
    var values: [String: String] = [:]
    /// Unknown columns and non-scalar JSON values, kept for `details`.
    var extra = JSONObject()

    mutating func set(_ name: String, _ value: String) {
        if SupportFields.known.contains(name) {
            values[name] = value.trimmingCharactersInWhitespace()
        } else {
            extra[name] = .string(value)
        }
    }

    func value(_ name: String) -> String? {
        guard let v = values[name], !v.isEmpty else { return nil }
        return v
    }
}

/// Validates a row and turns it into a support session with its start and end events.
struct SupportRowMapper {
    let context: IngestContext
    let sink: any EventSink

    func map(_ row: SupportRow, locator: String, raw: [UInt8]) throws {
        do {
            let record = try build(row, locator: locator, raw: raw)
            try sink.accept(record)
        } catch let problem as RowProblem {
            try sink.reject(Reject(locator: locator, reason: problem.reason, raw: raw))
        }
    }

    struct RowProblem: Error { var reason: String }

    private func time(_ row: SupportRow, _ field: String) throws -> (Int64, String)? {
        guard let text = row.value(field) else { return nil }
        do {
            return (try Timestamp.parseISO8601UTC(text, zone: context.sourceTimeZone), text)
        } catch {
            throw RowProblem(reason: "field `\(field)`: \(error)")
        }
    }

    private func build(_ row: SupportRow, locator: String, raw: [UInt8]) throws -> SourceRecord {
        guard let interactionID = row.value("interaction_id") else { throw RowProblem(reason: "required field `interaction_id` is empty") }
        guard let engineer = row.value("engineer") else { throw RowProblem(reason: "required field `engineer` is empty") }
        guard let (startUs, startRaw) = try time(row, "start") else { throw RowProblem(reason: "required field `start` is empty") }
        let end = try time(row, "end")
        if let end, end.0 < startUs {
            throw RowProblem(reason: "field `end` (\(end.1)) is before `start` (\(startRaw))")
        }

        var session = SupportSession(interactionID: interactionID, kind: .session, startUs: startUs, startRaw: startRaw)
        session.engineer = engineer
        session.endUs = end?.0
        session.endRaw = end?.1
        session.engineerName = row.value("engineer_name")
        session.engineerSite = row.value("engineer_site")
        session.employer = row.value("employer")
        session.clearance = row.value("clearance")
        session.tenant = row.value("tenant")
        session.customerClass = row.value("customer_class")?.lowercased()
        session.channel = row.value("channel")
        session.ticketURL = row.value("ticket_url")
        session.approval = row.value("approval")
        session.summary = row.value("summary")
        session.accounts = row.value("accounts").map(IdentityCanonicalizer.splitList) ?? []
        session.scope = row.value("scope").map(IdentityCanonicalizer.splitList) ?? []
        session.details = row.extra

        if let country = row.value("engineer_country") {
            session.engineerCountry = country.uppercased()
            if !(country.count == 2 && country.allSatisfy({ $0.isASCII && $0.isLetter })) {
                sink.warn("\(locator): engineer_country '\(country)' is not an ISO 3166-1 alpha-2 code; stored as written")
            }
        }
        var invalidIPs: [String] = []
        for item in row.value("source_ips").map(IdentityCanonicalizer.splitList) ?? [] {
            if let network = IPNetwork(item) { session.sourceIPs.append(network.description) } else { invalidIPs.append(item) }
        }
        if !invalidIPs.isEmpty {
            session.details["invalid_source_ips"] = .array(invalidIPs.map { .string($0) })
            sink.warn(
                "\(locator): source_ips entries that are not IP addresses or CIDR blocks were kept in details only: \(invalidIPs.joined(separator: ", "))")
        }

        let canonicalEngineer = IdentityCanonicalizer.canonical(engineer) ?? engineer
        let key = "support:\(interactionID)|\(canonicalEngineer)|\(startUs)"
        var details = JSONObject()
        for name in SupportFields.known { details.set(name, row.value(name)) }
        for member in row.extra.members { details[member.key] = member.value }

        let who = [session.engineerName, session.employer, session.engineerCountry].compactMap { $0 }.joined(separator: ", ")
        let party = who.isEmpty ? canonicalEngineer : "\(canonicalEngineer) (\(who))"
        let tenantText = session.tenant.map { " for tenant \($0)" } ?? ""
        var events = [
            event(
                ts: startUs, raw: startRaw, description: "Support Session Start", operation: "SupportSessionStart",
                action: EventAction.sessionStart, session: session, engineer: canonicalEngineer, details: details,
                message: "Support session started: \(interactionID) by \(party)\(tenantText)")
        ]
        if let end {
            events.append(
                event(
                    ts: end.0, raw: end.1, description: "Support Session End", operation: "SupportSessionEnd",
                    action: EventAction.sessionEnd, session: session, engineer: canonicalEngineer, details: details,
                    message: "Support session ended: \(interactionID) by \(party)"))
        }
        return SourceRecord(locator: locator, dedupKey: key, raw: raw, events: events, supportSession: session)
    }

    private func event(
        ts: Int64, raw: String, description: String, operation: String, action: String, session: SupportSession,
        engineer: String, details: JSONObject, message: String
    ) -> NormalizedEvent {
        NormalizedEvent(
            timestampUs: ts, timestampRaw: raw, timestampDescription: description, category: EventCategory.support,
            operation: operation, action: action, actor: engineer, actorRaw: session.engineer,
            actorType: ActorType.supportEngineer, tenant: session.tenant, resourceType: "support_interaction",
            resource: session.interactionID, resourceName: session.summary, sessionID: session.interactionID,
            recordID: session.interactionID, message: message, details: details)
    }
}
