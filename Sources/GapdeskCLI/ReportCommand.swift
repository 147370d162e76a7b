import ArgumentParser
import Foundation
import GapdeskDomain
import GapdeskStore
import GapdeskUI

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a list the dashboard shows, for scripts and pipes.")

    /// A report's name, one of `Reports.all`.
    struct Name: ExpressibleByArgument {
        let spec: ReportSpec
        init?(argument: String) {
            guard let spec = Reports.named(argument) else { return nil }
            self.spec = spec
        }
        static var allValueStrings: [String] { Reports.all.map(\.name) }
    }

    @Argument(help: ArgumentHelp(Reports.all.map { "\($0.name) (\($0.about))" }.joined(separator: ", ") + "."))
    var list: Name

    @OptionGroup var store: StoreOptions

    @Option(help: "table, csv, json (rows carry their ids; gaps carry their contributions a page at a time, --page) or markdown.")
    var format: ReportFormat = .table

    @Option(parsing: .unconditional, help: ArgumentHelp("At most this many rows (0 for all).", valueName: "n"))
    var limit: Int = 100

    @Option(parsing: .unconditional, help: ArgumentHelp("For gaps: rank over the last this many days, today included (default: the ranking.window_days setting); for results: count contacts from this many days (default: results.window_days); for coverage: the last this many days, against as many before (default 30).", valueName: "days"))
    var window: Int?

    @Option(name: .customLong("return-days"), parsing: .unconditional,
            help: ArgumentHelp("For results: a customer returned when they came back within this many days (default: results.return_days).", valueName: "days"))
    var returnDays: Int?

    @Option(help: ArgumentHelp("For results, coverage and review: only this site's (by name or short label).", valueName: "name"))
    var site: String?

    @Option(help: ArgumentHelp("For coverage: site, staff or kind (default: site).", valueName: "group"))
    var by: Coverage.Grouping?

    @Option(help: ArgumentHelp("For audit: entries at or after this time (ISO 8601).", valueName: "time"))
    var since: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("For gaps as JSON: which page of each gap's contributions, 100 a page, newest first (default 1).", valueName: "n"))
    var page: Int = 1

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit is a number of rows, 0 or more (0 for all); \(limit) is not.") }
        if let window, !(1...3650).contains(window) { throw ValidationError("--window is a number of days from 1 to 3650; \(window) is not.") }
        if let returnDays, !(1...3650).contains(returnDays) {
            throw ValidationError("--return-days is a number of days from 1 to 3650; \(returnDays) is not.")
        }
        if let site, site.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--site needs a site's name; it was given an empty one.") }
        if by != nil && list.spec.name != "coverage" { throw ValidationError("--by is for coverage: how its contacts are told (site, staff or kind).") }
        guard list.spec.formats.contains(format) else {
            throw ValidationError("\(list.spec.name) prints as \(list.spec.formats.map(\.rawValue).joined(separator: " or ")), not \(format.rawValue).")
        }
        guard page >= 1 else { throw ValidationError("--page is a page number, 1 or more; \(page) is not.") }
        if let since, Clock.parseInstant(since) == nil {
            throw ValidationError("\"\(since)\" is not a time gapdesk understands; use ISO 8601, e.g. 2026-03-01.")
        }
    }

    func run() throws {
        let opened = try store.openStore(readOnly: true)
        let output: String
        do {
            let settings = try opened.teamSettings()
            let context = PresentationContext(clock: store.clock, glyphs: TerminalLocale.glyphsForOutput(), siteLabels: try opened.siteLabels(),
                                              currency: settings.currency)
            let request = ReportRequest(format: format, rows: limit == 0 ? Int.max : limit, window: window, returnDays: returnDays, site: site,
                                        since: since.flatMap(Clock.parseInstant), page: page, grouping: by, settings: settings,
                                        context: context)
            output = try list.spec.print(opened, request)
        } catch {
            throw UserError(error.description)
        }
        Output.raw(output)  // each format escapes its own cells
    }
}

extension ReportFormat: ExpressibleByArgument {}
extension Coverage.Grouping: ExpressibleByArgument {}
