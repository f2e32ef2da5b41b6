/// The field names of the support-interaction log contract.
enum SupportFields {
    static let required: Set<String> = ["interaction_id", "engineer", "start"]
    static let known: [String] = [
        "interaction_id", "engineer", "start", "end", "engineer_name", "engineer_country", "engineer_site",
        "employer", "clearance", "tenant", "customer_class", "accounts", "source_ips", "scope", "channel",
        "ticket_url", "approval", "summary",
    ]
}
