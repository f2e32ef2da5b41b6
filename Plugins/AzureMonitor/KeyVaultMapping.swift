import TesseraSDK

/// Key Vault diagnostic logs, category `AuditEvent`: diagnostic settings (`identity.claim`,
/// `properties.requestUri`), Log Analytics `AZKVAuditLogs` (`Identity`, `RequestUri`) and the
/// legacy `AzureDiagnostics` rows (`identity_claim_upn_s`, `requestUri_s`, `id_s`).
extension AzureRecordMapper {
    func keyVault(_ r: AzureFields) throws(AzureProblem) -> (NormalizedEvent, String) {
        guard let operation = r.text("operationname") else { throw AzureProblem(reason: "Key Vault record without `operationName`") }
        let time = try self.time([(r, "time"), (r, "timegenerated")])
        let properties = r.object("properties")
        let claim = r.path("identity", "claim") ?? r.object("identity")?.object("claim")
        let upn = claim?.claim("upn") ?? r.text("identityclaimupns")
        let objectID =
            claim?.claim("objectidentifier") ?? claim?.claim("oid")
            ?? r.text("identityclaimhttpschemasmicrosoftcomidentityclaimsobjectidentifierg")
        let appID = claim?.claim("appid") ?? r.text("identityclaimappidg")
        let requestURI = properties?.text("requesturi") ?? r.text("requesturi", "requesturis")
        let objectURI = properties?.text("id") ?? r.text("ids")
        let vaultID = r.text("resourceid", "_resourceid")?.lowercased()
        let httpStatus = properties?.text("httpstatuscode") ?? r.text("httpstatuscode", "httpstatuscoded")
        let signature = r.text("resultsignature")
        let correlationID = r.text("correlationid")
        let cls = AzureOperationClass.keyVault(operation)
        // `https://vault.vault.azure.net/secrets/name/version` → `secrets/name`
        let object = Self.vaultObject(objectURI) ?? Self.vaultObject(requestURI)
        let resource = vaultID.map { vault in object.map { "\(vault)/\($0.kind)/\($0.name.lowercased())" } ?? vault }
        let actorRaw = upn ?? objectID ?? appID
        let actor = actorRaw.flatMap(IdentityCanonicalizer.canonical)
        let outcome: String? = httpStatus.flatMap(Int.init).map { (200..<400).contains($0) ? "success" : "failure" } ?? Self.outcome(signature)

        var details = JSONObject(minimumCapacity: 10)
        details.set("vault_resource_id", vaultID)
        details.set("request_uri", requestURI)
        details.set("object_uri", objectURI)
        details.set("http_status", httpStatus)
        details.set("result_signature", signature)
        details.set("caller_object_id", objectID)
        details.set("caller_app_id", appID)
        details.set("client_info", properties?.text("clientinfo") ?? r.text("clientinfos"))
        details.set("correlation_id", correlationID)
        let name = object.map { "\($0.kind)/\($0.name)" } ?? Self.lastSegment(vaultID)
        let event = NormalizedEvent(
            timestampUs: time.us, timestampRaw: time.raw, timestampDescription: "Key Vault Access",
            category: EventCategory.admin, operation: operation, action: cls.action, outcome: outcome,
            actor: actor, actorRaw: actorRaw, actorType: Self.actorType(actor, isApp: upn == nil && appID != nil && objectID == nil),
            clientIP: Self.ip(r.text("calleripaddress", "callipaddress")),
            tenant: (r.text("tenantid") ?? claim?.claim("tenantid"))?.lowercased() ?? Self.subscriptionTenant(vaultID),
            resourceType: resource == nil ? nil : cls.resourceType, resource: resource, resourceName: name,
            sessionID: correlationID, recordID: r.text("id") == objectURI ? nil : r.text("id"),
            message:
                "\(actorRaw ?? "(no caller)") \(operation) \(name ?? "(no vault)")\(outcome == "failure" ? " failed (\(httpStatus ?? signature ?? "?"))" : "")",
            details: details)
        let key =
            "keyvault:"
            + [String(time.us), operation.lowercased(), correlationID ?? "", requestURI ?? objectURI ?? "", r.text("calleripaddress") ?? ""].joined(
                separator: "|")
        return (event, key)
    }

    /// The object a Key Vault URI names: `secrets` / `keys` / `certificates` and its name
    /// (`https://vault.vault.azure.net/secrets/name/version?api-version=…` → `secrets`, `name`).
    static func vaultObject(_ uri: String?) -> (kind: String, name: String)? {
        guard let uri, let scheme = uri.utf8Offset(of: "://") else { return nil }
        let path = uri.utf8.dropFirst(scheme + 3).prefix { $0 != UInt8(ascii: "?") }
        // Non-empty segments after the host: the object's kind, then its name.
        let segments = path.split(separator: UInt8(ascii: "/"), maxSplits: 3).dropFirst()
        guard segments.count >= 2, let kindBytes = segments.first else { return nil }
        let kind = String(decoding: kindBytes, as: UTF8.self).lowercased()
        guard ["secrets", "keys", "certificates", "deletedsecrets", "deletedkeys"].contains(kind) else { return nil }
        return (kind, String(decoding: segments[segments.index(after: segments.startIndex)], as: UTF8.self))
    }
}
