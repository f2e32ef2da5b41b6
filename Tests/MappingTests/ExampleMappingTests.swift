import Foundation
import TesseraSDK
import Testing

@testable import MappingPlugin

/// The example mappings in docs/formats/examples compile and do what their comments say on a
/// header they are written for. (Their column names are not verified against real exports.)
@Suite struct ExampleMappingTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/formats/examples")

    @Test func everyExampleCompilesAndNoneCollidesWithABuiltIn() throws {
        let examples = try MappingCatalog.all(files: [], directories: [Self.directory.path])
        #expect(examples.count == (try MappingCatalog.builtIn().count) + 2)
    }

    @Test func boxUserActivityExampleReadsLocalTimesInTheSourceZone() throws {
        let plugin = try MappingCatalog.loadFile(Self.directory.appendingPathComponent("box-user-activity-csv.yaml").path)
        let csv =
            "Date,User Name,Login,Action,Item Name,Item ID,Folder,IP Address,Details\n3/4/2024 8:15:00 AM,Dana Ray,dana@agency.example,Downloaded,plan.pdf,99,Cases,192.0.2.10,\n"
        #expect(plugin.detect(SniffedHead(fileName: "user_activity_run_on_2024-03-05.csv", bytes: Array(csv.utf8))) != nil)
        let sink = try run(plugin, csv, zone: TimeZone(identifier: "America/Chicago"))
        #expect(sink.events.first?.timestampUs == (try µs("2024-03-04T14:15:00Z")))
        #expect(sink.events.first?.action == EventAction.download)
        #expect(sink.events.first?.resource == "box:file/99")
    }

    @Test func googleDriveAdminCSVExample() throws {
        let plugin = try MappingCatalog.loadFile(Self.directory.appendingPathComponent("google-drive-admin-csv.yaml").path)
        let csv =
            "Title,Event,Actor,Date,Document ID,Document type,Owner,Visibility,IP address\nBudget,Download,ann@agency.example,2024-03-04T08:15:00Z,1AbC,Spreadsheet,ann@agency.example,Private,192.0.2.11\n"
        let sink = try run(plugin, csv)
        #expect(sink.rejects.isEmpty)
        #expect(sink.events.first?.action == EventAction.download)
        #expect(sink.events.first?.resource == "https://drive.google.com/open?id=1AbC")
    }
}
