extension Policy {
    /// The shipped default policy, as printed by `tessera correlate --print-default-policy`.
    /// Copy it, edit it, and pass it back with `--policy FILE`.
    public static let defaultText = """
        # Tessera correlation policy (YAML; a JSON file with the same keys works too).
        # docs/policy.md describes every key. Unknown keys are errors, so a typo cannot
        # silently switch a check off.
        version: 1

        windows:
          # Added before each session's start and after its end, for clock skew between the
          # support log and the tenant's audit logs. `--slack` overrides it.
          slack_minutes: 15
          # A session without an end closes at its ticket's next session, or this many hours
          # after its start when there is none (a warning says which sessions).
          max_open_session_hours: 8
          # An approved Customer Lockbox request without `duration_hours` is open this long.
          lockbox_default_hours: 4

        # Where personnel may be (ISO 3166-1 alpha-2, empty = anywhere) and which clearance
        # they need (any one of the values, compared case-insensitively; empty = none), per
        # customer class as recorded in the support log. `default` applies to sessions whose
        # class is missing or not listed here.
        customer_classes:
          default:
            allowed_countries: []
            required_clearance: []
          government:
            allowed_countries: [US]
            required_clearance: [cleared, secret, top secret, ts/sci]
          eu_data_boundary:
            allowed_countries: [AT, BE, BG, CY, CZ, DE, DK, EE, ES, FI, FR, GR, HR, HU, IE, IT, LT, LU, LV, MT,
                                NL, PL, PT, RO, SE, SI, SK, IS, LI, NO, CH]
            required_clearance: []

        # Normalized actions (events.action) the privileged-operation rule reports.
        privileged_actions:
          - permission_grant
          - forwarding_rule
          - inbox_rule
          - password_reset
          - credential_change
          - role_change

        # The most distinct resources of one type (events.resource_type) one interaction may
        # touch; one more fires the bulk-access rule.
        bulk_thresholds:
          mail_item: 100
          file: 50

        scope:
          # Report attributed events on resources outside the ticket's declared scope
          # (interactions that declare no scope are not checked).
          enforce: true
          # What a ticket scoped `admin:<area>` (e.g. `admin:transport-rules`) may do: an event is
          # in that scope when its operation (events.operation, compared case-insensitively; `*`
          # matches any text), its normalized action (events.action) or its resource type
          # (events.resource_type) is listed under the area.
          # A policy file's admin_areas add to this table; an area named again gains the entries.
          admin_areas:
            transport-rules:
              operations: ["*-TransportRule", "*-TransportRuleAction", "*-TransportRulePredicate", "*-JournalRule",
                           "Set-TransportConfig"]
            user-accounts:
              operations: ["Add user.", "Update user.", "Delete user.", "Hard delete user.", "Restore user.",
                           "Reset user password.", "Change user password.", "Set force change user password.",
                           "Reset password (by admin)", "Change user license.", "Disable account.", "Enable account.",
                           "*-User", "*-MailUser", "*-MsolUser", "Set-MsolUserPassword", "*-MgUser", "*-AzureADUser"]
              actions: [password_reset]
            mailbox-permissions:
              operations: ["*-MailboxPermission", "*-RecipientPermission", "*-MailboxFolderPermission", "*-ADPermission",
                           "AddFolderPermissions", "ModifyFolderPermissions", "RemoveFolderPermissions",
                           "UpdateFolderPermissions", "UpdateCalendarDelegation"]
            forwarding:
              operations: ["*-InboxRule", "UpdateInboxRules"]
              actions: [forwarding_rule, inbox_rule]
            roles:
              operations: ["Add member to role.", "Remove member from role.", "Add eligible member to role.",
                           "Remove eligible member from role.", "Add scoped member to role.", "*-RoleGroup",
                           "*-RoleGroupMember", "*-ManagementRoleAssignment", "*-ManagementRole", "*-ManagementRoleEntry",
                           "*-ManagementScope", "*-MsolRoleMember"]
              actions: [role_change]
            network:
              operations: ["*-InboundConnector", "*-OutboundConnector", "*-ReceiveConnector", "*-SendConnector",
                           "*-HostedConnectionFilterPolicy", "Add named location", "Update named location",
                           "Delete named location", "Microsoft.Network/*", "AuthorizeSecurityGroup*", "RevokeSecurityGroup*",
                           "*SecurityGroup", "*NetworkAcl*"]
              resource_types: [network-config]
            credentials:
              operations: ["Add service principal credentials.", "Remove service principal credentials.",
                           "Update application*Certificates and secrets management*", "*-AuthServer", "*-PartnerApplication",
                           "*-ExchangeCertificate", "*-AuthConfig", "*-ServicePrincipal", "*-ApplicationAccessPolicy",
                           "CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey", "CreateLoginProfile", "UpdateLoginProfile"]
              actions: [credential_change]
              resource_types: [credential]

        identities:
          # Events of these actor types count as support access even when the actor is not a
          # known support account (one of: support_engineer, microsoft_datacenter,
          # microsoft_operator, partner_technician).
          support_actor_types: [support_engineer, microsoft_datacenter, microsoft_operator, partner_technician]
          # Events of these actor types inside an approved Lockbox request's window are
          # attributed to that request.
          lockbox_actor_types: [microsoft_operator, microsoft_datacenter]

        # Each rule can be switched off or given another severity (high, medium, low).
        rules:
          personnel-location-not-allowed: {enabled: true, severity: high}
          clearance-missing: {enabled: true, severity: high}
          access-outside-window: {enabled: true, severity: high}
          resource-outside-scope: {enabled: true, severity: medium}
          privileged-operation: {enabled: true, severity: high}
          bulk-access: {enabled: true, severity: medium}
          location-mismatch: {enabled: true, severity: medium}
          unlisted-identity-from-session-ip: {enabled: true, severity: medium}
          # Azure and Entra ID evidence (events.resource_type credential / network-config / role).
          credential-access: {enabled: true, severity: high}
          network-config-change: {enabled: true, severity: high}
          role-escalation: {enabled: true, severity: high}

        """
}
