import Foundation
import GapdeskDomain
import GapdeskStore

/// One response in full: who, where, what they said, the root causes, the
/// call and every attempt, the customer's history and the audit. Its times
/// are in the site's zone.
enum ResponseOverlay {
    static func spec(_ id: Int64) -> OverlaySpec {
        OverlaySpec(
            scope: .responseDetail,
            title: { content, state in
                guard case .response(let detail)? = content else { return "Response \(id)" }
                return "\(detail.customer.anonymous ? ListLayouts.anonymous : detail.customer.name) \(state.glyphs.dot) response \(id)"
            },
            load: { store, _ throws(StoreError) in try store.responseDetail(id: id).map(OverlayContent.response) },
            lines: { content, state, width in
                guard case .response(let detail) = content else { return [] }
                return lines(detail, state: state, width: width)
            },
            target: { content in
                guard case .response(let detail) = content else { return nil }
                return Target(responseId: detail.responseId, customer: detail.customer.name, phone: detail.customer.phone,
                              callback: detail.callback, tags: detail.tags, suggestions: detail.suggestions,
                              anonymous: detail.customer.anonymous, siteZone: detail.siteZone)
            })
    }

    static func lines(_ d: ResponseDetail, state: AppState, width: Int) -> [DetailLine] {
        let clock = state.clock, keys = state.bindings, zone = d.siteZone
        let dot = " \(state.glyphs.dot) "
        func time(_ date: Date) -> String { TimeText.full(date, clock: clock, zone: zone) }
        var lines: [DetailLine] = []
        var who: [(String, Style)] = [(d.customer.anonymous ? "Anonymous feedback" : d.customer.name, .bold), (dot, .dim)]
        if d.customer.anonymous {
            who.append(("it names nobody, so there is nobody to call back", .dim))
        } else {
            who.append(d.customer.hasPhone ? (d.customer.phone!, .normal) : ("NO PHONE on record", .warning))
        }
        if let email = d.customer.email { who.append((dot + email, .normal)) }
        if let value = d.customer.value { who.append((dot + "value " + Money.glance(value, state.context.currency), .normal)) }
        let links = d.customer.anonymous ? [] : [(d.customer.phone, Hyperlink.telephone(d.customer.phone)), (d.customer.email, Hyperlink.mail(d.customer.email))]
            .compactMap { text, target in text.flatMap { text in target.map { (text: text, target: $0) } } }
        lines.append(DetailLine(who, links: links))
        var contact = d.site + (d.staff.map { dot + "staff \($0)" } ?? "")
        if !d.contactKind.isEmpty {
            contact += dot + d.contactKind + (d.contactSummary.isEmpty ? "" : ": \(d.contactSummary)")
            if let at = d.contactAt { contact += " on " + time(at) }
        }
        lines.append(DetailLine(contact))
        lines.append(DetailLine([("Rated \(d.rating)/\(d.scale.top)", d.critical ? .warning : .good),
                                 ((d.critical ? " (critical)" : "") + dot + d.channel + dot + "received " + time(d.receivedAt)
                                  + dot + "id " + d.externalId, .normal)]))
        lines.append(.blank)
        lines.append(.heading("In the customer's words"))
        lines += d.comment.isEmpty ? [DetailLine("  (no comment)", .dim)]
            : SafeText.sanitize(d.comment, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false).map { DetailLine("  " + $0) }
        lines.append(.blank)
        lines.append(.heading("Root causes"))
        lines.append(d.tags.isEmpty ? DetailLine("  untagged: press \(keys.keyName(.tag)) to tag the root cause", .warning)
                                    : DetailLine("  " + d.tags.joined(separator: ", ")))
        if !d.suggestions.isEmpty {
            lines.append(DetailLine("  suggested: \(d.suggestions.joined(separator: ", ")) (press \(keys.keyName(.acceptSuggestion)) to accept)", .dueToday))
        }
        lines.append(.blank)
        lines.append(.heading("Callback"))
        if let callback = d.callback {
            var state1: [(String, Style)] = []
            if let outcome = callback.outcome, let done = callback.doneAt {
                state1.append(("  \(outcome.label) by \(d.doneBy ?? "?") " + FriendlyTime.when(done, now: clock.now, zone: zone, viewer: clock.timeZone), .good))
            } else if callback.dueAt < clock.now {
                state1.append(("  ! overdue by \(TimeText.duration(clock.now.timeIntervalSince(callback.dueAt)))", .overdue))
                state1.append((dot + "was due " + FriendlyTime.at(callback.dueAt, now: clock.now, zone: zone, viewer: clock.timeZone), .normal))
            } else {
                state1.append(("  due " + FriendlyTime.at(callback.dueAt, now: clock.now, zone: zone, viewer: clock.timeZone)
                               + " (in \(TimeText.duration(callback.dueAt.timeIntervalSince(clock.now))))", .dueToday))
            }
            state1.append((dot + "assigned to \(callback.assignee ?? "nobody")" + dot + "\(callback.attempts) attempt\(callback.attempts == 1 ? "" : "s")", .normal))
            lines.append(DetailLine(state1))
            for attempt in d.attempts {
                var text = "  \(time(attempt.at))  \(attempt.by)  \(attempt.outcome?.label ?? "?")"
                if let retry = attempt.retryAt { text += ", call again " + FriendlyTime.at(retry, now: clock.now, zone: zone, viewer: clock.timeZone) }
                lines.append(DetailLine(text))
                if let note = attempt.note, !note.isEmpty { lines.append(DetailLine("      “\(note)”", .dim)) }
            }
            if d.guaranteeTotal > 0 {
                lines.append(DetailLine("  Guarantee invoked: \(Money.exact(d.guaranteeTotal, state.context.currency)) waived", .warning))
            }
        } else {
            lines.append(DetailLine(d.customer.anonymous && d.critical ? "  none: the feedback is anonymous, so there is nobody to call"
                                                                       : "  none: this rating is not critical", .dim))
        }
        lines.append(.blank)
        lines.append(.heading("Customer's history (\(d.history.count) other response\(d.history.count == 1 ? "" : "s"))"))
        for item in d.history {
            let text = "  \(TimeText.full(item.receivedAt, clock: clock, zone: item.siteZone))  \(item.rating)/\(item.scale.top)  \(item.site)"
                + (item.contactSummary.isEmpty ? "" : dot + item.contactSummary)
                + (item.comment.isEmpty ? "" : dot + "“\(item.comment)”")
            lines.append(DetailLine(text, item.scale.normalised(item.rating) < 1 ? .normal : .dim))
        }
        lines.append(.blank)
        lines += audit(d.audit, state: state, zone: zone)
        return lines
    }

    /// Who did what, in words, in the place's zone.
    static func audit(_ audit: [AuditEntry], state: AppState, zone: TimeZone) -> [DetailLine] {
        var lines = [DetailLine.heading("Audit: who did what")]
        if audit.isEmpty { lines.append(DetailLine("  nothing recorded yet", .dim)) }
        for entry in audit {
            lines.append(DetailLine("  \(TimeText.full(entry.at, clock: state.clock, zone: zone))  \(entry.actor) \(Words.audit(entry))"))
        }
        return lines
    }
}
