import TesseraSDK

/// Entra ID audit logs: Graph `directoryAudit` objects (alone, in `{"value": [...]}`, or under
/// `properties` of a diagnostic-settings record) and Log Analytics `AuditLogs` rows (PascalCase,
/// `InitiatedBy` and `TargetResources` as JSON text).
extension AzureRecordMapper {
    func directoryAudit(_ r: AzureFields) throws(AzureProblem) -> (NormalizedEvent, String) {
        let inner = r.value("category") != nil && r.object("properties") != nil ? r.object("properties")! : r
        func field(_ name: String) -> String? { inner.text(name) ?? r.text(name) }
        guard let activity = field("activitydisplayname") ?? r.text("operationname") else {
            throw AzureProblem(reason: "audit record without `activityDisplayName` or `operationName`")
        }
        let time = try self.time([(inner, "activitydatetime"), (r, "time"), (r, "timegenerated"), (r, "activitydatetime")])
        let initiatedBy = inner.object("initiatedby") ?? r.object("initiatedby")
        let user = initiatedBy?.object("user")
        let app = initiatedBy?.object("app")
        let actorRaw =
            user?.text("userprincipalname") ?? r.text("initiatinguserorapp") ?? app?.text("displayname")
            ?? app?.text("serviceprincipalid") ?? user?.text("id") ?? app?.text("appid")
        let targets = (inner.array("targetresources") ?? r.array("targetresources") ?? []).compactMap { $0.objectValue.map(AzureFields.init) }
        let target = targets.first
        let targetUPN = target?.text("userprincipalname")
        let targetID = target?.text("id")
        let operationType = field("operationtype") ?? field("aadoperationtype")
        let cls = AzureOperationClass.directory(activity) ?? Self.genericDirectoryClass(operationType, targetIsUser: targetUPN != nil)
        var resourceName = target?.text("displayname")
        if cls.resourceType == ResourceType.role { resourceName = Self.roleName(targets) ?? resourceName }
        let actor = actorRaw.flatMap(IdentityCanonicalizer.canonical)
        let resource = targetUPN.flatMap(IdentityCanonicalizer.canonical) ?? targetID?.lowercased()
        let id = field("id")
        let correlationID = field("correlationid")
        let result = field("result")

        var details = JSONObject(minimumCapacity: 12)
        details.set("audit_category", field("category"))
        details.set("logged_by_service", field("loggedbyservice"))
        details.set("operation_type", operationType)
        details.set("result", result)
        details.set("result_reason", field("resultreason"))
        details.set("initiator_object_id", user?.text("id") ?? app?.text("serviceprincipalid"))
        details.set("initiator_app_id", app?.text("appid"))
        details.set("target_type", target?.text("type"))
        details.set("target_id", targetID)
        details.set("correlation_id", correlationID)
        let event = NormalizedEvent(
            timestampUs: time.us, timestampRaw: time.raw, timestampDescription: "Directory Change",
            category: EventCategory.admin, operation: activity, action: cls.action, outcome: Self.outcome(result),
            actor: actor, actorRaw: actorRaw, actorType: Self.actorType(actor, isApp: user == nil && app != nil),
            clientIP: Self.ip(user?.text("ipaddress"), r.text("initiatingipaddress"), r.text("calleripaddress")),
            userAgent: r.text("useragent"),
            tenant: (r.text("tenantid") ?? r.text("aadtenantid") ?? inner.text("tenantid"))?.lowercased(),
            resourceType: resource == nil ? nil : cls.resourceType, resource: resource, resourceName: resourceName,
            sessionID: correlationID, recordID: id,
            message: "\(actorRaw ?? "(no initiator)"): \(activity.trimmingCharactersInWhitespace())"
                + (resourceName ?? resource).map { " on \($0)" }.orEmpty + (result.map { " (\($0))" } ?? ""),
            details: details)
        let key =
            id.map { "entra-audit:\($0)" }
            ?? "entra-audit:" + [String(time.us), activity, correlationID ?? "", actor ?? "", resource ?? ""].joined(separator: "|")
        return (event, key)
    }

    /// A directory change the class table does not name: by `operationType`, on a user or another object.
    static func genericDirectoryClass(_ operationType: String?, targetIsUser: Bool) -> AzureOperationClass {
        let action: String
        switch operationType?.lowercased() {
        case "add": action = EventAction.create
        case "delete": action = EventAction.delete
        case "update": action = EventAction.modify
        case "assign": action = EventAction.permissionGrant
        case "unassign": action = EventAction.permissionRevoke
        default: action = EventAction.other
        }
        return AzureOperationClass(resourceType: targetIsUser ? ResourceType.user : ResourceType.adminObject, action: action)
    }

    /// The role's name: a target of type `Role`, or a `Role.DisplayName` modified property.
    static func roleName(_ targets: [AzureFields]) -> String? {
        if let role = targets.first(where: { $0.text("type")?.lowercased() == "role" }), let name = role.text("displayname") { return name }
        for target in targets {
            for property in target.array("modifiedproperties") ?? [] {
                guard let p = property.objectValue.map(AzureFields.init), p.text("displayname") == "Role.DisplayName",
                    let value = p.text("newvalue")
                else { continue }
                return value.trimmingCharacters(in: "\"")
            }
        }
        return nil
    }
}

extension Optional where Wrapped == String {
    var orEmpty: String { self ?? "" }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
