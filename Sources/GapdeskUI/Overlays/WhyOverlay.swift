import Foundation
import GapdeskDomain
import GapdeskStore

/// Why a gap ranks where it does: first what a supervisor reads in ten
/// seconds (who and what is behind the score, how recent, how much from
/// valuable customers and guarantees, where, the fix), then the arithmetic:
/// the newest contributions (a page), the rest as one line with their sum.
enum WhyOverlay {
    static func spec(_ id: Int64) -> OverlaySpec {
        OverlaySpec(
            scope: .gapDetail,
            title: { content, state in
                guard case .why(let breakdown)? = content else { return "Why: " + Overlays.gapName(id, state) }
                return "Why #\(breakdown.row.rank): \(breakdown.row.name)"
            },
            load: { store, now throws(StoreError) in try store.gapBreakdown(causeId: id, now: now).map(OverlayContent.why) },
            lines: { content, state, width in
                guard case .why(let breakdown) = content else { return [] }
                return lines(breakdown, state: state, width: width)
            },
            gap: { content in
                guard case .why(let breakdown) = content else { return nil }
                let row = breakdown.row
                return GapTarget(id: row.causeId, name: row.name, status: row.fixStatus, owner: row.owner, effort: row.effort,
                                 revision: row.fixRevision, rank: row.rank)
            })
    }

    static func lines(_ b: GapBreakdown, state: AppState, width: Int) -> [DetailLine] {
        summary(b, state: state) + [.blank] + arithmetic(b, state: state)
    }

    /// The headline, then a fact to a line.
    static func summary(_ b: GapBreakdown, state: AppState) -> [DetailLine] {
        var lines = [DetailLine([("Ranks #\(b.row.rank)", .bold), (String(GapFacts.headline(b.row).dropFirst("Ranks #\(b.row.rank)".count)), .normal)],
                                hang: 2), .blank]
        for fact in GapFacts.facts(b, context: state.context) {
            let label = fact.mark.map { "\($0.symbol(state.glyphs)) \(fact.label)" } ?? fact.label
            lines.append(.fact(label, fact.value, fact.mark?.style ?? .normal))
        }
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
        lines.append(.heading("Contributions, newest first\(row.waived > 0 ? ", and guarantees" : ""); all \(b.count) sum to \(String(format: "%.4f", b.sum))"))
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
            lines.append(DetailLine("  … and \(b.otherCount) older ones, \(String(format: "%.4f", b.otherSum)) together "
                                    + "(all of them, \(ContributionPage.size) a page: gapdesk report gaps --format json --page 2, 3, …)", .dim))
        }
        if row.waived > 0 {
            lines.append(DetailLine("  guarantees waived \(Money.exact(row.waived, state.context.currency)) ÷ \(String(format: "%g", p.moneyPerPoint)) per point"
                                    + " = \(String(format: "%.4f", b.guaranteePoints))"))
        }
        lines.append(.blank)
        lines.append(.heading("Where and who"))
        lines.append(DetailLine("  Sites: " + b.bySite.prefix(8).map { "\($0.0) \($0.1)" }.joined(separator: ", ")))
        lines.append(DetailLine("  Staff: " + b.byStaff.prefix(10).map { "\($0.0) \($0.1)" }.joined(separator: ", ")))
        return lines
    }
}
