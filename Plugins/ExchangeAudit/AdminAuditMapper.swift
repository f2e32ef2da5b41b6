import Foundation
import TesseraSDK

/// Maps one admin-audit record (SearchResult.xml `<Event Caller Cmdlet ...>` or CLIXML
/// `AdminAuditLogEvent`) to one event: actor = Caller, operation = Cmdlet, resource = ObjectModified.
enum AdminAuditMapper {
    static let timestampDescription = "Admin Cmdlet Run Time"

    static func map(_ r: AuditRecord, zone: TimeZone?) throws(MappingFailure) -> NormalizedEvent {
        guard let cmdlet = r.field(anyOf: .cmdlet, .cmdletName) else {
            throw MappingFailure(reason: "admin audit event without Cmdlet")
        }
        guard let tsRaw = r.field(.runDate) else {
            throw MappingFailure(reason: "admin audit event without RunDate")
        }
        let ts: Int64
        do { ts = try Timestamp.parseISO8601UTC(tsRaw, zone: zone) } catch {
            throw MappingFailure(reason: "field RunDate: \(error)")
        }
        let parameters = r.list("CmdletParameters").compactMap { entry -> (String, String)? in
            guard let name = entry.value("Name") else { return nil }
            return (name, entry.value("Value") ?? "")
        }
        let modified = r.list("ModifiedProperties").compactMap { entry -> (String, String, String)? in
            guard let name = entry.value("Name") else { return nil }
            return (name, entry.value("OldValue") ?? "", entry.value("NewValue") ?? "")
        }
        let caller = r.field(.caller)
        let object = r.field(.objectModified)
        let succeeded = r.field(.succeeded)
        let classified = AdminCmdletClassifier.classify(cmdlet: cmdlet, parameterNames: parameters.map(\.0))

        var details = JSONObject()
        details.set("caller", caller)
        details.set("object_modified", object)
        details.set("modified_object_resolved_name", r.field(.modifiedObjectResolvedName))
        details.set("succeeded", succeeded)
        if let error = r.field(.error), error != "None" { details.set("error", error) }
        details.set("originating_server", r.field(.originatingServer))
        details.set("external_access", r.field(.externalAccess))
        details["cmdlet_parameters"] = .array(parameters.map { .object(JSONObject([("name", .string($0.0)), ("value", .string($0.1))])) })
        details["modified_properties"] = .array(
            modified.map {
                .object(JSONObject([("name", .string($0.0)), ("old_value", .string($0.1)), ("new_value", .string($0.2))]))
            })
        if classified.reason != nil { details.set("action_reason", classified.reason) }

        let external = r.field(.externalAccess)?.lowercased() == "true"
        let actorType: String
        if external {
            actorType = ActorType.microsoftDatacenter
        } else if let caller, caller.uppercased().hasPrefix("NT AUTHORITY\\") {
            actorType = ActorType.system
        } else {
            actorType = ActorType.admin
        }

        let parameterText = parameters.map { "-\($0.0) \($0.1)" }.joined(separator: " ")
        let outcome = MailboxAuditMapper.outcome(succeeded)
        let outcomeText = outcome.map { " [\($0)]" } ?? ""
        return NormalizedEvent(
            timestampUs: ts, timestampRaw: tsRaw, timestampDescription: timestampDescription,
            category: EventCategory.admin, operation: cmdlet, action: classified.action, outcome: outcome,
            actor: caller.flatMap(IdentityCanonicalizer.canonical), actorRaw: caller, actorType: actorType,
            resourceType: classified.resourceType, resource: object, resourceName: r.field(.modifiedObjectResolvedName) ?? object,
            message: "\(cmdlet) \(parameterText) by \(caller ?? "unknown caller") on \(object ?? "unknown object")\(outcomeText)",
            details: details)
    }
}

/// Classifies Exchange admin cmdlets into Tessera's normalized actions, marking the privileged
/// changes (mailbox permissions, forwarding, inbox and transport rules, credentials, roles).
enum AdminCmdletClassifier {
    struct Classification: Equatable {
        var action: String
        var resourceType: String
        /// Why a parameter decided the action, when one did.
        var reason: String?
    }

    static let forwardingParameters: Set<String> = ["forwardingsmtpaddress", "forwardingaddress", "delivertomailboxandforward"]
    static let ruleForwardingParameters: Set<String> = ["forwardto", "forwardasattachmentto", "redirectto"]
    static let passwordParameters: Set<String> = ["password", "resetpasswordonnextlogon", "newpassword", "oldpassword"]

    static func classify(cmdlet: String, parameterNames: [String]) -> Classification {
        let c = cmdlet.lowercased()
        let params = Set(parameterNames.map { $0.lowercased() })
        let verb = c.split(separator: "-").first.map(String.init) ?? c
        let noun = c.split(separator: "-", maxSplits: 1).dropFirst().first.map(String.init) ?? ""

        if let p = params.first(where: passwordParameters.contains) {
            return Classification(action: EventAction.passwordReset, resourceType: ResourceType.user, reason: "parameter \(p)")
        }
        if noun.contains("password") {
            return Classification(action: EventAction.passwordReset, resourceType: ResourceType.user)
        }
        switch noun {
        case "mailboxpermission", "recipientpermission", "adpermission", "mailboxfolderpermission":
            return Classification(
                action: verb == "remove" ? EventAction.permissionRevoke : EventAction.permissionGrant,
                resourceType: ResourceType.mailbox)
        case "inboxrule":
            if let p = params.first(where: ruleForwardingParameters.contains) {
                return Classification(action: EventAction.forwardingRule, resourceType: ResourceType.mailbox, reason: "parameter \(p)")
            }
            return Classification(action: EventAction.inboxRule, resourceType: ResourceType.mailbox)
        case "transportrule":
            // Transport (mail flow) rules can redirect or copy any mail of the organization.
            return Classification(
                action: EventAction.forwardingRule, resourceType: ResourceType.adminObject,
                reason: "transport rules can redirect or copy mail")
        case "rolegroup", "rolegroupmember", "managementroleassignment", "managementrole", "managementroleentry",
            "managementscope", "rolegroupmembers":
            return Classification(action: EventAction.roleChange, resourceType: ResourceType.role)
        case "authserver", "partnerapplication", "exchangecertificate", "authconfig", "serviceprincipal",
            "applicationaccesspolicy":
            return Classification(action: EventAction.credentialChange, resourceType: ResourceType.adminObject)
        case "mailboxexportrequest", "compliancesearchaction":
            return Classification(action: EventAction.export, resourceType: ResourceType.mailbox)
        case "mailboxsearch", "compliancesearch":
            return Classification(action: EventAction.search, resourceType: ResourceType.mailbox)
        default:
            break
        }
        if noun == "mailbox" || noun == "remotemailbox" || noun == "casmailbox" {
            if let p = params.first(where: forwardingParameters.contains) {
                return Classification(action: EventAction.forwardingRule, resourceType: ResourceType.mailbox, reason: "parameter \(p)")
            }
            if params.contains("grantsendonbehalfto") {
                return Classification(action: EventAction.permissionGrant, resourceType: ResourceType.mailbox, reason: "parameter GrantSendOnBehalfTo")
            }
        }
        if c == "search-mailbox" {
            return Classification(
                action: params.contains("targetmailbox") ? EventAction.export : EventAction.search,
                resourceType: ResourceType.mailbox)
        }
        let resource = noun.contains("mailbox") ? ResourceType.mailbox : (noun.contains("user") ? ResourceType.user : ResourceType.adminObject)
        switch verb {
        case "new", "add", "enable": return Classification(action: verb == "enable" ? EventAction.configChange : EventAction.create, resourceType: resource)
        case "remove": return Classification(action: EventAction.delete, resourceType: resource)
        case "set", "disable", "update", "clear": return Classification(action: EventAction.configChange, resourceType: resource)
        default: return Classification(action: EventAction.other, resourceType: resource)
        }
    }
}
