import TesseraSDK

/// Entra ID sign-ins: Graph `signIn` objects (alone, in `{"value": [...]}`, or under `properties`
/// of a diagnostic-settings record) and Log Analytics `SigninLogs` rows (PascalCase, `Status` and
/// `LocationDetails` as JSON text).
extension AzureRecordMapper {
    func signIn(_ r: AzureFields) throws(AzureProblem) -> (NormalizedEvent, String, Note?) {
        let inner = r.value("category") != nil ? (r.object("properties") ?? r) : r
        func field(_ name: String) -> String? { inner.text(name) ?? r.text(name) }
        let time = try self.time([(inner, "createddatetime"), (r, "time"), (r, "timegenerated"), (r, "createddatetime")])
        let upn = field("userprincipalname")
        let userID = field("userid")
        let servicePrincipal = field("serviceprincipalid") ?? field("serviceprincipalname")
        guard let actorRaw = upn ?? userID ?? servicePrincipal else {
            throw AzureProblem(reason: "sign-in without `userPrincipalName`, `userId` or `servicePrincipalId`: no one to attribute it to")
        }
        let status = inner.object("status") ?? r.object("status")
        let errorCode = status?.text("errorcode") ?? r.text("resulttype")
        let outcome: String? = errorCode.map { $0 == "0" ? "success" : "failure" }
        let location = inner.object("location") ?? inner.object("locationdetails") ?? r.object("locationdetails")
        let app = field("appdisplayname")
        let actor = IdentityCanonicalizer.canonical(actorRaw)
        let id = field("id")
        let correlationID = field("correlationid")

        var details = JSONObject(minimumCapacity: 16)
        details.set("sign_in_category", r.text("category", "type"))
        details.set("user_id", userID)
        details.set("service_principal_id", field("serviceprincipalid"))
        details.set("app_id", field("appid"))
        details.set("app", app)
        details.set("resource_display_name", field("resourcedisplayname"))
        details.set("error_code", errorCode)
        details.set("failure_reason", status?.text("failurereason") ?? r.text("resultdescription"))
        details.set("conditional_access_status", field("conditionalaccessstatus"))
        details.set("client_app", field("clientappused"))
        details.set("is_interactive", field("isinteractive"))
        details.set("authentication_requirement", field("authenticationrequirement"))
        details.set("city", location?.text("city"))
        details.set("state", location?.text("state"))
        details.set("country", location?.text("countryorregion") ?? r.text("location").flatMap { $0.utf8.count == 2 ? $0 : nil })
        details.set("correlation_id", correlationID)
        let place = [location?.text("city"), location?.text("countryorregion")].compactMap { $0 }.joined(separator: ", ")
        let event = NormalizedEvent(
            timestampUs: time.us, timestampRaw: time.raw, timestampDescription: "Sign-in",
            category: EventCategory.auth, operation: r.text("operationname") ?? "Sign-in activity",
            action: outcome == "failure" ? EventAction.signInFailed : EventAction.signIn, outcome: outcome,
            actor: actor, actorRaw: actorRaw, actorType: upn == nil && userID == nil ? ActorType.service : ActorType.user,
            clientIP: Self.ip(field("ipaddress"), r.text("calleripaddress")), userAgent: field("useragent"),
            tenant: (r.text("tenantid") ?? inner.text("resourcetenantid") ?? inner.text("aadtenantid"))?.lowercased(),
            resourceType: ResourceType.user, resource: actor, resourceName: app,
            sessionID: correlationID, recordID: id,
            message: "\(actorRaw) signed in to \(app ?? "(no app)")\(outcome == "failure" ? " and failed (error \(errorCode ?? "?"))" : "")"
                + (place.isEmpty ? "" : " from \(place)") + (field("conditionalaccessstatus").map { ", conditional access \($0)" } ?? ""),
            details: details)
        let key =
            id.map { "entra-signin:\($0)" } ?? "entra-signin:"
            + [String(time.us), actorRaw.lowercased(), correlationID ?? "", field("appid") ?? ""].joined(separator: "|")
        return (event, key, upn == nil && servicePrincipal == nil ? .signInWithoutUPN : nil)
    }
}
