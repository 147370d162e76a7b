import ArgumentParser
import Foundation
import GapdeskStore

/// Brings a store made by an older gapdesk to this one's schema (see `Store.upgrade`).
struct UpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Bring a store made by an older gapdesk to this version's schema (admins; on a server, the store's owner).",
        discussion: """
            It says what it will change, keeps a copy of a store file beside it first (SQLite's online backup, made while \
            others go on using the store), then changes it in one transaction: if anything fails, nothing is changed. \
            Other commands refuse an older store and name this one. Afterwards `gapdesk check` checks the store.
            """)

    @OptionGroup var store: StoreOptions

    @Flag(name: .customLong("dry-run"), help: "Only say what the upgrade would change.")
    var dryRun = false

    func run() throws {
        store.startLogging()
        if store.readOnly && !dryRun { throw UserError("upgrade changes the store, which --read-only forbids; nothing was changed (--dry-run only says what it would do).") }
        let path = store.path
        do {
            let plan = try Store.upgradePlan(path: path)
            guard !plan.steps.isEmpty else {
                Output.say("\(plan.store) is at schema \(plan.to), this gapdesk's; there is nothing to upgrade.")
                return
            }
            Output.say("\(plan.store) is at schema \(plan.from); this gapdesk reads \(plan.to). The upgrade:")
            for step in plan.steps { Output.say("  \(step)") }
            Output.say("  then the daily summaries these reshape are counted again from the rows.")
            if dryRun { return }
            let started = Date()
            let (_, copy) = try Store.upgrade(path: path, at: store.clock.now)
            if let copy { Output.say("A copy of the store as it was: \(copy)") }
            Output.say(String(format: "Upgraded to schema \(plan.to) in %.1f s. `gapdesk check` checks the store.", Date().timeIntervalSince(started)))
        } catch {
            Diagnostics.logger.error("upgrade failed: \(error.description)")
            throw UserError(error.description)
        }
    }
}
