import GapdeskDomain
import GapdeskStore

/// The reports that are not a pane's list: pressure signals, results, the audit.
extension Reports {
    static let pressure = ReportSpec(name: "pressure", about: "staff or sites pushing for top scores") { store, request throws(StoreError) in
        let signals = try store.pressureSignals(now: request.now, windowDays: request.window)
        let rows = signals.staff.map { (kind: "staff", signal: $0) } + signals.sites.map { (kind: "site", signal: $0) }
        let note = request.forPeople ? ListLayouts.pressureExplanation + "\n" : ""
        return note + (rows.isEmpty && request.format == .table ? "No pressure signals.\n"
            : request.format.render(rows, layout: ListLayouts.pressure, context: request.context))
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
