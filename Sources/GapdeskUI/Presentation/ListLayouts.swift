import Foundation
import GapdeskDomain
import GapdeskStore

/// The lists' columns: one definition each, shared by the dashboard and `gapdesk report`.
/// Priorities: 0 always shows; higher numbers give way first on a narrow screen.
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
            Column("due", "Due", width: .content(min: 9, max: 18, whole: true), json: { row, _ in iso(row.dueAt) },
                   compact: { row, context in TimeText.dueCompact(row.dueAt, clock: context.clock, zone: row.siteZone) }) { row, context in
                TimeText.due(row.dueAt, clock: context.clock, zone: row.siteZone)
            },
            Column("customer", "Customer", width: .content(min: 10, max: 24)) { row, _ in row.customer },
            Column("phone", "Phone", width: .content(min: 8, max: 20, whole: true), priority: 1,
                   json: { row, _ in row.phone.map(JSONValue.string) ?? .null }, link: { row in Hyperlink.telephone(row.phone) }) { row, _ in phone(row.phone) },
            Column("rating", "Rating", width: .content(min: 4, max: 6, whole: true), alignRight: true, priority: 2,
                   json: { row, _ in .integer(Int64(row.rating)) }) { row, _ in rating(row.rating, row.scale) },
            Column("site", "Site", width: .content(min: 4, max: 28, whole: true), priority: 3,
                   json: { row, _ in .string(row.site) }) { row, context in context.siteLabel(row.site) },
            Column("attempts", "Tries", width: .content(min: 5, max: 5), alignRight: true, priority: 6,
                   json: { row, _ in .integer(Int64(row.attempts)) }) { row, _ in String(row.attempts) },
            Column("assignee", "Assignee", width: .content(min: 8, max: 12), priority: 4,
                   json: { row, _ in row.assignee.map(JSONValue.string) ?? .null }) { row, _ in row.assignee ?? "-" },
            Column("comment", "Comment", width: .text(min: 12), priority: 5) { row, _ in row.comment },
        ],
        ids: { [("callback_id", $0.callbackId), ("response_id", $0.responseId)] },
        extras: { [("scale", .string($0.scale.code)), ("site_time_zone", .string($0.siteZone.identifier))] },
        marker: { row, context in
            mark(CallbackRules.state(dueAt: row.dueAt, outcome: nil, doneAt: nil, now: context.clock.now,
                                     today: DayWindow(containing: context.clock.now, in: row.siteZone)))
        })

    /// The mark of a callback's state, the same in every list.
    static func mark(_ state: CallbackState) -> Mark? {
        switch state {
        case .done: .done
        case .overdue: .overdue
        case .dueToday: .dueToday
        case .upcoming: nil
        }
    }

    static func callbackText(_ callback: CallbackSummary?, anonymous: Bool, zone: TimeZone, clock: Clock) -> String {
        if anonymous { return "nobody to call" }
        guard let callback else { return "no callback" }
        if let outcome = callback.outcome, callback.doneAt != nil { return outcome.label }
        return TimeText.due(callback.dueAt, clock: clock, zone: zone)
    }

    public static let lowRated = ListLayout<LowRatedRow>(
        columns: [
            Column("received_at", "Age", width: .content(min: 3, max: 6, whole: true), json: { row, _ in iso(row.receivedAt) }) { row, context in
                TimeText.age(row.receivedAt, clock: context.clock)
            },
            Column("customer", "Customer", width: .content(min: 10, max: 22)) { row, _ in row.anonymous ? anonymous : row.customer },
            Column("rating", "Rating", width: .content(min: 4, max: 6, whole: true), alignRight: true,
                   json: { row, _ in .integer(Int64(row.rating)) }) { row, _ in rating(row.rating, row.scale) },
            Column("comment", "Comment", width: .text(min: 20, weight: 3)) { row, _ in row.comment },
            Column("tags", "Root causes", width: .text(min: 14, weight: 2), priority: 1,
                   json: { row, _ in .strings(row.tags) }) { row, _ in
                if !row.tags.isEmpty { return row.tags.joined(separator: ", ") }
                return row.suggestions.isEmpty ? "untagged" : "suggest: " + row.suggestions.joined(separator: ", ")
            },
            Column("phone", "Phone", width: .content(min: 8, max: 20, whole: true), priority: 4,
                   json: { row, _ in row.phone.map(JSONValue.string) ?? .null },
                   link: { row in row.anonymous ? nil : Hyperlink.telephone(row.phone) }) { row, _ in row.anonymous ? "-" : phone(row.phone) },
            Column("site", "Site", width: .content(min: 4, max: 28, whole: true), priority: 3,
                   json: { row, _ in .string(row.site) }) { row, context in context.siteLabel(row.site) },
            Column("callback", "Callback", width: .content(min: 8, max: 16, whole: true), priority: 2,
                   compact: { row, context in
                       guard let callback = row.callback, callback.doneAt == nil, !row.anonymous else {
                           return callbackText(row.callback, anonymous: row.anonymous, zone: row.siteZone, clock: context.clock)
                       }
                       return TimeText.dueCompact(callback.dueAt, clock: context.clock, zone: row.siteZone)
                   }) { row, context in
                callbackText(row.callback, anonymous: row.anonymous, zone: row.siteZone, clock: context.clock)
            },
        ],
        ids: { row in [("response_id", row.responseId)] + (row.callback.map { [("callback_id", $0.callbackId)] } ?? []) },
        extras: { [("scale", .string($0.scale.code)), ("suggestions", .strings($0.suggestions)), ("anonymous", .bool($0.anonymous)),
                   ("site_time_zone", .string($0.siteZone.identifier))] },
        marker: { row, context in
            guard let callback = row.callback else { return row.tags.isEmpty ? .untagged : nil }
            let state = CallbackRules.state(dueAt: callback.dueAt, outcome: callback.outcome, doneAt: callback.doneAt,
                                            now: context.clock.now, today: DayWindow(containing: context.clock.now, in: row.siteZone))
            switch mark(state) {
            case .done?, .overdue?: return mark(state)
            default: return row.tags.isEmpty ? .untagged : nil
            }
        })

    static func arrow(_ row: GapRow, _ glyphs: Glyphs) -> String {
        row.trend > 0 ? glyphs.up : row.trend < 0 ? glyphs.down : glyphs.flat
    }

    public static let gaps = ListLayout<GapRow>(
        columns: [
            Column("rank", "#", width: .content(min: 2, max: 4), alignRight: true,
                   json: { row, _ in .integer(Int64(row.rank)) }) { row, _ in String(row.rank) },
            Column("kind", "Kind", width: .content(min: 4, max: 9, whole: true), priority: 3,
                   json: { row, _ in row.kind.map { .integer(Int64($0.rawValue)) } ?? .null }) { row, _ in Words.kind(row.kind) },
            Column("name", "Gap (root cause)", width: .content(min: 24, max: 48)) { row, _ in row.name },
            Column("score", "RoS", width: .content(min: 5, max: 7), alignRight: true,
                   json: { row, _ in .number((row.score * 1_000_000).rounded() / 1_000_000) }) { row, _ in String(format: "%.2f", row.score) },
            Column("count_30d", "30d", width: .content(min: 4, max: 6), alignRight: true,
                   json: { row, _ in .integer(Int64(row.count30d)) }) { row, context in "\(row.count30d)\(arrow(row, context.glyphs))" },
            Column("trend", "Weekly", width: .content(min: 6, max: 13, whole: true), priority: 5,
                   json: { row, _ in .integers(row.weekly) },
                   compact: { row, context in String(context.glyphs.sparkline(row.weekly).suffix(6)) }) { row, context in
                String(context.glyphs.sparkline(row.weekly).suffix(13))
            },
            Column("customers_30d", "Cust", width: .content(min: 4, max: 5), alignRight: true, priority: 6,
                   json: { row, _ in .integer(Int64(row.customers30d)) }) { row, _ in String(row.customers30d) },
            Column("money_at_risk", "At risk", width: .content(min: 7, max: 9), alignRight: true, priority: 7,
                   json: { row, _ in .number(row.moneyAtRisk) }) { row, context in Money.glance(row.moneyAtRisk, context.currency) },
            Column("owner", "Owner", width: .content(min: 5, max: 12), priority: 2,
                   json: { row, _ in row.owner.map(JSONValue.string) ?? .null }) { row, _ in row.owner ?? "-" },
            Column("fix", "Fix", width: .content(min: 3, max: 18, whole: true), priority: 1,
                   json: { row, _ in .string(row.verdict.label) },
                   compact: { row, _ in row.verdict.shortLabel }) { row, _ in row.verdict.label },
        ],
        ids: { [("cause_id", $0.causeId)] },
        extras: { row in
            [("kind_words", row.kind.map { .string($0.words) } ?? .null),
             ("count_in_window", .integer(Int64(row.countInWindow))), ("count_previous_30d", .integer(Int64(row.countPrevious30d))),
             ("count_7d", .integer(Int64(row.count7d))), ("early_warning", .bool(row.warning)),
             ("weighted_sum", .number(row.weightedSum)), ("effort", row.effort.map(JSONValue.number) ?? .null),
             ("waived", .number(row.waived)), ("fix_status", row.fixStatus.map { .string($0.rawValue) } ?? .null)]
        },
        marker: { row, _ in
            switch row.mark {
            case .recurred?: .recurred
            case .rising?: .rising
            case .done?: .done
            case nil: nil
            }
        })

    /// Customers to tell that their gap is fixed.
    public static let followups = ListLayout<FollowupRow>(
        columns: [
            Column("created_at", "Age", width: .content(min: 3, max: 6, whole: true), json: { row, _ in iso(row.createdAt) }) { row, context in
                TimeText.age(row.createdAt, clock: context.clock)
            },
            Column("customer", "Customer", width: .content(min: 10, max: 22)) { row, _ in row.customer },
            Column("phone", "Phone", width: .content(min: 8, max: 20, whole: true), priority: 1,
                   json: { row, _ in row.phone.map(JSONValue.string) ?? .null }, link: { row in Hyperlink.telephone(row.phone) }) { row, _ in phone(row.phone) },
            Column("gap", "Gap fixed", width: .text(min: 16, weight: 2)) { row, _ in row.gap },
            Column("site", "Site", width: .content(min: 4, max: 28, whole: true), priority: 3,
                   json: { row, _ in .string(row.site) }) { row, context in context.siteLabel(row.site) },
            Column("attempts", "Tries", width: .content(min: 5, max: 5), alignRight: true, priority: 4,
                   json: { row, _ in .integer(Int64(row.attempts)) }) { row, _ in String(row.attempts) },
            Column("outcome", "Told", width: .content(min: 4, max: 16), priority: 2,
                   json: { row, _ in row.outcome.map { .string($0.rawValue) } ?? .null }) { row, _ in row.outcome?.label ?? "-" },
        ],
        ids: { row in [("followup_id", row.id), ("cause_id", row.causeId), ("response_id", row.responseId)] },
        extras: { row in [("fix_owner", row.fixOwner.map(JSONValue.string) ?? .null), ("fix_note", row.fixNote.map(JSONValue.string) ?? .null)] },
        marker: { row, _ in row.doneAt == nil ? nil : .done })

    /// Staff and sites whose scores are in doubt: a pressure signal (see `PressureSignals`), possibly choosing whom
    /// to ask (see `SelectiveAsking`), or one phone or email given for several customers (see `SharedContactDetails`),
    /// each with its own mark; a column one signal does not measure is "-".
    public static let pressure = ListLayout<ScoreSignal>(
        columns: [
            Column("kind", "Who", width: .content(min: 5, max: 5)) { row, _ in row.kind },
            Column("name", "Name", width: .text(min: 16)) { row, _ in row.name },
            Column("responses", "Responses", width: .content(min: 9, max: 9), alignRight: true,
                   json: { row, _ in row.responses.map { .integer(Int64($0)) } ?? .null }) { row, _ in row.responses.map(String.init) ?? "-" },
            Column("top_share", "Top", width: .content(min: 5, max: 5), alignRight: true,
                   json: { row, _ in row.topShare.map(JSONValue.number) ?? .null }) { row, _ in row.topShare.map(percentText) ?? "-" },
            Column("peer_top_share", "Peers", width: .content(min: 5, max: 5), alignRight: true,
                   json: { row, _ in row.peerTopShare.map(JSONValue.number) ?? .null }) { row, _ in row.peerTopShare.map(percentText) ?? "-" },
            Column("comment_share", "Comments", width: .content(min: 8, max: 8), alignRight: true,
                   json: { row, _ in row.comments.map { .number($0.share) } ?? .null }) { row, _ in row.comments.map { percentText($0.share) } ?? "-" },
            Column("peer_comment_share", "Peers", width: .content(min: 5, max: 5), alignRight: true,
                   json: { row, _ in row.comments.map { .number($0.peers) } ?? .null }) { row, _ in row.comments.map { percentText($0.peers) } ?? "-" },
            Column("rate", "Rated", width: .content(min: 5, max: 5), alignRight: true,
                   json: { row, _ in row.rated.map { .number($0.share) } ?? .null }) { row, _ in row.rated.map { percentText($0.share) } ?? "-" },
            Column("peer_rate", "Peers", width: .content(min: 5, max: 5), alignRight: true,
                   json: { row, _ in row.rated.map { .number($0.peers) } ?? .null }) { row, _ in row.rated.map { percentText($0.peers) } ?? "-" },
            Column("chance", "Chance", width: .content(min: 6, max: 28), priority: 1,
                   json: { row, _ in .number(row.pValue) }) { row, _ in Words.chance(row.pValue) },
            Column("z", "z", width: .content(min: 5, max: 11), alignRight: true, priority: 2,
                   json: { row, _ in row.z.map(JSONValue.number) ?? .null }) { row, _ in row.zText },
        ],
        ids: { _ in [] },
        extras: { row in [("signal", .string(row.mark == .asking ? "asking" : row.mark == .shared ? "shared" : "pressure"))] + row.extras },
        marker: { row, _ in row.mark })

    /// A pressure signal in words first, the statistic after.
    public static func pressureSentence(_ signal: PressureSignals.Signal) -> String {
        "\(signal.name): \(percentText(signal.topShare)) of \(signal.responses) responses gave the top score where "
            + "\(percentText(signal.peerTopShare)) of everyone else's did, and \(percentText(signal.commentShare)) left a comment against "
            + "\(percentText(signal.peerCommentShare)): by chance this happens \(Words.chance(signal.pValue)) "
            + "(one-sided z-test, z = \(String(format: "%.1f", signal.z)))."
    }

    public static let pressureExplanation = "Customers may be pushed for top scores where a staff member's or site's share of top scores "
        + "is far above everyone else's (so far that chance would give it less than 1 time in 700) while they leave under half as many "
        + "comments: the scores then hide the gaps."

    public static let audit = ListLayout<AuditEntry>(
        columns: [
            Column("at", "When", width: .content(min: 16, max: 20), json: { row, _ in iso(row.at) }) { row, context in
                FriendlyTime.full(row.at, zone: context.clock.timeZone)
            },
            Column("actor", "Who", width: .content(min: 5, max: 12)) { row, _ in row.actor },
            Column("action", "What", width: .text(min: 20, weight: 3), json: { row, _ in .string(row.action) }) { row, _ in Words.audit(row) },
            Column("entity", "On", width: .content(min: 6, max: 24)) { row, _ in "\(row.entity) \(row.entityId)" },
            Column("before", "Before", width: .text(min: 8), priority: 1, json: { row, _ in row.before.map(JSONValue.string) ?? .null }) { row, _ in
                row.before ?? ""
            },
            Column("after", "After", width: .text(min: 8), priority: 1, json: { row, _ in row.after.map(JSONValue.string) ?? .null }) { row, _ in
                row.after ?? ""
            },
        ],
        ids: { [("entry", $0.id)] },
        marker: { _, _ in nil })
}
