import GapdeskDomain
import GapdeskStore

/// How much of the business the feedback covers: contacts rated over the
/// last 30 days by site, staff member or kind, each against the 30 before,
/// blind spots marked.
enum CoveragePane {
    static let windowDays = 30
    static let groupings: [Coverage.Grouping] = [.site, .staff, .kind]

    static let spec = PaneSpec(
        pane: .coverage, title: "Coverage", layout: CoverageText.layout(nil).erased(),
        sorts: ["most contacts", "lowest rate"], views: groupings.map { "by \($0.rawValue)" },
        filters: [],
        empty: { _ in "No contacts in the last \(windowDays) days: import visits, jobs or deliveries (a file with contact_date and no rating) "
            + "to see how many of them were rated." },
        summary: { state in
            let dot = state.glyphs.dot
            let rated = state.figures.contactsRated30d.map { CoverageText.rated($0) + " \(dot) " } ?? ""
            return rated + "last \(windowDays) days against the \(windowDays) before \(dot) \(Mark.blindSpot.symbol(state.glyphs)) blind spot"
        },
        countsInTab: false, reloadedBy: [.responses, .other], share: 0,
        load: { store, query throws(StoreError) in
            let grouping = groupings[min(max(0, query.view), groupings.count - 1)]
            var lines = try store.coverage(now: query.now, windowDays: windowDays, by: grouping).lines
            if query.sort == 1 { lines.sort { ($0.share.rate ?? 1, $1.share.trials) < ($1.share.rate ?? 1, $0.share.trials) } }
            let window = lines.dropFirst(query.offset).prefix(query.limit)
            // A site's id and a staff member's may be the same number: each view's rows are told apart.
            return PaneLoad(rows: window.map { PaneRow($0, id: Int64(query.view) << 48 + $0.id) }, total: lines.count, atLeast: false)
        },
        preview: { row, context in
            guard let line = row.as(Coverage.Line.self) else { return "" }
            let before = line.previous.trials == 0 ? "no contacts the \(windowDays) days before"
                : "\(CoverageText.rateCell(line.previous)) the \(windowDays) days before" + (line.change.map { change in
                    ", a change of \(ResultsText.points(change.value)) points (\(ResultsText.points(change.interval.lowerBound)) to "
                        + "\(ResultsText.points(change.interval.upperBound)))"
                } ?? "")
            let blind = line.isBlindSpot ? "blind spot: \(line.restRate.map(percentText) ?? "-") of the rest rated, "
                + "chance \(Words.chance(line.pValue ?? 1))" : nil
            return Preview.join([CoverageText.name(line, context), CoverageText.rated(line.share) + " in \(windowDays) days",
                                 CoverageText.intervalCell(line.share).isEmpty ? nil : "95% " + CoverageText.intervalCell(line.share), before, blind],
                                context)
        },
        target: { _ in nil },
        gap: { _ in nil },
        open: { _ in nil },
        report: PaneReport(name: "coverage", about: "contacts rated by site, staff or kind, blind spots, and who may choose whom to ask") {
            store, request throws(StoreError) in
            let report = try store.coverage(now: request.now, windowDays: request.window ?? windowDays, by: request.grouping ?? .site,
                                            site: request.site)
            return CoverageText.render(report, format: request.format, context: request.context)
        },
        commands: [.pressure], shortTitle: "Cover")
}
