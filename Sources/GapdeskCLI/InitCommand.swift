import ArgumentParser
import Foundation
import GapdeskStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty store. The account that creates it is its admin.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        store.startLogging()
        let path = store.path
        do {
            _ = try Store.create(path: path, creator: Account.current())
        } catch {
            throw UserError(error.description)
        }
        print("Created an empty gapdesk store at \(path) (readable and writable by you only). You are its admin.")
    }
}
