import ArgumentParser
import Foundation
import GapdeskDomain
import GapdeskStore
import GapdeskUI

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a list the dashboard shows, for scripts and pipes.")

    enum List: String, ExpressibleByArgument, CaseIterable {
        case queue
        case lowRated = "low-rated"
        case gaps
        case audit
        case pressure
        case results
        case followups
    }

    @Argument(help: ArgumentHelp("queue (open calls, overdue first), low-rated (newest critical feedback), gaps (ranked root causes), pressure (staff or sites pushing for top scores), results (did callbacks keep customers: returns by what the call came to and how soon), followups (customers to tell their gap is fixed) or audit (who changed what)."))
    var list: List

    @OptionGroup var store: StoreOptions

    @Option(help: "table, csv, json (rows carry their ids; gaps carry their contributions a page at a time, --page) or markdown.")
    var format: ReportFormat = .table

    @Option(parsing: .unconditional, help: ArgumentHelp("At most this many rows (0 for all).", valueName: "n"))
    var limit: Int = 100

    @Option(parsing: .unconditional, help: ArgumentHelp("For gaps: rank over the last this many days, today included (default: the ranking.window_days setting); for results: count contacts from this many days (default: results.window_days).", valueName: "days"))
    var window: Int?

    @Option(name: .customLong("return-days"), parsing: .unconditional,
            help: ArgumentHelp("For results: a customer returned when they came back within this many days (default: results.return_days).", valueName: "days"))
    var returnDays: Int?

    @Option(help: ArgumentHelp("For results: only this site's responses.", valueName: "name"))
    var site: String?

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
        guard page >= 1 else { throw ValidationError("--page is a page number, 1 or more; \(page) is not.") }
        if let since, Clock.parseInstant(since) == nil {
            throw ValidationError("\"\(since)\" is not a time gapdesk understands; use ISO 8601, e.g. 2026-03-01.")
        }
    }

    func run() throws {
        let opened = try store.openStore(readOnly: true)
        let clock = store.clock
        let rows = limit == 0 ? Int.max : limit
        let output: String
        do {
            let settings = try opened.teamSettings()
            let context = PresentationContext(clock: clock, glyphs: TerminalLocale.glyphsForOutput(), siteLabels: try opened.siteLabels(),
                                              currency: settings.currency)
            switch list {
            case .queue:
                let figures = try opened.loopFigures(clock: clock)
                let queue = try opened.queue(limit: rows)
                output = (format == .table ? "\(figures.overdue) overdue, \(figures.dueToday) due later today, \(queue.count) shown\n" : "")
                    + format.render(queue, layout: ListLayouts.queue, context: context)
            case .lowRated:
                output = format.render(try opened.lowRated(limit: rows), layout: ListLayouts.lowRated, context: context)
            case .gaps:
                var layout = ListLayouts.gaps
                let gaps: [GapRow]
                if format == .markdown {
                    let breakdowns = try opened.gapBreakdowns(now: clock.now, windowDays: window, count: rows)
                    Output.raw(MeetingReport.markdown(breakdowns, team: settings.teamName, windowDays: window ?? settings.rankingWindowDays,
                                                      context: context) + AuditHeadText.line(try opened.auditHead(), markdown: true))
                    return
                }
                if format == .json {
                    // Every figure traced to its rows: each response's factors and contribution, a page at a time.
                    let breakdowns = try opened.gapBreakdowns(now: clock.now, windowDays: window, count: rows, page: page - 1)
                    gaps = breakdowns.map(\.row)
                    var traced: [Int64: [(String, JSONValue)]] = [:]
                    for breakdown in breakdowns {
                        traced[breakdown.row.causeId] = [("guarantee_points", .number(breakdown.guaranteePoints)),
                                                         ("contributions_page", .integer(Int64(page))), ("contributions_pages", .integer(Int64(breakdown.pages))),
                                                         ("contributions_count", .integer(Int64(breakdown.count))),
                                                         ("contributions_elsewhere_sum", .number(breakdown.otherSum)),
                                                         ("contributions", .objects(breakdown.lines.map { line in
                            let c = line.contribution
                            return [("response_id", .integer(c.responseId)), ("received_at", .string(Clock.formatInstant(line.receivedAt))),
                                    ("shortfall", .number(c.shortfall)), ("recency", .number(c.recency)), ("value_weight", .number(c.value)),
                                    ("share", .number(c.share)), ("contribution", .number(c.amount))]
                        }))]
                    }
                    let base = layout.extras, figures = traced
                    layout.extras = { row in base(row) + (figures[row.causeId] ?? []) }
                } else {
                    gaps = Array(try opened.gaps(now: clock.now, windowDays: window).prefix(rows))
                }
                output = format.render(gaps, layout: layout, context: context)
            case .pressure:
                let signals = try opened.pressureSignals(now: clock.now, windowDays: window)
                let rows = signals.staff.map { (kind: "staff", signal: $0) } + signals.sites.map { (kind: "site", signal: $0) }
                let note = format == .table || format == .markdown ? ListLayouts.pressureExplanation + "\n" : ""
                output = note + (rows.isEmpty && format == .table ? "No pressure signals.\n" : format.render(rows, layout: ListLayouts.pressure, context: context))
            case .results:
                let report = try opened.results(now: clock.now, windowDays: window, returnDays: returnDays, site: site)
                output = ResultsText.render(report, format: format, context: context)
            case .followups:
                output = format.render(try opened.followups(done: true, limit: rows), layout: ListLayouts.followups, context: context)
            case .audit:
                let entries = try opened.auditEntries(since: since.flatMap(Clock.parseInstant), limit: rows)
                output = format.render(entries, layout: ListLayouts.audit, context: context)
                    + (format == .table || format == .markdown ? AuditHeadText.line(try opened.auditHead(), markdown: format == .markdown) : "")
            }
        } catch {
            throw UserError(error.description)
        }
        Output.raw(output)  // each format escapes its own cells
    }
}

extension ReportFormat: ExpressibleByArgument {}
