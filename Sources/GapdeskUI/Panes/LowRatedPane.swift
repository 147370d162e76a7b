import GapdeskDomain
import GapdeskStore

/// The newest critical feedback: who, what they said, what it names.
enum LowRatedPane {
    static let spec = PaneSpec(
        pane: .lowRated, title: "Low-rated", layout: ListLayouts.lowRated.erased(),
        sorts: ["newest first", "lowest rating first"], views: [],
        filters: [.words, .site, .staff, .tag],
        empty: { _ in "No critical feedback yet." },
        // The rows are every critical response; the last 30 days' are the figure beside them.
        summary: { state in
            let list = state.list(.lowRated), count = "\(list.total)\(list.totalIsAtLeast ? "+" : "") critical \(state.glyphs.dot) "
            return count + (list.filter.isEmpty ? "" : "team: ") + "\(state.figures.critical30d) in 30 days"
        },
        countsInTab: false, reloadedBy: [.calls, .responses, .other], share: 3,
        load: { store, query throws(StoreError) in
            let count = try store.lowRatedCount(filter: query.filter, cap: Panes.countCap)
            let rows = try store.lowRated(filter: query.filter, sort: LowRatedSort(rawValue: query.sort) ?? .newest, limit: query.limit,
                                          offset: query.offset)
            return PaneLoad(rows: rows.map { PaneRow($0, id: $0.responseId) }, total: count.count, atLeast: count.atLeast)
        },
        preview: { row, context in
            guard let item = row.as(LowRatedRow.self) else { return "" }
            let causes = item.tags.isEmpty ? (item.suggestions.isEmpty ? "untagged" : "suggested: " + item.suggestions.joined(separator: ", "))
                : item.tags.joined(separator: ", ")
            return Preview.join([item.anonymous ? "anonymous" : item.customer, item.anonymous ? nil : ListLayouts.phone(item.phone), item.site,
                                 item.staff, ListLayouts.rating(item.rating, item.scale), causes, Preview.quoted(item.comment)], context)
        },
        target: { row in
            row.as(LowRatedRow.self).map {
                Target(responseId: $0.responseId, customer: $0.customer, phone: $0.phone, callback: $0.callback, tags: $0.tags,
                       suggestions: $0.suggestions, anonymous: $0.anonymous, siteZone: $0.siteZone)
            }
        },
        gap: { _ in nil },
        open: { row in .response(row.id) },
        report: PaneReport(name: "low-rated", about: "newest critical feedback"),
        commands: [.recordCall, .tag, .acceptSuggestion, .assign, .copyPhone], shortTitle: "Low")
}
