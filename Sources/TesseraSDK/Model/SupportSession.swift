/// A window during which vendor personnel worked on a customer's support interaction:
/// one session of a ticket, or the access window of an approved Customer Lockbox request.
///
/// Stored in `support_sessions` with its accounts, IPs and scope in their own tables.
public struct SupportSession: Sendable, Equatable {
    /// What opened the window.
    public enum Kind: String, Sendable {
        /// A session from the vendor's support-interaction log.
        case session
        /// The access window of a Customer Lockbox request.
        case lockbox
    }

    public var interactionID: String
    public var kind: Kind
    public var engineer: String?
    public var engineerName: String?
    /// ISO 3166-1 alpha-2, upper case.
    public var engineerCountry: String?
    public var engineerSite: String?
    public var employer: String?
    public var clearance: String?
    public var tenant: String?
    public var customerClass: String?
    public var startUs: Int64
    public var startRaw: String
    /// Nil when the source gives no end (the correlation engine closes such windows).
    public var endUs: Int64?
    public var endRaw: String?
    public var channel: String?
    public var ticketURL: String?
    public var approval: String?
    /// Status where the source has one (Lockbox: Approved, Denied, ...).
    public var status: String?
    public var summary: String?
    /// Identities used in the customer's environment, as written.
    public var accounts: [String]
    /// IP addresses or CIDR blocks, normalized.
    public var sourceIPs: [String]
    /// Resources the ticket covers, as written.
    public var scope: [String]
    /// Anything else the source said.
    public var details: JSONObject

    public init(interactionID: String, kind: Kind, startUs: Int64, startRaw: String) {
        self.interactionID = interactionID
        self.kind = kind
        self.startUs = startUs
        self.startRaw = startRaw
        self.accounts = []
        self.sourceIPs = []
        self.scope = []
        self.details = JSONObject()
    }
}
