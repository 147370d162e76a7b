import Foundation
import GapdeskDomain
import GapdeskStore

/// The three lists' columns: one definition each, shared by the dashboard and `gapdesk report`.
public enum ListLayouts {
    static func rating(_ rating: Int, _ scale: RatingScale) -> String { "\(rating)/\(scale.top)" }

    static func phone(_ phone: String?) -> String {
        guard let phone, !phone.trimmingCharacters(in: .whitespaces).isEmpty else { return "NO PHONE" }
        return phone
    }

    static func iso(_ date: Date) -> JSONValue { .string(Clock.formatInstant(date)) }

    /// How feedback that names nobody is shown in place of a name.
    static let anonymous = "anonymous"

    public static let queue = ListLayout<QueueRow>(
        columns: [
            Column("due", "Due", width: .fixed(15), json: { row, _ in iso(row.dueAt) }) { row, context in
                TimeText.due(row.dueAt, clock: context.clock)
            },
            Column("customer", "Customer", width: .flexible(min: 12)) { row, _ in row.customer },
            Column("phone", "Phone", width: .fixed(12), json: { row, _ in row.phone.map(JSONValue.string) ?? .null }) { row, _ in
                phone(row.phone)
            },
            Column("rating", "Rating", width: .fixed(6), alignRight: true,
                   json: { row, _ in .integer(Int64(row.rating)) }) { row, _ in rating(row.rating, row.scale) },
            Column("site", "Site", width: .flexible(min: 10), dropPriority: 2) { row, _ in row.site },
            Column("attempts", "Tries", width: .fixed(5), alignRight: true, dropPriority: 3,
                   json: { row, _ in .integer(Int64(row.attempts)) }) { row, _ in String(row.attempts) },
            Column("assignee", "Assignee", width: .fixed(9), dropPriority: 1,
                   json: { row, _ in row.assignee.map(JSONValue.string) ?? .null }) { row, _ in row.assignee ?? "-" },
            Column("comment", "Comment", width: .flexible(min: 10, weight: 3), dropPriority: 4) { row, _ in row.comment },
        ],
        ids: { [("callback_id", $0.callbackId), ("response_id", $0.responseId)] },
        extras: { [("scale", .string($0.scale.code))] },
        marker: { row, context in
            marker(CallbackRules.state(dueAt: row.dueAt, outcome: nil, doneAt: nil, now: context.clock.now, today: context.clock.today))
        })

    /// The mark of a callback's state, the same in every list.
    static func marker(_ state: CallbackState) -> RowMarker {
        switch state {
        case .done: .done
        case .overdue: .overdue
        case .dueToday: .dueToday
        case .upcoming: .none
        }
    }

    static func callbackText(_ callback: CallbackSummary?, clock: Clock) -> String {
        guard let callback else { return "no callback" }
        if let outcome = callback.outcome, callback.doneAt != nil { return outcome.label }
        return TimeText.due(callback.dueAt, clock: clock)
    }

    public static let lowRated = ListLayout<LowRatedRow>(
        columns: [
            Column("received_at", "Received", width: .fixed(9), json: { row, _ in iso(row.receivedAt) }) { row, context in
                TimeText.ago(row.receivedAt, clock: context.clock)
            },
            Column("customer", "Customer", width: .flexible(min: 12)) { row, _ in row.anonymous ? anonymous : row.customer },
            Column("rating", "Rating", width: .fixed(6), alignRight: true,
                   json: { row, _ in .integer(Int64(row.rating)) }) { row, _ in rating(row.rating, row.scale) },
            Column("comment", "Comment", width: .flexible(min: 16, weight: 4)) { row, _ in row.comment },
            Column("tags", "Root causes", width: .flexible(min: 12, weight: 2), dropPriority: 1,
                   json: { row, _ in .strings(row.tags) }) { row, _ in
                if !row.tags.isEmpty { return row.tags.joined(separator: ", ") }
                return row.suggestions.isEmpty ? "untagged" : "suggest: " + row.suggestions.joined(separator: ", ")
            },
            Column("phone", "Phone", width: .fixed(12), dropPriority: 3,
                   json: { row, _ in row.phone.map(JSONValue.string) ?? .null }) { row, _ in row.anonymous ? "-" : phone(row.phone) },
            Column("site", "Site", width: .flexible(min: 10), dropPriority: 4) { row, _ in row.site },
            Column("callback", "Callback", width: .fixed(15), dropPriority: 2) { row, context in
                row.anonymous ? "nobody to call" : callbackText(row.callback, clock: context.clock)
            },
        ],
        ids: { row in [("response_id", row.responseId)] + (row.callback.map { [("callback_id", $0.callbackId)] } ?? []) },
        extras: { [("scale", .string($0.scale.code)), ("suggestions", .strings($0.suggestions)), ("anonymous", .bool($0.anonymous))] },
        marker: { row, context in
            guard let callback = row.callback else { return row.tags.isEmpty ? .warning : .none }
            let state = CallbackRules.state(dueAt: callback.dueAt, outcome: callback.outcome, doneAt: callback.doneAt,
                                            now: context.clock.now, today: context.clock.today)
            switch marker(state) {
            case .done, .overdue: return marker(state)
            default: return row.tags.isEmpty ? .warning : .none
            }
        })

    /// "950", "1.2k", "34k": money at a glance.
    static func money(_ amount: Double) -> String {
        if amount < 1_000 { return String(format: "%.0f", amount) }
        if amount < 10_000 { return String(format: "%.1fk", amount / 1_000) }
        if amount < 1_000_000 { return String(format: "%.0fk", amount / 1_000) }
        return String(format: "%.1fM", amount / 1_000_000)
    }

    static func arrow(_ row: GapRow, _ glyphs: Glyphs) -> String {
        row.trend > 0 ? glyphs.up : row.trend < 0 ? glyphs.down : glyphs.flat
    }

    public static let gaps = ListLayout<GapRow>(
        columns: [
            Column("rank", "#", width: .fixed(3), alignRight: true,
                   json: { row, _ in .integer(Int64(row.rank)) }) { row, _ in String(row.rank) },
            Column("kind", "Kind", width: .fixed(4), alignRight: true, dropPriority: 2,
                   json: { row, _ in row.kind.map { .integer(Int64($0.rawValue)) } ?? .null }) { row, _ in
                row.kind.map { String($0.rawValue) } ?? "?"
            },
            Column("name", "Gap (root cause)", width: .flexible(min: 16, weight: 3)) { row, _ in row.name },
            Column("score", "RoS", width: .fixed(6), alignRight: true,
                   json: { row, _ in .number((row.score * 1_000_000).rounded() / 1_000_000) }) { row, _ in String(format: "%.2f", row.score) },
            Column("count_30d", "30d", width: .fixed(5), alignRight: true,
                   json: { row, _ in .integer(Int64(row.count30d)) }) { row, context in "\(row.count30d)\(arrow(row, context.glyphs))" },
            Column("trend", "Weekly", width: .fixed(14), dropPriority: 3,
                   json: { row, _ in .integers(row.weekly) }) { row, context in
                String(context.glyphs.sparkline(row.weekly).suffix(13))
            },
            Column("customers_30d", "Cust", width: .fixed(4), alignRight: true, dropPriority: 4,
                   json: { row, _ in .integer(Int64(row.customers30d)) }) { row, _ in String(row.customers30d) },
            Column("money_at_risk", "At risk", width: .fixed(7), alignRight: true, dropPriority: 5,
                   json: { row, _ in .number(row.moneyAtRisk) }) { row, _ in money(row.moneyAtRisk) },
            Column("owner", "Owner", width: .fixed(8), dropPriority: 1,
                   json: { row, _ in row.owner.map(JSONValue.string) ?? .null }) { row, _ in row.owner ?? "-" },
            Column("fix", "Fix", width: .fixed(13),
                   json: { row, _ in .string(row.verdict.label) }) { row, _ in row.verdict.label },
        ],
        ids: { [("cause_id", $0.causeId)] },
        extras: { row in
            [("count_in_window", .integer(Int64(row.countInWindow))), ("count_previous_30d", .integer(Int64(row.countPrevious30d))),
             ("count_7d", .integer(Int64(row.count7d))), ("early_warning", .bool(row.warning)),
             ("weighted_sum", .number(row.weightedSum)), ("effort", row.effort.map(JSONValue.number) ?? .null),
             ("waived", .number(row.waived)), ("fix_status", row.fixStatus.map { .string($0.rawValue) } ?? .null)]
        },
        marker: { row, _ in
            if row.warning { return .overdue }
            if case .recurred = row.verdict { return .overdue }
            return row.verdict.isFixed ? .done : .none
        })

    /// Staff and sites with a pressure signal (see `PressureSignals`).
    public static let pressure = ListLayout<(kind: String, signal: PressureSignals.Signal)>(
        columns: [
            Column("kind", "Who", width: .fixed(5)) { row, _ in row.kind },
            Column("name", "Name", width: .flexible(min: 16, weight: 3)) { row, _ in row.signal.name },
            Column("responses", "Responses", width: .fixed(9), alignRight: true,
                   json: { row, _ in .integer(Int64(row.signal.responses)) }) { row, _ in String(row.signal.responses) },
            Column("top_share", "Top", width: .fixed(5), alignRight: true,
                   json: { row, _ in .number(row.signal.topShare) }) { row, _ in percent(row.signal.topShare) },
            Column("peer_top_share", "Peers", width: .fixed(5), alignRight: true,
                   json: { row, _ in .number(row.signal.peerTopShare) }) { row, _ in percent(row.signal.peerTopShare) },
            Column("comment_share", "Comments", width: .fixed(8), alignRight: true,
                   json: { row, _ in .number(row.signal.commentShare) }) { row, _ in percent(row.signal.commentShare) },
            Column("peer_comment_share", "Peers", width: .fixed(5), alignRight: true,
                   json: { row, _ in .number(row.signal.peerCommentShare) }) { row, _ in percent(row.signal.peerCommentShare) },
            Column("z", "z", width: .fixed(5), alignRight: true,
                   json: { row, _ in .number(row.signal.z) }) { row, _ in String(format: "%.1f", row.signal.z) },
        ],
        ids: { _ in [] },
        marker: { _, _ in .warning })

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

    public static let pressureExplanation = "Top-score share far above peers' (one-sided z-test, z > 3) with under half their comment rate: customers may be pushed for top scores, which hides the gaps."

    public static let audit = ListLayout<AuditEntry>(
        columns: [
            Column("at", "When", width: .fixed(20), json: { row, _ in iso(row.at) }) { row, _ in Clock.formatInstant(row.at) },
            Column("actor", "Who", width: .fixed(10)) { row, _ in row.actor },
            Column("action", "Action", width: .fixed(16)) { row, _ in row.action },
            Column("entity", "On", width: .flexible(min: 10)) { row, _ in "\(row.entity) \(row.entityId)" },
            Column("before", "Before", width: .flexible(min: 10), json: { row, _ in row.before.map(JSONValue.string) ?? .null }) { row, _ in row.before ?? "" },
            Column("after", "After", width: .flexible(min: 10, weight: 2), json: { row, _ in row.after.map(JSONValue.string) ?? .null }) { row, _ in row.after ?? "" },
        ],
        ids: { _ in [] },
        marker: { _, _ in .none })
}
