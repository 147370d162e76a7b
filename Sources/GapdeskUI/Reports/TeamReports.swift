import GapdeskDomain
import GapdeskStore

/// The reports that are not a pane's list: pressure signals, results, the audit, what is mine.
extension Reports {
    static let mine = ReportSpec(name: "mine", about: "what you owe: your open calls, overdue first, the fixes you own, their follow-ups") {
        store, request throws(StoreError) in
        MineText.render(try store.mine(now: request.now, limit: request.rows), format: request.format, context: request.context)
    }

    static let pressure = ReportSpec(name: "pressure", about: "staff or sites pushing for top scores, choosing whom to ask, or giving one phone for several customers") {
        store, request throws(StoreError) in
        let rows = try ScoreSignal.read(store, now: request.now, windowDays: request.window)
        guard request.forPeople else { return request.format.render(rows, layout: ListLayouts.pressure, context: request.context) }
        // For people, each signal in its sentence after the table: a shared phone's figures are its phone and customers.
        let markdown = request.format == .markdown
        let sentences = rows.map { (markdown ? "- " : "") + "\($0.mark.symbol(request.context.glyphs)) "
            + (markdown ? ReportFormat.markdownCell($0.sentence) : $0.sentence) }
        return ScoreSignal.explanations.joined(separator: "\n") + "\n"
            + (rows.isEmpty ? ScoreSignal.none + "\n"
                : request.format.render(rows, layout: ListLayouts.pressure, context: request.context) + "\n" + sentences.joined(separator: "\n") + "\n")
    }

    static let results = ReportSpec(name: "results",
                                    about: "did callbacks keep customers: returns by what the call came to and how soon") { store, request throws(StoreError) in
        let report = try store.results(now: request.now, windowDays: request.window, returnDays: request.returnDays, site: request.site)
        return ResultsText.render(report, format: request.format, context: request.context)
    }

    static let audit = ReportSpec(name: "audit", about: "who changed what") { store, request throws(StoreError) in
        let entries = try store.auditEntries(since: request.since, limit: request.rows)
        return request.format.render(entries, layout: ListLayouts.audit, context: request.context)
            + (request.forPeople ? AuditHeadText.line(try store.auditHead(), markdown: request.format == .markdown) : "")
    }
}
