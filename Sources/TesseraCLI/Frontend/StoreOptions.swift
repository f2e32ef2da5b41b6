import ArgumentParser
import Foundation
import TesseraStore

/// `--store PATH`, shared by every command.
struct StoreOptions: ParsableArguments {
    static let defaultPath = "tessera.db"

    @Option(name: .long, help: ArgumentHelp("The event store file (default: $TESSERA_STORE, else ./\(defaultPath)).", valueName: "PATH"))
    var store: String?

    /// The store path in force: --store, then TESSERA_STORE, then ./tessera.db.
    var path: String {
        if let store { return store }
        if let environment = ProcessInfo.processInfo.environment["TESSERA_STORE"], !environment.isEmpty { return environment }
        return Self.defaultPath
    }

    func open(_ mode: Database.Mode) throws(StoreError) -> EventStore {
        try EventStore(path: path, mode: mode)
    }
}
