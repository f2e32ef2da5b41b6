import TesseraSDK

/// Tessera's shared vocabulary as sets, for checking mapping files.
enum Vocabulary {
    static let actions: Set<String> = [
        EventAction.read, EventAction.preview, EventAction.download, EventAction.upload, EventAction.create,
        EventAction.modify, EventAction.rename, EventAction.move, EventAction.copy, EventAction.delete,
        EventAction.list, EventAction.search, EventAction.send, EventAction.share, EventAction.export,
        EventAction.permissionGrant, EventAction.permissionRevoke, EventAction.forwardingRule, EventAction.inboxRule,
        EventAction.passwordReset, EventAction.credentialChange, EventAction.roleChange, EventAction.configChange,
        EventAction.signIn, EventAction.signInFailed, EventAction.sessionStart, EventAction.sessionEnd,
        EventAction.lockboxRequest, EventAction.other,
    ]
}
