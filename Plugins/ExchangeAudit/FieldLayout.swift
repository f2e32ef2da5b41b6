#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The record fields the mappers read, by name. Looking one up goes through the record's
/// ``FieldLayout`` (worked out once per distinct list of names) instead of comparing names.
enum KnownField: Int, CaseIterable {
    case operation
    case lastAccessed
    case logonType
    case logonUserSid
    case logonUserDN
    case logonUserDisplayName
    case mailboxOwnerUPN
    case mailboxOwnerSid
    case mailboxGuid
    case owner
    case mailboxResolvedOwnerName
    case clientIPAddress
    case clientIP
    case operationResult
    case internalLogonType
    case folderId
    case folderPathName
    case destFolderId
    case destFolderPathName
    case clientInfoString
    case clientMachineName
    case clientProcessName
    case clientVersion
    case crossMailboxOperation
    case destMailboxGuid
    case destMailboxOwnerUPN
    case destMailboxOwnerSid
    case externalAccess
    case originatingServer
    case itemId
    case itemSubject
    case cmdlet
    case cmdletName
    case runDate
    case caller
    case objectModified
    case succeeded
    case modifiedObjectResolvedName
    case error

    /// The field's name as exports write it (looked up exactly, then ignoring ASCII case).
    var name: String {
        switch self {
        case .operation: return "Operation"
        case .lastAccessed: return "LastAccessed"
        case .logonType: return "LogonType"
        case .logonUserSid: return "LogonUserSid"
        case .logonUserDN: return "LogonUserDN"
        case .logonUserDisplayName: return "LogonUserDisplayName"
        case .mailboxOwnerUPN: return "MailboxOwnerUPN"
        case .mailboxOwnerSid: return "MailboxOwnerSid"
        case .mailboxGuid: return "MailboxGuid"
        case .owner: return "Owner"
        case .mailboxResolvedOwnerName: return "MailboxResolvedOwnerName"
        case .clientIPAddress: return "ClientIPAddress"
        case .clientIP: return "ClientIP"
        case .operationResult: return "OperationResult"
        case .internalLogonType: return "InternalLogonType"
        case .folderId: return "FolderId"
        case .folderPathName: return "FolderPathName"
        case .destFolderId: return "DestFolderId"
        case .destFolderPathName: return "DestFolderPathName"
        case .clientInfoString: return "ClientInfoString"
        case .clientMachineName: return "ClientMachineName"
        case .clientProcessName: return "ClientProcessName"
        case .clientVersion: return "ClientVersion"
        case .crossMailboxOperation: return "CrossMailboxOperation"
        case .destMailboxGuid: return "DestMailboxGuid"
        case .destMailboxOwnerUPN: return "DestMailboxOwnerUPN"
        case .destMailboxOwnerSid: return "DestMailboxOwnerSid"
        case .externalAccess: return "ExternalAccess"
        case .originatingServer: return "OriginatingServer"
        case .itemId: return "ItemId"
        case .itemSubject: return "ItemSubject"
        case .cmdlet: return "Cmdlet"
        case .cmdletName: return "CmdletName"
        case .runDate: return "RunDate"
        case .caller: return "Caller"
        case .objectModified: return "ObjectModified"
        case .succeeded: return "Succeeded"
        case .modifiedObjectResolvedName: return "ModifiedObjectResolvedName"
        case .error: return "Error"
        }
    }
}

/// The names of a record's fields, in order, with what lookups need worked out once: exports
/// give nearly every record the same attributes in the same order, so records share layouts.
final class FieldLayout {
    /// The field names in document order.
    let names: [String]
    /// Field positions in canonical order: by name, bytewise (as ``AuditRecord/canonicalBytes`` sorts).
    let canonicalOrder: [Int]
    /// Per ``KnownField``: the first position named exactly so, or -1 (the common answer).
    private let firstExact: [Int]
    /// Per ``KnownField``: the positions named exactly so.
    private let exact: [[Int]]
    /// Per ``KnownField``: the positions named so ignoring ASCII case (exact ones included).
    private let folded: [[Int]]

    init(names: [String]) {
        self.names = names
        canonicalOrder = names.indices.sorted { names[$0].utf8Precedes(names[$1]) }
        exact = KnownField.allCases.map { field in names.indices.filter { names[$0] == field.name } }
        firstExact = exact.map { $0.first ?? -1 }
        folded = KnownField.allCases.map { field in names.indices.filter { names[$0].caseInsensitiveEquals(field.name) } }
    }

    /// Whether `fields` are named exactly as this layout's names, in order.
    func matches(_ fields: [AuditField]) -> Bool {
        guard fields.count == names.count else { return false }
        for i in names.indices where fields[i].name != names[i] { return false }
        return true
    }

    /// The first non-empty value of `field` among `fields` (named as this layout is): a field
    /// named exactly so wins; failing that, one whose name differs only in ASCII case.
    func value(_ field: KnownField, in fields: [AuditField]) -> String? {
        let first = firstExact[field.rawValue]
        if first >= 0, !fields[first].value.isEmpty { return fields[first].value }
        return otherValue(field, in: fields)
    }

    /// ``value(_:in:)`` when the first field named exactly so is absent or empty.
    private func otherValue(_ field: KnownField, in fields: [AuditField]) -> String? {
        for i in exact[field.rawValue] where fields[i].value != "" { return fields[i].value }
        for i in folded[field.rawValue] where fields[i].value != "" { return fields[i].value }
        return nil
    }
}

/// The layouts seen lately, so records named alike share one.
final class FieldLayoutCache {
    private var recent: [FieldLayout] = []
    private static let capacity = 32

    /// The layout for records with these fields' names.
    func layout(for fields: [AuditField]) -> FieldLayout {
        for (i, layout) in recent.enumerated() where layout.matches(fields) {
            if i > 0 { recent.swapAt(i, i - 1) } // keep the common ones in front
            return layout
        }
        let layout = FieldLayout(names: fields.map(\.name))
        if recent.count == Self.capacity { recent.removeLast() }
        recent.append(layout)
        return layout
    }
}

extension String {
    /// Whether this string's UTF-8 bytes precede `other`'s, compared bytewise.
    func utf8Precedes(_ other: String) -> Bool {
        var a = self, b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                if common > 0 {
                    let order = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
    }
}
