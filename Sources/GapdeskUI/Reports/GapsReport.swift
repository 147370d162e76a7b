import GapdeskDomain
import GapdeskStore

/// `gapdesk report gaps`: the ranking over its window; as JSON every figure
/// traced to its rows, as markdown the meeting document.
enum GapsReport {
    @Sendable static func print(_ store: Store, _ request: ReportRequest) throws(StoreError) -> String {
        let window = request.window, context = request.context
        switch request.format {
        case .markdown:
            let breakdowns = try store.gapBreakdowns(now: request.now, windowDays: window, count: request.rows)
            let signals = try ScoreSignal.read(store, now: request.now, windowDays: window)
            return MeetingReport.markdown(breakdowns, team: request.settings.teamName, windowDays: window ?? request.settings.rankingWindowDays,
                                          signals: signals, context: context) + AuditHeadText.line(try store.auditHead(), markdown: true)
        case .json:
            // Each response's factors and contribution, a page at a time.
            let breakdowns = try store.gapBreakdowns(now: request.now, windowDays: window, count: request.rows, page: request.page - 1)
            var traced: [Int64: [(String, JSONValue)]] = [:]
            for breakdown in breakdowns {
                traced[breakdown.row.causeId] = [("guarantee_points", .number(breakdown.guaranteePoints)),
                                                 ("contributions_page", .integer(Int64(request.page))),
                                                 ("contributions_pages", .integer(Int64(breakdown.pages))),
                                                 ("contributions_count", .integer(Int64(breakdown.count))),
                                                 ("contributions_elsewhere_sum", .number(breakdown.otherSum)),
                                                 ("contributions", .objects(breakdown.lines.map { line in
                    let c = line.contribution
                    return [("response_id", .integer(c.responseId)), ("received_at", .string(Clock.formatInstant(line.receivedAt))),
                            ("shortfall", .number(c.shortfall)), ("recency", .number(c.recency)), ("value_weight", .number(c.value)),
                            ("share", .number(c.share)), ("contribution", .number(c.amount))]
                }))]
            }
            var layout = ListLayouts.gaps
            let base = layout.extras, figures = traced
            layout.extras = { row in base(row) + (figures[row.causeId] ?? []) }
            return request.format.render(breakdowns.map(\.row), layout: layout, context: context)
        case .table, .csv:
            let rows = request.format.render(Array(try store.gaps(now: request.now, windowDays: window).prefix(request.rows)), layout: ListLayouts.gaps,
                                             context: context)
            let legend = "\nColumns: " + MeetingReport.columns(windowDays: window ?? request.settings.rankingWindowDays, glyphs: context.glyphs) + "\n"
            return rows + (request.format == .table ? legend : "")
        }
    }
}
