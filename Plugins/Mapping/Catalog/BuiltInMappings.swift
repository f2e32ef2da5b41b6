/// The mapping files shipped inside the binary (embedded at build time from `BuiltIn/`, so
/// nothing is read from disk at run time). A test fails when a file in `BuiltIn/` is not listed here.
enum BuiltInMappings {
    static let files: [(name: String, bytes: [UInt8])] = [
        ("google-drive.yaml", PackageResources.google_drive_yaml),
        ("aws-cloudtrail.yaml", PackageResources.aws_cloudtrail_yaml),
        ("aws-s3-access-log.yaml", PackageResources.aws_s3_access_log_yaml),
        ("azure-storage-analytics.yaml", PackageResources.azure_storage_analytics_yaml),
        ("box-events.yaml", PackageResources.box_events_yaml),
        ("box-events-sentinel.yaml", PackageResources.box_events_sentinel_yaml),
        ("dropbox-team-log.yaml", PackageResources.dropbox_team_log_yaml),
        ("dropbox-team-activity-csv.yaml", PackageResources.dropbox_team_activity_csv_yaml),
    ]
}
