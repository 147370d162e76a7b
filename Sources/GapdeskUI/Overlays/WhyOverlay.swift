import Foundation
import GapdeskDomain
import GapdeskStore

/// Why a gap ranks where it does: first what a supervisor reads in ten
/// seconds (who and what is behind the score, how recent, how much from
/// valuable customers and guarantees, where, the fix), then the arithmetic:
/// every contribution, summing to the score.
enum WhyOverlay {
    /// How many contributions it lists; the rest show as one line with their
    /// sum (all of them: `gapdesk report gaps --format json`).
    public static let limit = 300

    static func lines(_ b: GapBreakdown, state: AppState, width: Int) -> [DetailLine] {
        summary(b, state: state) + [.blank] + arithmetic(b, state: state)
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    static func plural(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }

    /// The gap in sentences, a fact to a line.
    static func summary(_ b: GapBreakdown, state: AppState) -> [DetailLine] {
        let row = b.row, p = b.parameters, money = state.currency
        var lines: [DetailLine] = []
        lines.append(DetailLine([("Ranks #\(row.rank)", .bold), (" with a return on satisfaction of \(String(format: "%.2f", row.score)): "
                                + "what fixing it would win back, for the effort.", .normal)], hang: 2))
        lines.append(.blank)
        lines.append(.fact("Kind", row.kind.map { "gap \($0.rawValue): \($0.words)" } ?? "not set"))
        lines.append(.fact("Behind it", "\(plural(b.count, "response", "responses")) from \(plural(b.summary.customers, "customer", "customers")) "
                                + "in the last \(p.windowDays) days"))
        let direction = row.count30d > row.countPrevious30d ? "rising" : row.count30d < row.countPrevious30d ? "falling" : "steady"
        lines.append(.fact("Trend", "\(row.count30d) in the last 30 days, \(row.countPrevious30d) in the 30 before: \(direction)"))
        if row.warning {
            lines.append(.fact("\(Mark.rising.symbol(state.glyphs)) Rising", "\(row.count7d) in the last 7 days where about "
                               + "\(max(1, Int(row.usualWeek.rounded()))) is usual: by chance this happens \(Words.chance(row.warningChance)) "
                               + "(Poisson tail \(String(format: "%.3f", row.warningChance)))", Mark.rising.style))
        }
        lines.append(.fact("Recent", "\(percent(b.summary.recentShare)) of the score comes from the last 30 days"))
        let median = b.medianValue.map { " (\(Words.money($0, money)))" } ?? ""
        lines.append(.fact("High value", "\(percent(b.summary.highValueShare)) comes from customers worth more than the median\(median)"))
        if row.waived > 0 {
            let share = b.sum > 0 ? b.guaranteePoints / b.sum : 0
            lines.append(.fact("Guarantees", "\(Words.exactMoney(row.waived, money)) waived: \(percent(share)) of the score"))
        }
        let sites = b.bySite.prefix(3).map { "\(state.context.siteLabel($0.0)) (\($0.1))" }.joined(separator: ", ")
        lines.append(.fact("Sites", sites.isEmpty ? "none recorded" : sites))
        let staff = b.byStaff.prefix(3).map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
        lines.append(.fact("Staff", staff.isEmpty ? "none recorded" : staff))
        var fix = row.verdict.label + (row.owner.map { ", owner \($0)" } ?? ", no owner")
        if b.effort != 1 { fix += ", effort \(String(format: "%g", b.effort)) (the score is divided by it)" }
        lines.append(.fact("Fix", fix, row.mark == .recurred ? .overdue : .normal))
        if !b.recurredBy.isEmpty {
            lines.append(.fact("\(Mark.recurred.symbol(state.glyphs)) Recurred", plural(b.recurredBy.count, "response", "responses")
                               + " since the fix was done (listed below)", .overdue))
        }
        lines.append(.fact("At risk", "\(Words.money(row.moneyAtRisk, money)): guarantees waived and the value of the customers affected"))
        return lines
    }

    /// Every number behind the score, traced to its responses.
    static func arithmetic(_ b: GapBreakdown, state: AppState) -> [DetailLine] {
        let row = b.row, p = b.parameters
        var lines: [DetailLine] = [.heading("How the score adds up")]
        let summed = row.waived > 0
            ? "(\(String(format: "%.4f", b.contributionSum)) + guarantees \(String(format: "%.4f", b.guaranteePoints)))"
            : String(format: "%.4f", b.sum)
        lines.append(DetailLine([("  RoS \(String(format: "%.4f", row.score))", .bold),
                                 (" = \(summed) ÷ effort \(String(format: "%g", b.effort))", .normal)]))
        for explanation in p.explanation(median: b.medianValue) { lines.append(DetailLine("  " + explanation, .dim)) }
        if !b.recurredBy.isEmpty {
            lines.append(.blank)
            lines.append(DetailLine("Responses that broke the fix", .overdue))
            for item in b.recurredBy {
                lines.append(DetailLine("  \(TimeText.full(item.receivedAt, clock: state.clock, zone: item.siteZone))  \(item.rating)/\(item.scale.top)  "
                                        + "\(item.customer)  \(item.site)" + (item.comment.isEmpty ? "" : " \(state.glyphs.dot) “\(item.comment)”")))
            }
        }
        lines.append(.blank)
        lines.append(.heading("Contributions (largest first)\(row.waived > 0 ? " and guarantees" : ""); they sum to \(String(format: "%.4f", b.sum))"))
        lines.append(DetailLine("  " + DisplayWidth.fit("received", to: 9) + DisplayWidth.fit("customer", to: 18)
                                + "rating  shortfall × recency × value × 1/k = part", .columnHeader))
        for line in b.lines {
            let c = line.contribution
            let text = "  " + DisplayWidth.fit(FriendlyTime.format(line.receivedAt, "d MMM", line.siteZone), to: 9)
                + DisplayWidth.fit(line.customer.isEmpty ? ListLayouts.anonymous : line.customer, to: 18)
                + DisplayWidth.fit("\(line.rating)/\(line.scale.top)", to: 8)
                + String(format: "%.3f × %.3f × %.2f × %.2f = %.4f", c.shortfall, c.recency, c.value, c.share, c.amount)
            lines.append(DetailLine(text))
        }
        if b.otherCount > 0 {
            lines.append(DetailLine("  … and \(b.otherCount) smaller ones, \(String(format: "%.4f", b.otherSum)) together "
                                    + "(every one: gapdesk report gaps --format json)", .dim))
        }
        if row.waived > 0 {
            lines.append(DetailLine("  guarantees waived \(Words.exactMoney(row.waived, state.currency)) ÷ \(String(format: "%g", p.moneyPerPoint)) per point"
                                    + " = \(String(format: "%.4f", b.guaranteePoints))"))
        }
        lines.append(.blank)
        lines.append(.heading("Where and who"))
        lines.append(DetailLine("  Sites: " + b.bySite.prefix(8).map { "\($0.0) \($0.1)" }.joined(separator: ", ")))
        lines.append(DetailLine("  Staff: " + b.byStaff.prefix(10).map { "\($0.0) \($0.1)" }.joined(separator: ", ")))
        return lines
    }
}
