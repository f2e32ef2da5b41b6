import TesseraSDK

/// Maps one Lockbox request object to a support session and its events.
struct LockboxRequestMapper {
    let context: IngestContext
    let sink: any EventSink

    /// The statuses under which Microsoft personnel had (or have) access.
    static let accessGranting: Set<String> = ["approved", "completed", "completing", "revoking", "revoked"]

    func map(_ element: JSONValue, locator: String) throws {
        let raw = Array(JSONWriter.string(element).utf8)
        guard let outer = element.objectValue else {
            try sink.reject(Reject(locator: locator, reason: "not a JSON object", raw: raw))
            return
        }
        let request = outer["properties"]?.objectValue ?? outer
        do {
            try sink.accept(try build(request, outer: outer, locator: locator, raw: raw))
        } catch let problem as Problem {
            try sink.reject(Reject(locator: locator, reason: problem.reason, raw: raw))
        }
    }

    struct Problem: Error { var reason: String }

    private func build(_ request: JSONObject, outer: JSONObject, locator: String, raw: [UInt8]) throws -> SourceRecord {
        guard let requestID = request.string("requestId") else { throw Problem(reason: "request without `requestId`") }
        guard let createdRaw = request.string("createdDateTime") else { throw Problem(reason: "request without `createdDateTime`") }
        let created: Int64
        do { created = try Timestamp.parseISO8601UTC(createdRaw, zone: context.sourceTimeZone) } catch {
            throw Problem(reason: "field `createdDateTime`: \(error)")
        }
        let status = request.string("status") ?? "Unknown"
        let hours = request["duration"]?.intValue
        if let hours, hours <= 0 || hours > 24 * 366 { throw Problem(reason: "field `duration`: \(hours) hours is not a plausible access duration") }
        let ticket = request.string("supportRequest")
        let interactionID = ticket ?? "lockbox:\(requestID)"
        let resources = request["requestedResourceIds"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let expirationRaw = request.string("expirationDateTime")

        var session = SupportSession(interactionID: interactionID, kind: .lockbox, startUs: created, startRaw: createdRaw)
        session.status = status
        session.approval = "Customer Lockbox \(status.lowercased())"
        session.ticketURL = request.string("supportCaseUrl")
        session.summary = request.string("justification")
        session.tenant = request.string("subscriptionId").map { "subscription:\($0)" }
        session.scope = resources
        if let hours {
            session.endUs = created + hours * 3_600_000_000
            session.endRaw = "\(createdRaw) + \(hours) h"
        }
        var details = JSONObject()
        details.set("request_id", requestID)
        details.set("status", status)
        details["duration_hours"] = hours.map { .number(String($0)) }
        details.set("expiration", expirationRaw)
        details.set("resource_type", request.string("resourceType"))
        details.set("support_request", ticket)
        details.set("arm_id", outer.string("id"))
        details["access_granting_status"] = .bool(Self.accessGranting.contains(status.lowercased()))
        details.set("window_basis", "createdDateTime + duration: the request list does not carry the approval time")
        session.details = details

        let resourceType = request.string("resourceType")
        let targets: [String?] = resources.isEmpty ? [nil] : resources.map { $0 }
        let events = targets.map { resource -> NormalizedEvent in
            var eventDetails = details
            eventDetails.set("justification", session.summary)
            let what = resource.map { " for \($0)" } ?? ""
            return NormalizedEvent(
                timestampUs: created, timestampRaw: createdRaw, timestampDescription: "Lockbox Request Created",
                category: EventCategory.support, operation: "LockboxRequest", action: EventAction.lockboxRequest,
                outcome: status.lowercased(), actorRaw: "Microsoft Support", actorType: ActorType.supportEngineer,
                tenant: session.tenant, resourceType: ResourceType.azureResource, resource: resource?.lowercased(),
                resourceName: resourceType, sessionID: interactionID, recordID: requestID,
                message: "Customer Lockbox request \(requestID) (ticket \(ticket ?? "none")) \(status)\(what)",
                details: eventDetails)
        }
        return SourceRecord(
            locator: locator, dedupKey: "lockbox:\(requestID)|\(status.lowercased())|\(created)", raw: raw,
            events: events, supportSession: session)
    }
}
