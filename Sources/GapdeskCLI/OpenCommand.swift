import ArgumentParser
import Foundation
import GapdeskDomain
import GapdeskStore

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the dashboard (the default). Creates the default store on first run.")

    @OptionGroup var store: StoreOptions

    @Flag(name: .customLong("read-only"), help: "Look without being able to change anything.")
    var readOnly = false

    func run() throws {
        store.startLogging()
        let path = store.path
        let isDefault = store.db == nil && ProcessInfo.processInfo.environment["GAPDESK_DB"] == nil
        if isDefault && !FileManager.default.fileExists(atPath: path) {
            do {
                _ = try Store.create(path: path, creator: Account.current())
            } catch {
                throw UserError(error.description)
            }
            FileHandle.standardError.write(Data("Created a new gapdesk store at \(path).\n".utf8))
        }
        let opened = try store.openStore(readOnly: readOnly)
        try Self.runDashboard(store: opened, clock: store.clock, readOnly: readOnly)
    }

    static func runDashboard(store: Store, clock: Clock, readOnly: Bool) throws {
        print("The dashboard is not built yet. Try `gapdesk report queue --db \(store.path)`.")
    }
}
