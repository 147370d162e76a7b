import ArgumentParser
import Foundation
import GapdeskStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty store. The account that creates it is its admin.")

    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("shared-group"), help: ArgumentHelp("Make the store a team's: readable by this group, writable by you and by the accounts you give a role (user add). Its folder must be writable by you only.", valueName: "group"))
    var sharedGroup: String?

    func run() throws {
        store.startLogging()
        let path = store.path
        if store.readOnly { throw UserError("init creates a store, which --read-only forbids; nothing was created.") }
        let created: Store
        do {
            created = try Store.create(path: path, creator: Account.current(), at: store.clock.now, sharedGroup: sharedGroup)
        } catch {
            throw UserError(error.description)
        }
        if created.engineKind == .postgres {
            Output.say("""
                Created an empty gapdesk store in \(created.name). Its roles on the server are \(try created.serverRoles().joined(separator: ", ")); \
                you (\(created.account)) are its admin. Add your team with `gapdesk user add NAME\(store.location.argument(for: path)) --role manager [--sites "Leeds,York"]`: \
                each gets a login on the server, whose password or certificate the server's administrator sets.
                """)
            return
        }
        let access = sharedGroup.map { "readable by the group \($0); writable by you and by those you give a role" } ?? "readable and writable by you only"
        Output.say("Created an empty gapdesk store at \(path) (\(access)). You are its admin; add your team with `gapdesk user add NAME\(store.location.argument(for: path)) --role manager`.")
    }
}
