import Foundation
import TesseraSDK
import Testing

@testable import MappingPlugin

@Suite struct DropboxMappingTests {
    /// A team_log/get_events response shaped as in Dropbox's API reference.
    static let teamLog = """
        {"events": [
          {"timestamp": "2024-02-05T14:03:11Z", "event_category": {".tag": "file_operations"},
           "actor": {".tag": "user", "user": {".tag": "team_member", "account_id": "dbid:AAH4", "display_name": "Erin Ng", "email": "Erin@agency.example", "team_member_id": "dbmid:FDFSVF"}},
           "origin": {"geo_location": {"city": "Arlington", "region": "Virginia", "country": "US", "ip_address": "203.0.113.77"},
                      "access_method": {".tag": "end_user", "end_user": {".tag": "web", "session_id": "dbwsid:123"}}},
           "involve_non_team_member": false, "context": {".tag": "team_member", "team_member_id": "dbmid:FDFSVF"},
           "assets": [{".tag": "file", "path": {"contextual": "/Cases/2024-17/witness.pdf", "namespace_relative": {"ns_id": "1", "relative_path": "/witness.pdf"}}, "display_name": "witness.pdf", "file_id": "id:abc"}],
           "event_type": {".tag": "file_download", "description": "Downloaded files and/or folders"},
           "details": {".tag": "file_download_details"}},
          {"timestamp": "2024-02-05T14:09:00Z", "event_category": {".tag": "logins"},
           "actor": {".tag": "user", "user": {"email": "mallory@agency.example"}},
           "origin": {"geo_location": {"ip_address": "198.51.100.1"}, "access_method": {".tag": "end_user"}},
           "event_type": {".tag": "login_fail", "description": "Failed to sign in"}, "details": {".tag": "login_fail_details"}}
        ], "cursor": "AAE", "has_more": false}
        """

    @Test func teamLogEventsFromTheAPIReferenceShape() throws {
        #expect(try claimants(fileName: "team_log.json", Array(Self.teamLog.utf8)) == ["dropbox-team-log"])
        let sink = try run(try builtIn("dropbox-team-log"), Self.teamLog)
        #expect(sink.rejects.isEmpty)
        #expect(sink.events.count == 2)
        let download = sink.events[0]
        #expect(download.timestampUs == (try µs("2024-02-05T14:03:11Z")))
        #expect(download.operation == "file_download")
        #expect(download.action == EventAction.download)
        #expect(download.category == EventCategory.file)
        #expect(download.actor == "erin@agency.example")
        #expect(download.actorType == ActorType.user)
        #expect(download.clientIP == "203.0.113.77")
        #expect(download.sessionID == "dbwsid:123")
        #expect(download.resource == "/Cases/2024-17/witness.pdf")
        #expect(download.resourceName == "witness.pdf")
        #expect(download.resourceType == ResourceType.file)
        #expect(download.message == "Downloaded files and/or folders (Erin@agency.example)")
        #expect(download.details["location"] == .string("Arlington, Virginia, US"))
        let failed = sink.events[1]
        #expect(failed.action == EventAction.signInFailed)
        #expect(failed.category == EventCategory.auth)
        #expect(failed.details["location"] == nil)
    }

    /// Columns as Dropbox's help center describes the activity report (Date, Member, Activity,
    /// Content, and IP address in older reports). The report's times carry no zone.
    static let activityCSV = """
        Date,Member,Member email,Activity,Content,IP address,Location
        2024-02-05 09:03:11,Erin Ng,erin@agency.example,Downloaded files and/or folders,/Cases/2024-17/witness.pdf,203.0.113.77,"Arlington, VA, US"
        2024-02-05 09:09:00,Mallory,mallory@agency.example,Failed to sign in,,198.51.100.1,
        """

    @Test func activityReportCSVNeedsASourceZone() throws {
        #expect(try claimants(fileName: "activity.csv", Array(Self.activityCSV.utf8)) == ["dropbox-team-activity-csv"])
        let plugin = try builtIn("dropbox-team-activity-csv")
        let withoutZone = try run(plugin, Self.activityCSV)
        #expect(withoutZone.records.isEmpty)
        #expect(withoutZone.rejects.count == 2)
        #expect(withoutZone.rejects[0].reason.contains("--source-tz"))
        let sink = try run(plugin, Self.activityCSV, zone: TimeZone(identifier: "America/New_York"))
        #expect(sink.rejects.isEmpty)
        #expect(sink.events[0].timestampUs == (try µs("2024-02-05T14:03:11Z")))
        #expect(sink.events[0].action == EventAction.download)
        #expect(sink.events[0].actor == "erin@agency.example")
        #expect(sink.events[0].resourceName == "witness.pdf")
        #expect(sink.events[0].details["location"] == .string("Arlington, VA, US"))
        #expect(sink.events[1].action == EventAction.signInFailed)
        #expect(sink.events[1].resource == nil)
    }
}
