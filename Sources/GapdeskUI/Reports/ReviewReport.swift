import Foundation
import GapdeskDomain
import GapdeskStore

/// `gapdesk report review`: the weekly review as a meeting agenda. Each
/// section says its facts in sentences first, its figures after: what came
/// in, what was done, the gaps rising and recurred, fixes by owner, what is
/// late and whose, and the results in one sentence. A login limited to sites
/// reviews those sites; `--site` one of them (the gaps stay the team's ranking).
enum ReviewReport {
    static let days = 7

    static let spec = ReportSpec(name: "review", about: "the weekly review for the team's meeting: what came in, what was done, gaps, fixes by owner, "
                                 + "what is late and whose, the results (--format markdown or table)", formats: [.markdown, .table]) {
        whole, request throws(StoreError) in
        let store = try request.site.map { site throws(StoreError) in try whole.narrowed(toSite: site) } ?? whole
        let window = request.window ?? days, context = request.context, now = request.now
        let week = try store.weekFigures(now: now, windowDays: window)
        let coverage = try store.coverage(now: now, windowDays: window, by: .staff)
        let team = try store.team(now: now, windowDays: window)
        let gaps = try store.gaps(now: now)
        let fixes = try store.ownedFixes(in: gaps, now: now)
        let results = try store.results(now: now)
        return document(week: week, coverage: coverage, team: team, gaps: gaps, fixes: fixes, results: results, window: window,
                        site: store.narrowedSite, settings: request.settings, markdown: request.format == .markdown, context: context)
    }

    /// `site`: the one site reviewed (`--site`); its gaps are still the team's ranking, and the document says so.
    static func document(week: WeekFigures, coverage: CoverageReport, team: TeamReport, gaps: [GapRow], fixes: [OwnedFix], results: ResultsReport,
                         window: Int, site: String?, settings: TeamSettings, markdown: Bool, context: PresentationContext) -> String {
        let utc = TimeZone(identifier: "UTC")!
        let from = Date(timeIntervalSince1970: Double(week.days.lowerBound * UTCDay.seconds))
        let to = Date(timeIntervalSince1970: Double(week.days.upperBound * UTCDay.seconds))
        var out: [String] = []
        func heading(_ text: String, level: Int = 2) { out += markdown ? [String(repeating: "#", count: level) + " " + text, ""] : [text.uppercased(), ""] }
        func item(_ text: String) { out.append((markdown ? "- " : "  ") + (markdown ? ReportFormat.markdownCell(text) : text)) }
        func end() { out.append("") }
        heading("Review: " + ([settings.teamName.isEmpty ? "the team" : settings.teamName] + (site.map { [$0] } ?? [])).joined(separator: ", "),
                level: 1)
        out += ["The last \(window) days, " + FriendlyTime.format(from, "d MMM", utc) + " to " + FriendlyTime.format(to, "d MMM yyyy", utc) + ".", ""]

        heading("What came in")
        let share = week.responses == 0 ? "" : " (\(percentText(Double(week.critical) / Double(week.responses))))"
        item("\(week.responses) responses, \(week.critical) of them critical\(share).")
        if coverage.total.share.trials > 0 {
            item("\(coverage.total.share.successes) of \(coverage.total.share.trials) contacts were rated (\(CoverageText.rateCell(coverage.total.share))).")
            for line in coverage.blindSpots { item("\(Mark.blindSpot.symbol(context.glyphs)) " + CoverageText.blindSpotSentence(line, context: context)) }
            for signal in coverage.askingStaff + coverage.askingSites { item("\(Mark.asking.symbol(context.glyphs)) " + CoverageText.askingSentence(signal)) }
        } else {
            item("No contacts were imported, so how much of the business the feedback covers is not known.")
        }
        end()

        heading("What was done")
        let made = team.lines.reduce(0) { $0 + $1.made }, onTime = team.lines.reduce(0) { $0 + $1.madeOnTime }
        item("\(made) calls made" + (made == 0 ? "." : ", \(onTime) by their first due time (\(percentText(Double(onTime) / Double(made))))."))
        let outcomes = CallOutcome.allCases.compactMap { outcome in week.outcomes[outcome.rawValue].map { "\(outcome.label) \($0)" } }
        if !outcomes.isEmpty { item("Calls closed, by what they came to: " + outcomes.joined(separator: ", ") + ".") }
        for line in team.lines where line.made > 0 {
            item("\(line.account): \(line.made) made, \(line.madeOnTime) on time, of \(line.assigned) assigned to them falling due in the window.")
        }
        end()

        heading("Gaps rising and recurred")
        if site != nil { out += ["The team's ranking, across every site.", ""] }
        let marked = gaps.filter { $0.mark == .rising || $0.mark == .recurred }
        if marked.isEmpty { item("No gap is rising, and no fixed gap has recurred.") }
        for gap in marked {
            let mark = gap.mark == .rising ? Mark.rising : Mark.recurred
            item("\(mark.symbol(context.glyphs)) #\(gap.rank) \(gap.name): \(gap.mark == .rising ? "rising" : "recurred after its fix"), "
                 + "\(gap.count7d) in the last 7 days; fix \(gap.verdict.label)" + (gap.owner.map { ", owner \($0)" } ?? ", no owner") + ".")
        }
        end()

        heading("Fixes by owner")
        if fixes.isEmpty { item("Nobody owns a fix.") }
        for owner in Array(Set(fixes.compactMap(\.gap.owner))).sorted() {
            let theirs = fixes.filter { $0.gap.owner == owner }.map { owned in
                "\(owned.gap.name) (\(owned.gap.verdict.label), \(TimeText.age(owned.since, clock: context.clock)))"
            }
            item("\(owner): " + theirs.joined(separator: "; ") + ".")
        }
        end()

        heading("What is late, and whose")
        let late = team.lines.filter { $0.overdueNow > 0 }
        if late.isEmpty { item("No call is overdue.") }
        for line in late { item("\(line.account): \(line.overdueNow) call\(line.overdueNow == 1 ? "" : "s") overdue.") }
        for owned in fixes where owned.gap.mark == .recurred {
            item("\(owned.gap.owner ?? "nobody"): the fix for \"\(owned.gap.name)\" recurred; look at it again.")
        }
        if week.followupsToMake > 0 { item("\(week.followupsToMake) customers still to tell that their gap is fixed (the Follow-ups pane).") }
        end()

        heading("Results")
        item(ResultsText.valueKept(results, currency: context.currency))
        end()
        return out.joined(separator: "\n")
    }
}
