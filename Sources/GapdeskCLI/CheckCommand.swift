import ArgumentParser
import Foundation
import GapdeskStore

/// The store's own fsck (see `Store.check`).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the store, reading only: its integrity, its schema, every daily figure against a count from the rows, the audit's chain.",
        discussion: """
            Exit status: 0 when everything holds, 1 when something does not (each problem is named: the figure and the row \
            that differ, the first audit entry that does not follow), 2 when the store could not be checked. For cron: \
            `gapdesk check --db team.sqlite || mail -s "gapdesk check" admin`. On a server it needs a login that sees every site.
            """)

    @OptionGroup var store: StoreOptions

    func run() throws {
        let report: CheckReport
        do {
            report = try store.openStore(readOnly: true).check()
        } catch {
            Output.warn("gapdesk check: \(error)")
            throw ExitCode(2)
        }
        Output.say("Checking \(report.store) (store schema \(report.version)):")
        let width = report.parts.map(\.name.count).max() ?? 0
        for part in report.parts {
            let name = part.name.padding(toLength: width, withPad: " ", startingAt: 0)
            Output.say("  \(name)  \(part.problems.isEmpty ? "ok" : "FAILED"): \(part.checked) (" + String(format: "%.1f s", part.seconds) + ")")
            for problem in part.problems { Output.say("  \(String(repeating: " ", count: width))    - \(problem)") }
        }
        if let head = report.auditHead { Output.say("  audit head: entry \(head.entry), \(head.chain.prefix(12))") }
        Output.say(String(format: "%@ in %.1f s.", report.passed ? "Passed" : "FAILED", report.seconds))
        if !report.passed { throw ExitCode(1) }
    }
}
