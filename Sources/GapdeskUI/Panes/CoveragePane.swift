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
        // The columns say the rest: Before is the 30 days before; ○ marks a blind spot (the help lists the marks).
        summary: { state in (state.figures.contactsRated30d.map { CoverageText.rated($0) + ", " } ?? "") + "last \(windowDays) days" },
        countsInTab: false, reloadedBy: [.responses, .other], share: 0,
        load: { store, query throws(StoreError) in
            let grouping = groupings[min(max(0, query.view), groupings.count - 1)]
            var lines = try store.coverage(now: query.now, windowDays: windowDays, by: grouping, asking: false).lines
            if query.sort == 1 { lines.sort { ($0.share.rate ?? 1, $1.share.trials) < ($1.share.rate ?? 1, $0.share.trials) } }
            let window = lines.dropFirst(query.offset).prefix(query.limit)
            // A site's id and a staff member's may be the same number: each view's rows are told apart.
            return PaneLoad(rows: window.map { PaneRow($0, id: Int64(query.view) << 48 + $0.id) }, total: lines.count, atLeast: false)
        },
        // "Ruth Cole (York) · 37 of 206 contacts rated in 30 days: 18% (13% to 24%) · 11% the 30 before, a change of +7 (0 to +14) points · …"
        preview: { row, context in
            guard let line = row.as(Coverage.Line.self) else { return "" }
            let share = line.share
            let interval = CoverageText.intervalCell(share)
            let now = "\(share.successes) of \(share.trials) contacts rated in \(windowDays) days: \(CoverageText.rateCell(share))"
                + (interval.isEmpty ? "" : " (\(interval))")
            let before = line.previous.trials == 0 ? "none the \(windowDays) before"
                : "\(CoverageText.rateCell(line.previous)) the \(windowDays) before"
                    + (line.change == nil ? "" : ", a change of \(CoverageText.changeCell(line)) points")
            let blind = line.isBlindSpot ? "blind spot: the rest \(line.restRate.map(percentText) ?? "-"), chance \(Words.chance(line.pValue ?? 1))" : nil
            return Preview.join([CoverageText.name(line, context), now, before, blind], context)
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
