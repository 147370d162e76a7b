import Foundation
import GapdeskDomain
import GapdeskStore

/// A gap in the facts a supervisor reads in ten seconds: who and what is
/// behind its score, how recent, how much from valuable customers and from
/// guarantees, where, and its fix. Why-this-rank and the meeting report both
/// say them.
public struct GapFact: Sendable, Equatable {
    public var label: String
    public var value: String
    /// Set for a fact that is a warning (rising, recurred): it shows its mark and style.
    public var mark: Mark?
}

public enum GapFacts {

    static func plural(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }

    /// "Ranks #1 with a return on satisfaction of 24.94: …", the sentence before the facts.
    public static func headline(_ row: GapRow) -> String {
        "Ranks #\(row.rank) with a return on satisfaction of \(String(format: "%.2f", row.score)): what fixing it would win back, for the effort."
    }

    public static func facts(_ b: GapBreakdown, context: PresentationContext) -> [GapFact] {
        let row = b.row, money = context.currency
        var facts: [GapFact] = []
        func add(_ label: String, _ value: String, _ mark: Mark? = nil) { facts.append(GapFact(label: label, value: value, mark: mark)) }
        add("Kind", row.kind.map(\.words) ?? "not set")
        add("Behind it", "\(plural(b.count, "response", "responses")) from \(plural(b.summary.customers, "customer", "customers")) "
            + "in the last \(b.parameters.windowDays) days")
        // A plain comparison; "rising" is the ▲ test's word alone.
        let direction = row.count30d > row.countPrevious30d ? "more than" : row.count30d < row.countPrevious30d ? "fewer than" : "as many as"
        add("Trend", "\(row.count30d) in the last 30 days, \(row.countPrevious30d) in the 30 before: \(direction) the 30 before")
        if row.warning {
            add("Rising", "\(row.count7d) in the last 7 days where about \(max(1, Int(row.usualWeek.rounded()))) is usual: "
                + "by chance this happens \(Words.chance(row.warningChance)) (Poisson tail \(String(format: "%.3f", row.warningChance)))", .rising)
        }
        add("Recent", "\(percentText(b.summary.recentShare)) of the score comes from the last 30 days")
        let median = b.medianValue.map { " (\(Money.glance($0, money)))" } ?? ""
        add("High value", "\(percentText(b.summary.highValueShare)) comes from customers worth more than the median\(median)")
        if row.waived > 0 {
            add("Guarantees", "\(Money.exact(row.waived, money)) waived: \(percentText(b.sum > 0 ? b.guaranteePoints / b.sum : 0)) of the score")
        }
        let sites = b.bySite.prefix(3).map { "\(context.siteLabel($0.0)) (\($0.1))" }.joined(separator: ", ")
        add("Sites", sites.isEmpty ? "none recorded" : sites)
        let staff = b.byStaff.prefix(3).map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
        add("Staff", staff.isEmpty ? "none recorded" : staff)
        var fix = row.verdict.label + (row.owner.map { ", owner \($0)" } ?? ", no owner")
        if b.effort != 1 { fix += ", effort \(String(format: "%g", b.effort)) (the score is divided by it)" }
        add("Fix", fix)
        if !b.recurredBy.isEmpty {
            add("Recurred", plural(b.recurredBy.count, "response", "responses") + " since the fix was done", .recurred)
        }
        add("At risk", "\(Money.glance(row.moneyAtRisk, money)): guarantees waived and the value of the customers affected")
        return facts
    }
}
