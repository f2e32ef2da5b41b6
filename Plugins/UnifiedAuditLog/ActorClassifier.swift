import TesseraSDK

/// Decides `events.actor_type` for a UAL record. Vendor access is what analysts look for, so it
/// is decided first and from the strongest evidence:
///
/// 1. `UserId` "Microsoft Operator" → `microsoft_operator` (a Microsoft engineer acting through
///    Customer Lockbox or the datacenter's own tooling).
/// 2. `UserType` 9 (PartnerTechnician) → `partner_technician`.
/// 3. `NT AUTHORITY\...` accounts → `system` (they carry `UserType` 3 too, but are not a person).
/// 4. `BOXServiceAccount@...` (the Customer Lockbox approval service account) → `service`.
/// 5. `UserType` 3 (DcAdmin) → `microsoft_datacenter`.
/// 6. `ExternalAccess: true` on an admin (cmdlet) record of an otherwise regular or admin user →
///    `partner_technician` (callers pass nil for other records, where the flag means something else):
///    the schema says the cmdlet was run by datacenter personnel, a datacenter service account or a
///    delegated administrator; the first two carry `UserType` 3/4, so what remains is delegated
///    (partner) administration.
/// 7. Exchange mailbox `LogonType` (0 owner, 1 admin, 2 delegate; `External` datacenter).
/// 8. `UserType` 4 system, 5/6 application or service principal → `service`, 2 → `admin`, 0 → `user`.
enum ActorClassifier {
    static func actorType(userID: String?, userType: Int?, externalAccess: Bool?, logonType: String?) -> String? {
        let lowered = userID.map { $0.lowercased(prefixedWith: "") } ?? ""
        if lowered == "microsoft operator" { return ActorType.microsoftOperator }
        if userType == 9 { return ActorType.partnerTechnician }
        if lowered.hasPrefix("nt authority\\") { return ActorType.system }
        if lowered.hasPrefix("boxserviceaccount@") { return ActorType.service }
        if userType == 3 { return ActorType.microsoftDatacenter }
        if externalAccess == true, userType == nil || userType == 0 || userType == 2 {
            return ActorType.partnerTechnician
        }
        if lowered.hasPrefix("serviceprincipal_") { return ActorType.service }
        if let logonType {
            switch logonType.lowercased() {
            case "0", "owner": return ActorType.owner
            case "1", "admin", "administrator": return ActorType.admin
            case "2", "delegate", "delegated": return ActorType.delegate
            case "external": return ActorType.microsoftDatacenter
            case "systemservice", "4": return ActorType.system
            default: break
            }
        }
        switch userType {
        case 4?: return ActorType.system
        case 5?, 6?: return ActorType.service
        case 2?: return ActorType.admin
        case 0?, 10?: return ActorType.user
        default: return userID == nil ? nil : ActorType.user
        }
    }
}
