import GapdeskDomain
import GapdeskStore

/// Open calls, overdue first: the day's work.
enum CallbacksPane {
    static let spec = PaneSpec(
        pane: .callbacks, title: "Callbacks", layout: ListLayouts.queue.erased(),
        sorts: ["due time", "newest first"], views: [],
        filters: [.words, .site, .staff, .tag],
        empty: { _ in "No open calls: every critical customer has been called back." },
        // The overdue figure is the team's: said so where the list is narrowed by a filter.
        summary: { state in
            let list = state.list(.callbacks), dot = state.glyphs.dot
            return list.filter.isEmpty ? "\(state.figures.overdue) overdue \(dot) \(list.total) open"
                : "\(list.total) open \(dot) team: \(state.figures.overdue) overdue"
        },
        countsInTab: true, reloadedBy: [.calls, .responses, .other], share: 4,
        load: { store, query throws(StoreError) in
            let count = try store.queueCount(filter: query.filter, cap: Panes.countCap)
            let rows = try store.queue(filter: query.filter, sort: QueueSort(rawValue: query.sort) ?? .dueTime, limit: query.limit, offset: query.offset)
            return PaneLoad(rows: rows.map { PaneRow($0, id: $0.callbackId) }, total: count.count, atLeast: count.atLeast)
        },
        preview: { row, context in
            guard let call = row.as(QueueRow.self) else { return "" }
            return Preview.join([call.customer, ListLayouts.phone(call.phone), call.site, call.staff, ListLayouts.rating(call.rating, call.scale),
                                 "due " + FriendlyTime.at(call.dueAt, now: context.clock.now, zone: call.siteZone, viewer: context.clock.timeZone),
                                 call.assignee.map { "assigned to \($0)" }, call.tags.isEmpty ? "untagged" : call.tags.joined(separator: ", "),
                                 Preview.quoted(call.comment)], context)
        },
        target: { row in
            row.as(QueueRow.self).map {
                Target(responseId: $0.responseId, customer: $0.customer, phone: $0.phone,
                       callback: CallbackSummary(callbackId: $0.callbackId, dueAt: $0.dueAt, doneAt: nil, outcome: nil,
                                                 attempts: $0.attempts, assignee: $0.assignee),
                       tags: [], suggestions: [], anonymous: false, siteZone: $0.siteZone)
            }
        },
        gap: { _ in nil },
        open: { row in row.as(QueueRow.self).map { .response($0.responseId) } },
        turned: { row, before, now in row.as(QueueRow.self).map { $0.dueAt > before && $0.dueAt <= now } ?? false },
        rowsAreOpenCalls: true,
        report: PaneReport(name: "queue", about: "open calls, overdue first") { store, request throws(StoreError) in
            let queue = try store.queue(limit: request.rows)
            let figures = request.format == .table ? try store.loopFigures(clock: request.context.clock) : nil
            return (figures.map { "\($0.overdue) overdue, \($0.dueToday) due later today, \(queue.count) shown\n" } ?? "")
                + request.format.render(queue, layout: ListLayouts.queue, context: request.context)
        },
        commands: [.recordCall, .tag, .acceptSuggestion, .assign, .copyPhone], shortTitle: "Calls")
}

/// The selected row in full, as its pane's preview line shows it.
enum Preview {
    static func join(_ parts: [String?], _ context: PresentationContext) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " \(context.glyphs.dot) ")
    }

    static func quoted(_ text: String) -> String? { text.isEmpty ? nil : "“\(text)”" }
}
