import GapdeskDomain
import GapdeskStore

/// Customers to tell that the gap they reported is fixed: a list of its own,
/// with nothing overdue, made when a fix is verified (see `Store.createDueFollowups`).
enum FollowupsPane {
    static let spec = PaneSpec(
        pane: .followups, title: "Follow-ups", layout: ListLayouts.followups.erased(),
        sorts: ["oldest first"], views: ["to make", "all, those made too"],
        filters: [],
        empty: { bindings in
            "Nobody to tell yet: when a gap's fix is verified, each customer who reported it is listed here "
                + "(or press \(bindings.keyName(.tellFixed)) on a verified gap)."
        },
        summary: { state in
            state.list(.followups).viewIndex == 0 ? "\(state.list(.followups).total) customers to tell their gap is fixed" : "every follow-up"
        },
        countsInTab: true, reloadedBy: [.calls, .gaps, .other], share: 2,
        load: { store, query throws(StoreError) in
            let rows = try store.followups(done: query.view == 1, limit: query.limit, offset: query.offset)
            return PaneLoad(rows: rows.map { PaneRow($0, id: $0.id) }, total: try store.followupCount(madeToo: query.view == 1), atLeast: false)
        },
        preview: { row, context in
            guard let followup = row.as(FollowupRow.self) else { return "" }
            let fixed = "fixed" + (followup.fixOwner.map { " by \($0)" } ?? "") + (followup.fixNote.map { ": \($0)" } ?? "")
            let state = followup.outcome.map { "\($0.label) by \(followup.doneBy ?? "someone")" }
                ?? (followup.attempts == 0 ? "not tried yet" : "\(followup.attempts) unanswered")
            return Preview.join([followup.customer, ListLayouts.phone(followup.phone), followup.site, "\"\(followup.gap)\"", fixed, state],
                                context)
        },
        target: { row in
            row.as(FollowupRow.self).map {
                Target(responseId: $0.responseId, customer: $0.customer, phone: $0.phone, callback: nil, tags: [], suggestions: [],
                       anonymous: false, siteZone: $0.siteZone)
            }
        },
        gap: { _ in nil },
        open: { row in row.as(FollowupRow.self).map { .response($0.responseId) } },
        record: { row in
            guard let followup = row.as(FollowupRow.self), followup.doneAt == nil else { return nil }
            return FollowupForm.make(followup)
        },
        report: PaneReport(name: "followups", about: "customers to tell their gap is fixed", view: 1),
        commands: [.recordCall, .copyPhone], shortTitle: "Follow")
}
