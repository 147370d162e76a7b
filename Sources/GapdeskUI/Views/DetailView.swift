import Foundation
import GapdeskDomain
import GapdeskStore

/// A line of the detail view.
struct DetailLine: Equatable {
    var parts: [(String, Style)]
    static func == (a: DetailLine, b: DetailLine) -> Bool {
        a.parts.map(\.0) == b.parts.map(\.0) && a.parts.map(\.1) == b.parts.map(\.1)
    }
    init(_ parts: [(String, Style)]) { self.parts = parts }
    init(_ text: String, _ style: Style = .normal) { parts = [(text, style)] }
    static let blank = DetailLine("")
}

/// The detail of a response or a gap: every fact, scrollable.
enum DetailView {
    /// The title and lines of the open overlay, if it is one that scrolls.
    static func content(_ state: AppState) -> (title: String, lines: [DetailLine])? {
        let width = state.columns - 2
        let loading = [DetailLine("Loading…", .dim)]
        // While a gap's figures load, its name from the list stands in the title.
        func gapName(_ id: Int64) -> String { state.gaps.rows.first { $0.causeId == id }?.name ?? "gap \(id)" }
        switch state.overlay {
        case .responseDetail(let detail, let id, _):
            return (detail.map { "\($0.customer.anonymous ? ListLayouts.anonymous : $0.customer.name) \(state.glyphs.dot) response \(id)" } ?? "Response \(id)",
                    detail.map { responseLines($0, state: state, width: width) } ?? loading)
        case .gapDetail(let detail, let id, _):
            return ("Gap: " + (detail?.name ?? gapName(id)), detail.map { gapLines($0, state: state, width: width) } ?? loading)
        case .pressure(let list, _):
            return ("Pressure signals", list.map { pressureLines($0, state: state) } ?? loading)
        case .gapBreakdown(let breakdown, let id, _):
            return (breakdown.map { "Why #\($0.row.rank): \($0.row.name)" } ?? "Why: \(gapName(id))",
                    breakdown.map { breakdownLines($0, state: state, width: width) } ?? loading)
        case .none, .help:
            return nil
        }
    }

    /// Lines the body shows below the overlay's title row.
    static func visibleLines(_ layout: Layout) -> Int { layout.bodyHeight - 1 }

    /// The furthest the overlay can scroll: its last line at the bottom of the screen.
    static func maxScroll(_ state: AppState) -> Int {
        max(0, (content(state)?.lines.count ?? 0) - visibleLines(state.layout))
    }

    static func draw(_ state: AppState, _ painter: inout Painter) {
        guard let (title, lines) = content(state), let scroll = state.overlay.scroll else { return }
        let layout = state.layout
        let top = layout.bodyTop
        let height = visibleLines(layout)
        let first = min(scroll, max(0, lines.count - height))
        painter.fill(row: top, style: .tabActive)
        let position = lines.count > height ? "  \(first + 1)-\(min(lines.count, first + height))/\(lines.count)" : ""
        painter.segments([(" " + title, .tabActive), (position, .tabActive)], row: top, column: 0, width: painter.columns)
        for (offset, line) in lines.dropFirst(first).prefix(height).enumerated() {
            painter.segments(line.parts, row: top + 1 + offset, column: 1, width: painter.columns - 1)
        }
    }

    static func heading(_ text: String) -> DetailLine { DetailLine(text, .title) }

    static func wrapped(_ text: String, width: Int, indent: String = "  ", style: Style = .normal) -> [DetailLine] {
        Wrap.lines(SafeText.sanitize(text, keepNewlines: true), width: max(10, width - indent.count))
            .map { DetailLine(indent + $0, style) }
    }

    static func responseLines(_ d: ResponseDetail, state: AppState, width: Int) -> [DetailLine] {
        let clock = state.clock
        let dot = " \(state.glyphs.dot) "
        var lines: [DetailLine] = []
        var who: [(String, Style)] = [(d.customer.anonymous ? "Anonymous feedback" : d.customer.name, .bold)]
        who.append((dot, .dim))
        if d.customer.anonymous {
            who.append(("it names nobody, so there is nobody to call back", .dim))
        } else {
            who.append(d.customer.hasPhone ? (d.customer.phone!, .normal) : ("NO PHONE on record", .warning))
        }
        if let email = d.customer.email { who.append((dot + email, .normal)) }
        if let value = d.customer.value { who.append((dot + "value \(String(format: "%.0f", value))", .normal)) }
        lines.append(DetailLine(who))
        var contact = d.site + (d.staff.map { dot + "staff \($0)" } ?? "")
        if !d.contactKind.isEmpty {
            contact += dot + d.contactKind + (d.contactSummary.isEmpty ? "" : ": \(d.contactSummary)")
            if let at = d.contactAt { contact += " on " + TimeText.full(at, clock: clock) }
        }
        lines.append(DetailLine(contact))
        lines.append(DetailLine([("Rated \(d.rating)/\(d.scale.top)", d.critical ? .warning : .good),
                                 ((d.critical ? " (critical)" : "") + dot + d.channel + dot + "received " + TimeText.full(d.receivedAt, clock: clock)
                                  + dot + "id " + d.externalId, .normal)]))
        lines.append(.blank)
        lines.append(heading("In the customer's words"))
        lines += d.comment.isEmpty ? [DetailLine("  (no comment)", .dim)] : wrapped(d.comment, width: width)
        lines.append(.blank)
        lines.append(heading("Root causes"))
        lines.append(d.tags.isEmpty ? DetailLine("  untagged: press t to tag the root cause", .warning)
                                    : DetailLine("  " + d.tags.joined(separator: ", ")))
        if !d.suggestions.isEmpty {
            lines.append(DetailLine("  suggested: \(d.suggestions.joined(separator: ", ")) (press T to accept)", .dueToday))
        }
        lines.append(.blank)
        lines.append(heading("Callback"))
        if let callback = d.callback {
            var state1: [(String, Style)] = []
            if let outcome = callback.outcome, let done = callback.doneAt {
                state1.append(("  \(outcome.label) by \(d.doneBy ?? "?") at \(TimeText.full(done, clock: clock))", .good))
            } else if callback.dueAt < clock.now {
                state1.append(("  ! overdue by \(TimeText.duration(clock.now.timeIntervalSince(callback.dueAt)))", .overdue))
                state1.append((dot + "was due \(TimeText.full(callback.dueAt, clock: clock))", .normal))
            } else {
                state1.append(("  due \(TimeText.full(callback.dueAt, clock: clock)) (in \(TimeText.duration(callback.dueAt.timeIntervalSince(clock.now))))", .dueToday))
            }
            state1.append((dot + "assigned to \(callback.assignee ?? "nobody")" + dot + "\(callback.attempts) attempt\(callback.attempts == 1 ? "" : "s")", .normal))
            lines.append(DetailLine(state1))
            for attempt in d.attempts {
                var text = "  \(TimeText.full(attempt.at, clock: clock))  \(attempt.by)  \(attempt.outcome?.label ?? "?")"
                if let retry = attempt.retryAt { text += ", try again \(TimeText.full(retry, clock: clock))" }
                lines.append(DetailLine(text))
                if let note = attempt.note, !note.isEmpty { lines += wrapped("“\(note)”", width: width, indent: "      ", style: .dim) }
            }
            if d.guaranteeTotal > 0 {
                lines.append(DetailLine("  Guarantee invoked: \(String(format: "%.2f", d.guaranteeTotal)) waived", .warning))
            }
        } else {
            lines.append(DetailLine(d.customer.anonymous && d.critical ? "  none: the feedback is anonymous, so there is nobody to call"
                                                                       : "  none: this rating is not critical", .dim))
        }
        lines.append(.blank)
        lines.append(heading("Customer's history (\(d.history.count) other response\(d.history.count == 1 ? "" : "s"))"))
        for item in d.history {
            let text = "  \(TimeText.full(item.receivedAt, clock: clock))  \(item.rating)/\(item.scale.top)  \(item.site)"
                + (item.contactSummary.isEmpty ? "" : dot + item.contactSummary)
                + (item.comment.isEmpty ? "" : dot + "“\(item.comment)”")
            lines.append(DetailLine(text, item.scale.normalised(item.rating) < 1 ? .normal : .dim))
        }
        lines.append(.blank)
        lines += auditLines(d.audit, clock: clock)
        return lines
    }

    static func auditLines(_ audit: [AuditEntry], clock: Clock) -> [DetailLine] {
        var lines = [heading("Audit: who did what")]
        if audit.isEmpty { lines.append(DetailLine("  nothing recorded yet", .dim)) }
        for entry in audit {
            let change = [entry.before, entry.after].compactMap { $0 }.joined(separator: " → ")
            lines.append(DetailLine("  \(TimeText.full(entry.at, clock: clock))  \(entry.actor)  \(entry.action)  \(change)"))
        }
        return lines
    }

    static func gapLines(_ d: GapDetail, state: AppState, width: Int) -> [DetailLine] {
        let clock = state.clock
        let dot = " \(state.glyphs.dot) "
        var lines: [DetailLine] = []
        lines.append(DetailLine([(d.name, .bold),
                                 (dot + (d.kind.map { "kind \($0.rawValue): \($0.label) gap" } ?? "kind not set") + (d.team.map { dot + "team \($0)" } ?? ""), .normal)]))
        lines.append(.blank)
        lines.append(heading("Fix"))
        if let fix = d.fix {
            lines.append(DetailLine([("  \(fix.status.label)", fix.status == .done ? .good : .dueToday),
                                     (dot + "owner \(fix.owner ?? "nobody")" + dot + "effort \(fix.effort.map { String(format: "%g", $0) } ?? "not estimated")", .normal)]))
            if let note = fix.note { lines += wrapped(note, width: width, indent: "  ", style: .dim) }
        } else {
            lines.append(DetailLine("  no fix yet: press f to start one, o to set an owner", .warning))
        }
        lines.append(.blank)
        lines.append(heading("Latest critical feedback tagged with it (\(d.recent.count))"))
        if d.recent.isEmpty { lines.append(DetailLine("  none", .dim)) }
        for row in d.recent {
            lines.append(DetailLine("  \(TimeText.full(row.receivedAt, clock: clock))  \(row.rating)/\(row.scale.top)  \(row.customer)  \(row.site)"
                                    + (row.staff.map { dot + $0 } ?? "") + (row.comment.isEmpty ? "" : dot + "“\(row.comment)”")))
        }
        lines.append(.blank)
        lines += auditLines(d.audit, clock: clock)
        return lines
    }
}

extension DetailView {
    /// How many contributions why-this-rank lists; the rest show as one line
    /// with their sum (all of them: `gapdesk report gaps --format json`). The
    /// overlay is drawn from its lines on every frame, so they must stay few.
    public static let breakdownLimit = 300

    /// Every number behind a gap's rank, traced to its responses.
    static func breakdownLines(_ b: GapBreakdown, state: AppState, width: Int) -> [DetailLine] {
        let dot = " \(state.glyphs.dot) "
        let p = b.parameters
        var lines: [DetailLine] = []
        let row = b.row
        let summed = row.waived > 0
            ? "(\(String(format: "%.4f", b.contributionSum)) + guarantees \(String(format: "%.4f", b.guaranteePoints)))"
            : String(format: "%.4f", b.sum)
        lines.append(DetailLine([("RoS \(String(format: "%.4f", row.score))", .bold),
                                 (" = \(summed) ÷ effort \(String(format: "%g", b.effort))" + dot
                                  + "rank \(row.rank)" + dot + "\(row.countInWindow) responses in \(p.windowDays) days", .normal)]))
        // How the figures are worked out, wrapped to the window so nothing is cut off.
        for explanation in p.explanation(median: b.medianValue) {
            lines += wrapped(explanation, width: width, style: .dim)
        }
        var verdict: [(String, Style)] = [("  Fix: \(row.verdict.label)", row.warning ? .overdue : .normal)]
        if case .recurred = row.verdict { verdict = [("  Fix: RECURRED after it was done", .overdue)] }
        verdict.append((dot + "30 days: \(row.count30d) (previous 30: \(row.countPrevious30d))" + dot + "7 days: \(row.count7d)", .normal))
        if row.warning { verdict.append((dot + "EARLY WARNING: far above its own baseline (Poisson tail < 1%)", .overdue)) }
        lines.append(DetailLine(verdict))
        lines.append(DetailLine("  Money at risk \(ListLayouts.money(row.moneyAtRisk)) (waived \(ListLayouts.money(row.waived)) + value of customers affected)"))
        if !b.recurredBy.isEmpty {
            lines.append(.blank)
            lines.append(DetailLine("Responses that broke the fix", .overdue))
            for item in b.recurredBy {
                lines.append(DetailLine("  \(TimeText.full(item.receivedAt, clock: state.clock))  \(item.rating)/\(item.scale.top)  \(item.customer)  \(item.site)"
                                        + (item.comment.isEmpty ? "" : dot + "“\(item.comment)”")))
            }
        }
        lines.append(.blank)
        lines.append(heading("Contributions (largest first)\(row.waived > 0 ? " and guarantees" : ""); they sum to \(String(format: "%.4f", b.sum))"))
        lines.append(DetailLine("  " + DisplayWidth.fit("received", to: 11) + DisplayWidth.fit("customer", to: 18) + "rating  shortfall × recency × value × 1/k  = contribution", .columnHeader))
        for line in b.lines {
            let c = line.contribution
            let text = "  " + DisplayWidth.fit(TimeText.dayAndTime(line.receivedAt, clock: state.clock), to: 11)
                + DisplayWidth.fit(line.customer, to: 18)
                + DisplayWidth.fit("\(line.rating)/\(line.scale.top)", to: 8)
                + String(format: "%.3f × %.3f × %.2f × %.2f = %.4f", c.shortfall, c.recency, c.value, c.share, c.amount)
            lines.append(DetailLine(text))
        }
        if b.otherCount > 0 {
            lines.append(DetailLine("  … and \(b.otherCount) smaller ones, \(String(format: "%.4f", b.otherSum)) together "
                                    + "(every one: gapdesk report gaps --format json)", .dim))
        }
        if row.waived > 0 {
            lines.append(DetailLine("  guarantees waived \(String(format: "%.2f", row.waived)) ÷ \(String(format: "%g", p.moneyPerPoint)) per point"
                                    + " = \(String(format: "%.4f", b.guaranteePoints))"))
        }
        lines.append(.blank)
        lines.append(heading("Where and who"))
        lines.append(DetailLine("  Sites: " + b.bySite.prefix(8).map { "\($0.0) \($0.1)" }.joined(separator: ", ")))
        lines.append(DetailLine("  Staff: " + b.byStaff.prefix(10).map { "\($0.0) \($0.1)" }.joined(separator: ", ")))
        return lines
    }
}

extension DetailView {
    static func pressureLines(_ list: PressureList, state: AppState) -> [DetailLine] {
        var lines = Wrap.lines(ListLayouts.pressureExplanation, width: max(20, state.columns - 4)).map { DetailLine("  " + $0, .dim) }
        lines.append(.blank)
        for (title, signals) in [("Staff", list.staff), ("Sites", list.sites)] {
            lines.append(heading(title))
            if signals.isEmpty { lines.append(DetailLine("  none", .dim)) }
            for signal in signals {
                let name = "  ! " + signal.name
                let figures = "\(signal.responses) responses, top scores \(ListLayouts.percent(signal.topShare)) (peers \(ListLayouts.percent(signal.peerTopShare))), "
                    + "comments \(ListLayouts.percent(signal.commentShare)) (peers \(ListLayouts.percent(signal.peerCommentShare))), z = \(String(format: "%.1f", signal.z))"
                // Side by side where they fit, else the figures wrapped under the name.
                if DisplayWidth.of(name) + 2 + DisplayWidth.of(figures) <= state.columns - 2 {
                    lines.append(DetailLine([(name, .warning), ("  " + figures, .normal)]))
                } else {
                    lines.append(DetailLine(name, .warning))
                    lines += wrapped(figures, width: state.columns - 2, indent: "    ")
                }
            }
            lines.append(.blank)
        }
        return lines
    }
}
