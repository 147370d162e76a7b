import Foundation
import GapdeskDomain
@testable import GapdeskStore
import Testing
@testable import GapdeskUI

/// What `gapdesk report` prints reads as the dashboard does: the same marks,
/// kinds in words, the audit in sentences; JSON keeps its codes.
@Suite struct ReportTests {
    func demo() throws -> (Harness, PresentationContext) {
        let h = try Harness(demo: 1_500) { store in
            try store.changeSetting("team.name", to: "Northgate Motors", by: "manager1", at: Harness.now)
            try store.changeSetting("team.currency", to: "£", by: "manager1", at: Harness.now)
        }
        return (h, h.state.context)
    }

    /// "Rising" is the ▲ test's word alone; a plain comparison of two months says more or fewer.
    @Test func risingIsOnlyTheTestsWord() throws {
        let (h, context) = try demo()
        let breakdowns = try h.store.gapBreakdowns(now: Harness.now)
        let grown = try #require(breakdowns.first { $0.row.count30d > $0.row.countPrevious30d && $0.row.mark != .rising })
        let trend = try #require(GapFacts.facts(grown, context: context).first { $0.label == "Trend" })
        #expect(trend.value.hasSuffix(": more than the 30 before") && !trend.value.contains("rising"), "\(trend.value)")
        for breakdown in breakdowns {
            let facts = GapFacts.facts(breakdown, context: context)
            #expect(facts.contains { $0.value.contains("rising") || $0.label == "Rising" } == (breakdown.row.warning), "\(breakdown.row.name)")
        }
    }

    /// `gapdesk report`'s lists come from the pane table: each pane that has a
    /// report prints the rows its pane shows, in the pane's order.
    @Test func eachPanesReportPrintsWhatThePaneShows() throws {
        let (h, context) = try demo()
        #expect(try h.store.createDueFollowups(by: h.account, at: Harness.now, evenIfOff: true) > 0, "customers to tell")
        let reported = Panes.all.filter { $0.report != nil }
        #expect(reported.map(\.pane) == Panes.all.map(\.pane), "every pane has a report")
        #expect(Array(Reports.all.map(\.name).prefix(reported.count)) == reported.compactMap(\.report?.name), "panes first, in tab order")
        let settings = try h.store.teamSettings()
        for pane in reported {
            let report = try #require(pane.report)
            let printed = try #require(Reports.named(report.name)).print(h.store, ReportRequest(format: .json, rows: 40, settings: settings,
                                                                                                context: context))
            // A list, or a report whose lines are a list (coverage).
            let json = try JSONSerialization.jsonObject(with: Data(printed.utf8))
            let rows = try #require(json as? [[String: Any]] ?? (json as? [String: Any])?["lines"] as? [[String: Any]], "\(report.name)")
            let shown = try pane.load(h.store, PaneQuery(filter: ListFilter(), sort: 0, view: report.view, offset: 0, limit: 40, now: Harness.now)).rows
            #expect(!shown.isEmpty, "\(report.name) has rows")
            // Told apart by their ids, or where a list has none (coverage's groups, the team's people), by their first column.
            if let key = shown.first.flatMap({ pane.layout.ids($0).first?.0 }) {
                #expect(rows.map { $0[key] as? Int64 } == shown.map { pane.layout.ids($0)[0].1 }, "\(report.name): the pane's rows, in its order")
            } else {
                let name = pane.layout.columns[0]
                #expect(rows.map { $0[name.key] as? String } == shown.map { name.text($0, context) }, "\(report.name): the pane's rows, in its order")
            }
        }
    }

    /// A table's titles are several words each: two spaces between columns tell
    /// where one ends, and each figure ends under its title's end.
    @Test func aTablesColumnsStandApartAndLineUp() throws {
        let (h, context) = try demo()
        let text = ResultsText.render(try h.store.results(now: Harness.now), format: .table, context: context)
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.contains("What the call came to") })
        #expect(header.contains("What the call came to  Responses  Returned  Rate  95% interval  vs not called (points)"), "\(header)")
        let thanked = try #require(lines.first { $0.hasPrefix("  thanked ") })
        let titleEnd = try #require(header.range(of: "Responses")).upperBound.utf16Offset(in: header)
        let figure = try #require(thanked.range(of: #"\d+"#, options: .regularExpression))
        #expect(figure.upperBound.utf16Offset(in: thanked) == titleEnd, "\(header)\n\(thanked)")
    }

    /// The gaps' table mixes windows (the ranking's, the last 30 days): its legend names each column's.
    @Test func theGapsTableNamesEachColumnsWindow() throws {
        let (h, context) = try demo()
        let spec = try #require(Reports.named("gaps"))
        let settings = try h.store.teamSettings()
        let table = try spec.print(h.store, ReportRequest(format: .table, rows: 5, window: 60, settings: settings, context: context))
        #expect(table.contains("Columns: RoS over the last 60 days (the ranking window); 30d: responses tagged in the last 30 days"), "\(table)")
        #expect(table.contains("Cust: customers behind them in the last 30 days; At risk: "))
        let csv = try spec.print(h.store, ReportRequest(format: .csv, rows: 5, settings: settings, context: context))
        #expect(!csv.contains("Columns:"), "a program's formats carry rows only")
    }

    @Test func theMeetingReportIsADocument() throws {
        let (h, context) = try demo()
        let breakdowns = try h.store.gapBreakdowns(now: Harness.now)
        let text = MeetingReport.markdown(breakdowns, team: "Northgate Motors", windowDays: 90, signals: [], context: context)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "# Gaps to close: Northgate Motors")
        #expect(lines[2].hasPrefix("Monday 2 March 2026") && lines[2].hasSuffix("ranked over the last 90 days"))
        #expect(text.contains(MeetingReport.whatRoSIs))
        // Marks kept on their rows, and explained.
        let rising = try #require(breakdowns.first { $0.row.mark == .rising }?.row)
        #expect(lines.contains { $0.hasPrefix("| ▲ | \(rising.rank) |") })
        #expect(text.contains("**Marks:** ▲ \(Mark.rising.meaning)"))
        #expect(text.contains("RoS over the last 90 days") && text.contains("Cust: customers behind them in the last 30 days"), "every column's window")
        // Kinds in words, owners and fixes.
        let first = breakdowns[0].row
        #expect(lines.contains { $0.contains("| \(first.kind!.label) | \(first.name) |") && $0.contains("| \(first.verdict.label) |") })
        #expect(text.contains("promises: promises against delivery"))
        #expect(text.contains("£"), "money in the team's currency")
        // The top three, each in facts.
        let sections = lines.filter { $0.hasPrefix("### ") }
        #expect(sections == breakdowns.prefix(3).map { "### \($0.row.rank). \($0.row.name)" })
        #expect(text.contains("- **Behind it:** ") && text.contains("- **Fix:** "))
    }

    /// The meeting document names the scores in doubt, each with its own mark: pushing for top scores, choosing whom to
    /// ask, a phone given for several customers.
    @Test func theMeetingDocumentNamesScoresInDoubt() throws {
        let (h, context) = try demo()
        let signals = try ScoreSignal.read(h.store, now: Harness.now)
        let text = MeetingReport.markdown(try h.store.gapBreakdowns(now: Harness.now), team: "Northgate Motors", windowDays: 90, signals: signals,
                                          context: context)
        #expect(text.contains("## Scores in doubt"))
        #expect(text.contains("- ◆ Tom Fairweather (Northgate Leeds Service): "), "\(text)")
        #expect(text.contains("- ◐ Ruth Cole (Northgate York Service): ") && text.contains("contacts rated"), "\(text)")
        #expect(text.contains("- ◇ Declan Murphy (Northgate Dublin Service): one phone, 087 555 0142, was given for 11 different customers ("),
                "\(text)")
        let none = MeetingReport.markdown([], team: "T", windowDays: 90, signals: [], context: context)
        #expect(none.contains("## Scores in doubt\n\nNone: nobody seems to push for top scores, to choose whom to ask, or to give one phone "
                              + "or email for several customers."), "\(none)")
    }

    /// The weekly review reads as an agenda: its sections in order, each in sentences, the figures the lists and panes hold.
    @Test func theWeeklyReviewReadsAsAnAgenda() throws {
        let (h, context) = try demo()
        let settings = try h.store.teamSettings()
        let spec = try #require(Reports.named("review"))
        let text = try spec.print(h.store, ReportRequest(format: .markdown, rows: 100, settings: settings, context: context))
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("#") }.map(String.init)
        #expect(headings == ["# Review: Northgate Motors", "## What came in", "## What was done", "## Gaps rising and recurred", "## Fixes by owner",
                             "## What is late, and whose", "## Results"], "\(text)")
        let week = try h.store.weekFigures(now: Harness.now)
        #expect(text.contains("- \(week.responses) responses, \(week.critical) of them critical"), "\(text)")
        let team = try h.store.team(now: Harness.now, windowDays: 7)
        for line in team.lines where line.overdueNow > 0 { #expect(text.contains("- \(line.account): \(line.overdueNow) call"), "\(line.account)") }
        let rising = try #require(try h.store.gaps(now: Harness.now).first { $0.mark == .rising })
        #expect(text.contains("- ▲ #\(rising.rank) \(rising.name): rising"), "\(text)")
        for owned in try h.store.ownedFixes(in: try h.store.gaps(now: Harness.now), now: Harness.now) { #expect(text.contains(owned.gap.name + " ("), "\(owned.gap.name)") }
        #expect(spec.formats == [.markdown, .table], "a document for people")
    }

    /// `--site`: the review of one site, every figure of its own but the gaps, which are the team's ranking and say so.
    @Test func theWeeklyReviewOfOneSiteCountsThatSiteAlone() throws {
        let (h, context) = try demo()
        let settings = try h.store.teamSettings()
        let spec = try #require(Reports.named("review"))
        let text = try spec.print(h.store, ReportRequest(format: .markdown, rows: 100, site: "york", settings: settings, context: context))
        #expect(text.hasPrefix("# Review: Northgate Motors, Northgate York Service\n"), "\(text)")
        _ = try h.store.addUser("yo", role: .manager, sites: ["Northgate York Service"], by: "manager1", at: Harness.now)
        let york = h.store.seen(by: "yo")
        let week = try york.weekFigures(now: Harness.now)
        let whole = try h.store.weekFigures(now: Harness.now)
        #expect(week.responses < whole.responses)
        #expect(text.contains("- \(week.responses) responses, \(week.critical) of them critical"), "\(text)")
        let team = try york.team(now: Harness.now, windowDays: 7)
        for line in team.lines where line.made > 0 { #expect(text.contains("- \(line.account): \(line.made) made, "), "\(line.account)\n\(text)") }
        #expect(text.contains("## Gaps rising and recurred\n\nThe team's ranking, across every site."), "\(text)")
        #expect(throws: StoreError.self) { try spec.print(h.store, ReportRequest(format: .markdown, rows: 100, site: "Atlantis", settings: settings,
                                                                                   context: context)) }
        // A login limited to York reviews no other site.
        #expect(throws: StoreError.self) { try spec.print(york, ReportRequest(format: .markdown, rows: 100, site: "Leeds", settings: settings,
                                                                               context: context)) }
    }

    @Test func aMeetingReportEscapesWhatMarkdownWouldRead() {
        #expect(ReportFormat.markdownCell("a|b *c* _d_ [e](f) <g>") == "a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\>")
    }

    @Test func theAuditReadsInWordsAndItsJSONKeepsCodes() throws {
        let (h, context) = try demo()
        let call = try #require(try h.store.queue(limit: 1).first)
        _ = try h.store.recordCall(callbackId: call.callbackId, CallRecord(outcome: .thanked), by: h.account, at: Harness.now)
        let entries = try h.store.auditEntries(since: Harness.now, limit: 10)
        let table = ReportFormat.table.render(entries, layout: ListLayouts.audit, context: context)
        #expect(table.contains("recorded a call: thanked"))
        #expect(!table.contains("call.record"))
        let json = ReportFormat.json.render(entries, layout: ListLayouts.audit, context: context)
        #expect(json.contains("\"action\": \"call.record\""))
    }

    @Test func pressureIsMarkedAsOnTheDashboard() throws {
        let h = try Harness(demo: 3_000)
        let list = try h.store.pressureSignals(now: Harness.now)
        let rows = list.staff.map { ScoreSignal(kind: "staff", $0) }
        #expect(!rows.isEmpty)
        let table = ReportFormat.table.render(rows, layout: ListLayouts.pressure, context: h.state.context)
        let marked = table.split(separator: "\n").filter { $0.hasPrefix(Mark.pressure.symbol(.unicode)) }
        #expect(marked.count == rows.count, "every signal carries the dashboard's mark:\n\(table)")
    }

    /// A phone given for several customers is a score in doubt like the others: its own mark, its ASCII form, the
    /// customers it was given for, and "-" (JSON null) for what it does not measure.
    @Test func aSharedPhoneIsListedWithTheOtherSignals() throws {
        let h = try Harness(demo: 3_000)
        let rows = try ScoreSignal.read(h.store, now: Harness.now)
        let shared = try #require(rows.first { $0.mark == .shared }, "\(rows.map(\.name))")
        #expect(shared.kind == "staff" && shared.name == "Declan Murphy (Northgate Dublin Service)")
        #expect(rows.filter { $0.mark == .shared }.count == 1, "the demo's only borrowed phone")
        let table = ReportFormat.table.render(rows, layout: ListLayouts.pressure, context: h.state.context)
        let line = try #require(table.split(separator: "\n").first { $0.hasPrefix("◇ ") }, "\(table)")
        #expect(line.contains("Declan Murphy") && line.contains("less than 1 time in 1,000"), "\(line)")
        var ascii = h.state.context
        ascii.glyphs = .ascii
        #expect(ReportFormat.table.render(rows, layout: ListLayouts.pressure, context: ascii).contains("\n@ staff  Declan Murphy"), "\(table)")
        let json = ReportFormat.json.render(rows, layout: ListLayouts.pressure, context: h.state.context)
        #expect(json.contains("\"signal\": \"shared\"") && json.contains("\"detail\": \"087 555 0142\"") && json.contains("\"customers\": ["),
                "\(json)")
        #expect(json.contains("\"responses\": null") && json.contains("\"z\": null"), "what a shared phone does not measure is null")
        // For people, each signal's sentence follows the table: the phone and its customers are there.
        let spec = try #require(Reports.named("pressure"))
        let printed = try spec.print(h.store, ReportRequest(format: .table, rows: 100, settings: try h.store.teamSettings(), context: h.state.context))
        #expect(printed.contains("\n◇ Declan Murphy (Northgate Dublin Service): one phone, 087 555 0142, was given for 11 different customers ("),
                "\(printed)")
        let document = try spec.print(h.store, ReportRequest(format: .markdown, rows: 100, settings: try h.store.teamSettings(), context: h.state.context))
        #expect(document.contains("\n- ◆ Tom Fairweather"), "\(document)")
    }
}
