import Foundation
import GapdeskDomain
import GapdeskStore

/// `gapdesk report gaps --format markdown`: a document for the team's
/// meeting. A title with the team, the date and the window; one sentence on
/// what return on satisfaction is; the ranked gaps with their marks, kinds in
/// words, owners and fixes; a legend; and the top three gaps in facts.
public enum MeetingReport {
    public static let whatRoSIs = "Return on satisfaction (RoS) is what fixing a gap would win back, for the effort it takes: "
        + "each critical response tagged with it counts by how far it fell short of the top score, how recent it is and how "
        + "valuable its customer is; guarantees paid out add to it; the sum is divided by the fix's effort."

    public static func markdown(_ breakdowns: [GapBreakdown], team: String, windowDays: Int, signals: [ScoreSignal],
                                context: PresentationContext) -> String {
        let date = FriendlyTime.format(context.clock.now, "EEEE d MMMM yyyy", context.clock.timeZone)
        var lines = ["# Gaps to close" + (team.isEmpty ? "" : ": " + cell(team)), "",
                     "\(date) \(context.glyphs.dot) ranked over the last \(windowDays) days", "", whatRoSIs, ""]
        // Scores some staff or sites may have steered: the gaps behind them are hidden, so they come first.
        lines += ["## Scores in doubt", ""]
        lines += signals.isEmpty ? [ScoreSignal.none]
            : signals.map { "- \($0.mark.symbol(context.glyphs)) " + cell($0.sentence) }
        lines.append("")
        guard !breakdowns.isEmpty else { return (lines + ["No gaps: no critical feedback is tagged with a root cause in the window.", ""]).joined(separator: "\n") }
        lines.append(ReportFormat.markdown(breakdowns.map(\.row), layout: ListLayouts.gaps, context: context))
        let marks = [Mark.rising, .recurred, .done].map { "\($0.symbol(context.glyphs)) \($0.meaning)" }
        lines.append("**Marks:** " + marks.joined(separator: "; ") + ".")
        lines.append("")
        lines.append("**Kinds of gap:** " + GapKind.allCases.map { "\($0.label): \($0.words)" }.joined(separator: "; ") + ".")
        lines.append("")
        lines.append("**Columns:** " + columns(windowDays: windowDays, glyphs: context.glyphs))
        lines.append("")
        lines.append("## The top \(min(3, breakdowns.count))")
        for breakdown in breakdowns.prefix(3) {
            lines += ["", "### \(breakdown.row.rank). \(cell(breakdown.row.name))", "", GapFacts.headline(breakdown.row), ""]
            for fact in GapFacts.facts(breakdown, context: context) {
                let mark = fact.mark.map { $0.symbol(context.glyphs) + " " } ?? ""
                lines.append("- **\(mark)\(fact.label):** \(cell(fact.value))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What each column of the gaps' list counts, and over which window.
    static func columns(windowDays: Int, glyphs: Glyphs) -> String {
        "RoS over the last \(windowDays) days (the ranking window); 30d: responses tagged in the last 30 days, "
            + "\(glyphs.up) more than the 30 before, \(glyphs.down) fewer, \(glyphs.flat) the same; "
            + "Weekly: tagged responses a week over the ranking window (its last 13 weeks shown); Cust: customers behind them "
            + "in the last 30 days; At risk: guarantees waived and the value of the customers affected, over the ranking window."
    }

    static func cell(_ text: String) -> String { ReportFormat.markdownCell(text) }
}
