import ArgumentParser
import Foundation
import GapdeskStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty store. The account that creates it is its admin.")

    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("shared-group"), help: ArgumentHelp("Make the store (and its WAL/SHM files) read-write for this group, for a team. Its folder must be group-writable too.", valueName: "group"))
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
                you (\(created.account)) are its admin. Add your team with `gapdesk user add NAME --role manager [--sites "Leeds,York"]`: \
                each gets a login on the server, whose password or certificate the server's administrator sets.
                """)
            return
        }
        let access = sharedGroup.map { "readable and writable by the group \($0)" } ?? "readable and writable by you only"
        Output.say("Created an empty gapdesk store at \(path) (\(access)). You are its admin; add your team with `gapdesk user add NAME --role manager`.")
    }
}
