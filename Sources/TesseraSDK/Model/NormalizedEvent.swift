/// One normalized event: the unit every plugin emits and every later stage reads.
///
/// Field names mirror the `events` table (see `docs/schema.md`), which is a public contract.
/// Times are UTC microseconds since the Unix epoch; the source's own text is kept in
/// ``timestampRaw`` so every figure can be traced back to the evidence.
public struct NormalizedEvent: Sendable, Equatable {
    /// UTC microseconds since 1970-01-01T00:00:00Z.
    public var timestampUs: Int64
    /// The timestamp exactly as the evidence wrote it.
    public var timestampRaw: String
    /// What the timestamp means, in plaso's sense ("Last Accessed", "Session Start", ...).
    public var timestampDescription: String
    /// Broad class: `support`, `mail`, `file`, `admin`, `auth`, ... (see `EventCategory`).
    public var category: String
    /// The source's own operation name, verbatim (`MailItemsAccessed`, `FileDownloaded`, ...).
    public var operation: String
    /// Tessera's normalized action (`read`, `download`, `session_start`, ...).
    public var action: String
    /// `success`, `failure`, or nil when the source does not say.
    public var outcome: String?
    /// The canonical actor (see ``IdentityCanonicalizer``).
    public var actor: String?
    /// The actor exactly as the source wrote it.
    public var actorRaw: String?
    /// What kind of actor: `user`, `admin`, `delegate`, `support_engineer`, `microsoft_datacenter`, ...
    public var actorType: String?
    /// Normalized client IP (port stripped, IPv6 compressed).
    public var clientIP: String?
    public var userAgent: String?
    public var tenant: String?
    /// `mailbox`, `mail_item`, `mail_folder`, `file`, `site`, `admin_object`, `azure_resource`, ...
    public var resourceType: String?
    /// A stable identifier of the resource (URL, mailbox UPN + item id, object id, ...).
    public var resource: String?
    /// A human-readable name of the resource (file name, mail subject, ...).
    public var resourceName: String?
    /// Session or interaction identifier where the source has one.
    public var sessionID: String?
    /// The source's own record id.
    public var recordID: String?
    /// One line of human-readable text. Newlines are replaced when stored.
    public var message: String
    /// Format-specific fields, stored as JSON.
    public var details: JSONObject

    public init(
        timestampUs: Int64, timestampRaw: String, timestampDescription: String,
        category: String, operation: String, action: String, outcome: String? = nil,
        actor: String? = nil, actorRaw: String? = nil, actorType: String? = nil,
        clientIP: String? = nil, userAgent: String? = nil, tenant: String? = nil,
        resourceType: String? = nil, resource: String? = nil, resourceName: String? = nil,
        sessionID: String? = nil, recordID: String? = nil, message: String,
        details: JSONObject = JSONObject()
    ) {
        self.timestampUs = timestampUs
        self.timestampRaw = timestampRaw
        self.timestampDescription = timestampDescription
        self.category = category
        self.operation = operation
        self.action = action
        self.outcome = outcome
        self.actor = actor
        self.actorRaw = actorRaw
        self.actorType = actorType
        self.clientIP = clientIP
        self.userAgent = userAgent
        self.tenant = tenant
        self.resourceType = resourceType
        self.resource = resource
        self.resourceName = resourceName
        self.sessionID = sessionID
        self.recordID = recordID
        self.message = message
        self.details = details
    }
}

/// The categories Tessera uses in `events.category`. Plugins may use others; these are the shared ones.
public enum EventCategory {
    public static let support = "support"
    public static let mail = "mail"
    public static let file = "file"
    public static let admin = "admin"
    public static let auth = "auth"
    public static let other = "other"
}
