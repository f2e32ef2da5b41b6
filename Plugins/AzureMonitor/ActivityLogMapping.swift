import TesseraSDK

/// Azure Activity Log records: diagnostic settings (`time`, `resultType`, `identity.claims`), the
/// REST / portal shape (`eventTimestamp`, `status.value`, top-level `claims`), the Python SDK's
/// snake_case dicts (plaso), and Log Analytics `AzureActivity` rows (`OperationNameValue`,
/// `ActivityStatusValue`, `Claims` as JSON text).
extension AzureRecordMapper {
    func activity(_ r: AzureFields) throws(AzureProblem) -> (NormalizedEvent, String) {
        guard let operation = r.text("operationnamevalue", "operationname") else {
            throw AzureProblem(reason: "Activity Log record without `operationName`")
        }
        let time = try self.time([(r, "time"), (r, "eventtimestamp"), (r, "timegenerated")])
        let claims = r.path("identity", "claims") ?? r.object("claims")
        let properties = r.object("properties")
        let status = r.text("activitystatusvalue", "status", "resulttype")
        let subStatus = r.text("activitysubstatusvalue", "substatus", "resultsignature")
        let resourceID = (r.text("resourceid", "_resourceid") ?? r.path("authorization")?.text("scope"))?.lowercased()
        let objectID = claims?.claim("objectidentifier") ?? claims?.claim("oid")
        let appID = claims?.claim("appid")
        // Diagnostic-settings records name no caller: the token's UPN (or e-mail), else the
        // service principal's object id, else its app id.
        let person = claims?.claim("upn") ?? claims?.uriClaim("claims/name") ?? claims?.claim("emailaddress")
        let caller = r.text("caller") ?? person ?? objectID ?? appID
        let principalType = r.path("identity", "authorization", "evidence")?.text("principaltype") ?? r.path("authorization", "evidence")?.text("principaltype")
        let isApp = claims?.claim("idtyp") == "app" || principalType?.lowercased() == "serviceprincipal" || (person == nil && appID != nil)
        let correlationID = r.text("correlationid")
        let eventDataID = r.text("eventdataid")
        let httpRequest = r.object("httprequest")
        let actor = caller.flatMap(IdentityCanonicalizer.canonical)
        let cls = AzureOperationClass.arm(operation)
        let tenant = r.text("tenantid")?.lowercased() ?? claims?.claim("tenantid")?.lowercased() ?? Self.subscriptionTenant(resourceID)

        var details = JSONObject(minimumCapacity: 10)
        details.set("status", status)
        details.set("sub_status", subStatus)
        details.set("category", r.text("categoryvalue", "category"))
        details.set("correlation_id", correlationID)
        details.set("resource_id", resourceID)
        details.set("caller_object_id", objectID)
        details.set("caller_app_id", appID)
        details.set("event_data_id", eventDataID)
        details.set("level", r.text("level"))
        if let statusMessage = properties?.text("statusmessage") { details.set("status_message", statusMessage) }
        // The resource's name as its owner spelled it: diagnostic settings upper-case `resourceId`,
        // but the authorization scope and `properties.entity` keep the original case.
        let spelled = [
            r.path("identity", "authorization")?.text("scope"), r.path("authorization")?.text("scope"),
            properties?.text("entity"), r.text("resourceid", "_resourceid"),
        ]
        .compactMap { $0 }.first { $0.lowercased() == resourceID }
        let name = Self.lastSegment(spelled ?? resourceID)
        let statusText = [status, subStatus].compactMap { $0 }.joined(separator: " / ")
        let event = NormalizedEvent(
            timestampUs: time.us, timestampRaw: time.raw, timestampDescription: "Azure Operation",
            category: EventCategory.admin, operation: operation, action: cls.action, outcome: Self.outcome(status),
            actor: actor, actorRaw: caller, actorType: Self.actorType(actor, isApp: isApp),
            clientIP: Self.ip(r.text("calleripaddress"), httpRequest?.text("clientipaddress"), claims?.claim("ipaddr")),
            tenant: tenant, resourceType: resourceID == nil ? nil : cls.resourceType, resource: resourceID, resourceName: name,
            sessionID: correlationID, recordID: eventDataID,
            message: "\(caller ?? "(no caller)") \(operation)\(statusText.isEmpty ? "" : " (\(statusText))") on \(name ?? "(no resource)")",
            details: details)
        let key =
            eventDataID.map { "azure-activity:\($0)" }
            ?? "azure-activity:"
            + [correlationID ?? "", operation.lowercased(), status ?? "", subStatus ?? "", String(time.us), resourceID ?? ""].joined(separator: "|")
        return (event, key)
    }
}
