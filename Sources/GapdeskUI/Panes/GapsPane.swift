import GapdeskDomain
import GapdeskStore

/// Root causes ranked by return on satisfaction: the systemic gaps.
enum GapsPane {
    static let spec = PaneSpec(
        pane: .gaps, title: "Gaps", layout: ListLayouts.gaps.erased(),
        sorts: ["return on satisfaction", "30-day count", "name"], views: GapView.allCases.map(\.label),
        // The ranking is kept per cause and day, not per site or staff member: only words narrow it.
        filters: [.words],
        empty: { bindings in "No root causes yet: tag critical feedback with \(bindings.keyName(.tag)) to find the gaps." },
        // A rising gap whose fix is under way may rank low (the ranking is what to start next): the title names it first.
        summary: { state in
            let underWay = state.figures.risingUnderWay.map { gap in
                "\(Mark.rising.symbol(state.glyphs)) #\(gap.rank) \(gap.name): fix under way" + (gap.owner.map { " (\($0))" } ?? "")
            }
            return (underWay + ["\(state.list(.gaps).total) root causes, ranked", "RoS: last \(state.rankingWindowDays) days", "30d, Cust: last 30 days"])
                .joined(separator: " \(state.glyphs.dot) ")
        },
        countsInTab: true, reloadedBy: [.gaps, .responses, .other], share: 3,
        load: { store, query throws(StoreError) in
            var gaps = try store.gaps(now: query.now, filter: query.filter)
            switch query.sort {
            case 1: gaps.sort { ($0.count30d, $1.rank) > ($1.count30d, $0.rank) }
            case 2: gaps.sort { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
            default: break
            }
            let view = GapView(rawValue: query.view) ?? .all
            let shown = gaps.filter(view.includes)
            let window = shown.dropFirst(query.offset).prefix(query.limit)
            return PaneLoad(rows: window.map { PaneRow($0, id: $0.causeId) }, total: shown.count, atLeast: false)
        },
        preview: { row, context in
            guard let gap = row.as(GapRow.self) else { return "" }
            let trend = "\(gap.count30d) in 30 days (\(gap.countPrevious30d) the 30 before)"
            return Preview.join([gap.name, gap.kind.map { "kind: \($0.words)" }, gap.team.map { "team \($0)" }, trend,
                                 "\(gap.customers30d) customer\(gap.customers30d == 1 ? "" : "s") in 30 days",
                                 "at risk " + Money.glance(gap.moneyAtRisk, context.currency) + " over the ranking window",
                                 "fix " + gap.verdict.label + (gap.owner.map { ", owner \($0)" } ?? "")], context)
        },
        target: { _ in nil },
        gap: { row in
            row.as(GapRow.self).map {
                GapTarget(id: $0.causeId, name: $0.name, status: $0.fixStatus, owner: $0.owner, effort: $0.effort, revision: $0.fixRevision,
                          rank: $0.rank)
            }
        },
        open: { row in .gap(row.id) },
        report: PaneReport(name: "gaps", about: "ranked root causes", print: GapsReport.print),
        commands: [.moveFix, .setOwner, .why, .pressure, .tellFixed])
}
