import ArgumentParser
import Foundation
import GapdeskStore

/// Moves a site's store into the group's (see `Store.migrate`).
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move a site's store into the group's: everything it holds, merged by site and customer; safe to rerun (admins).",
        discussion: """
            Sites merge by name and customers by phone, email or name at the site; responses, contacts, calls, fixes, \
            follow-ups, users, settings and the audit come along, each once however often it runs. The counts per table \
            are checked (every row of the site's store has its row in the group's) and printed. The site's store is only read.
            """)

    @Option(help: ArgumentHelp("The site's store file.", valueName: "path"))
    var from: String

    @Option(help: ArgumentHelp("The group's store: a postgresql:// address or key=value string (or another store file).", valueName: "store"))
    var to: String

    @OptionGroup var store: StoreOptions

    func run() throws {
        if store.readOnly { throw UserError("migrate writes to the group's store, which --read-only forbids; nothing was moved.") }
        let source = try store.openStore(at: from, readOnly: true)
        let target = try store.openStore(at: to)
        let counts: [MigrationCount]
        do {
            counts = try target.migrate(from: source, by: target.account, at: store.clock.now)
        } catch let error as CustomStringConvertible & Error {
            throw UserError(error.description)
        }
        let rows = [["table", "rows", "added", "already there", "checked"]]
            + counts.map { [$0.table, String($0.source), String($0.added), String($0.alreadyThere), $0.checked ? "yes" : "NO"] }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { column, text in
                let pad = String(repeating: " ", count: widths[column] - text.count)
                return column == 0 ? text + pad : pad + text
            }
            Output.raw(cells.joined(separator: "  ") + "\n")
        }
        let added = counts.reduce(0) { $0 + $1.added }
        guard counts.allSatisfy(\.checked) else { throw UserError("Some rows of \(from) have no row in \(target.name); see the table above.") }
        Output.say("Moved \(from) into \(target.name): \(added) rows added, every row checked; the summaries were recounted.")
    }
}
