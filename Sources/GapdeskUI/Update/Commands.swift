import Foundation
import GapdeskDomain
import GapdeskStore

/// What each command does to the state.
enum Commands {
    static func run(_ command: Command, _ state: inout AppState) -> [Effect] {
        switch command {
        case .down: return move(1, &state)
        case .up: return move(-1, &state)
        case .top: return jump(0, &state)
        case .bottom: return jump(Int.max / 2, &state)
        case .pageDown: return move(max(1, page(state) - 1), &state)
        case .pageUp: return move(-max(1, page(state) - 1), &state)
        case .nextPane: return focus(Pane(rawValue: (state.focus.rawValue + 1) % 3)!, &state)
        case .previousPane: return focus(Pane(rawValue: (state.focus.rawValue + 2) % 3)!, &state)
        case .showCallbacks: return focus(.callbacks, &state)
        case .showLowRated: return focus(.lowRated, &state)
        case .showGaps: return focus(.gaps, &state)
        case .open: return open(&state)
        case .back:
            // The lists stayed current while the detail was open (data changes reload them).
            state.overlay = .none
            return []
        case .help:
            state.overlay = .help(nil, scroll: 0)
            return [.loadTeamSettings]
        case .quit:
            state.quit = true
            return [.quit]
        case .refresh:
            return [.repaint] + Update.reloadAll(state)
        case .filter:
            let current = FilterParser.describe(filter(of: state.focus, state))
            state.modal = .form(Form(title: "Filter \(state.focus.title)", purpose: .filter(state.focus), fields: [
                .init(id: "query", label: "Show", input: .text(LineEditor(current), placeholder: "words  site:NAME  staff:NAME  tag:NAME  (empty: all)")),
            ]))
            return []
        case .sort:
            let sorts = state.focus.sorts
            switch state.focus {
            case .callbacks: state.callbacks.sortIndex = (state.callbacks.sortIndex + 1) % sorts.count
            case .lowRated: state.lowRated.sortIndex = (state.lowRated.sortIndex + 1) % sorts.count
            case .gaps: state.gaps.sortIndex = (state.gaps.sortIndex + 1) % sorts.count
            }
            resetCursor(state.focus, &state)
            Update.say("\(state.focus.title) sorted by \(sorts[sortIndex(state.focus, state)]).", .info, &state)
            return [.reloadPane(state.focus)]
        case .recordCall: return recordCall(&state)
        case .tag: return tag(&state)
        case .assign: return assign(&state)
        case .moveFix: return moveFix(&state)
        case .setOwner: return setOwner(&state)
        case .copyPhone: return copyPhone(&state)
        case .acceptSuggestion:
            guard let target = target(state) else { return nothingSelected(&state) }
            guard !target.suggestions.isEmpty else {
                Update.say("No suggestion for \(target.customer)'s feedback: press t to tag it.", .info, &state)
                return []
            }
            state.pendingActions += 1
            return [.perform(.tag(responseId: target.responseId, causes: target.suggestions, kind: nil))]
        case .pressure:
            state.overlay = .pressure(nil, scroll: 0)
            return [.loadPressure]
        case .why:
            guard let gap = selectedGap(state) else { return nothingSelected(&state) }
            state.overlay = .gapBreakdown(nil, id: gap.id, scroll: 0)
            return [.loadGapBreakdown(gap.id)]
        case .gapView:
            state.gapView = GapView(rawValue: (state.gapView.rawValue + 1) % GapView.allCases.count)!
            resetCursor(.gaps, &state)
            Update.say("Gaps: showing \(state.gapView.label).", .info, &state)
            return [.reloadPane(.gaps)]
        case .undo:
            guard let token = state.undoStack.popLast() else {
                Update.say(ActionRefusal.nothingToUndo.description, .info, &state)
                return []
            }
            state.pendingActions += 1
            return [.undo(token)]
        }
    }

    static func page(_ state: AppState) -> Int {
        switch state.overlay {
        case .none, .help: state.layout.visibleRows(for: state.focus, focus: state.focus)
        default: state.layout.bodyHeight
        }
    }

    static func filter(of pane: Pane, _ state: AppState) -> ListFilter {
        switch pane {
        case .callbacks: state.callbacks.filter
        case .lowRated: state.lowRated.filter
        case .gaps: state.gaps.filter
        }
    }

    static func sortIndex(_ pane: Pane, _ state: AppState) -> Int {
        switch pane {
        case .callbacks: state.callbacks.sortIndex
        case .lowRated: state.lowRated.sortIndex
        case .gaps: state.gaps.sortIndex
        }
    }

    static func resetCursor(_ pane: Pane, _ state: inout AppState) {
        switch pane {
        case .callbacks: state.callbacks.top = 0; state.callbacks.selected = 0; state.callbacks.selectedId = nil
        case .lowRated: state.lowRated.top = 0; state.lowRated.selected = 0; state.lowRated.selectedId = nil
        case .gaps: state.gaps.top = 0; state.gaps.selected = 0; state.gaps.selectedId = nil
        }
    }

    static func move(_ delta: Int, _ state: inout AppState) -> [Effect] {
        if scrollOverlay(delta, &state) { return [] }
        let visible = state.layout.visibleRows(for: state.focus, focus: state.focus)
        let reload: Bool
        switch state.focus {
        case .callbacks:
            reload = state.callbacks.move(by: delta, visible: visible)
            state.callbacks.selectedId = state.callbacks.selectedRow?.callbackId
        case .lowRated:
            reload = state.lowRated.move(by: delta, visible: visible)
            state.lowRated.selectedId = state.lowRated.selectedRow?.responseId
        case .gaps:
            reload = state.gaps.move(by: delta, visible: visible)
            state.gaps.selectedId = state.gaps.selectedRow?.causeId
        }
        if reload {
            // The cursor left the loaded window: forget the id so the new window keeps the index.
            switch state.focus {
            case .callbacks: state.callbacks.selectedId = nil
            case .lowRated: state.lowRated.selectedId = nil
            case .gaps: state.gaps.selectedId = nil
            }
        }
        return reload ? [.reloadPane(state.focus)] : []
    }

    static func jump(_ index: Int, _ state: inout AppState) -> [Effect] {
        if state.overlay.scroll != nil {
            state.overlay = state.overlay.scrolled(to: index == 0 ? 0 : DetailView.maxScroll(state))
            return []
        }
        let current: Int
        switch state.focus {
        case .callbacks: current = state.callbacks.selected
        case .lowRated: current = state.lowRated.selected
        case .gaps: current = state.gaps.selected
        }
        return move(index - current, &state)
    }

    /// Detail views scroll instead of moving a cursor, never past their last line.
    static func scrollOverlay(_ delta: Int, _ state: inout AppState) -> Bool {
        guard let scroll = state.overlay.scroll else { return false }
        state.overlay = state.overlay.scrolled(to: max(0, min(DetailView.maxScroll(state), scroll + delta)))
        return true
    }

    static func focus(_ pane: Pane, _ state: inout AppState) -> [Effect] {
        state.focus = pane
        Update.rescroll(pane, &state)
        return [.reloadPane(pane)]
    }

    static func open(_ state: inout AppState) -> [Effect] {
        switch state.focus {
        case .callbacks:
            guard let row = state.callbacks.selectedRow else { return nothingSelected(&state) }
            state.overlay = .responseDetail(nil, id: row.responseId, scroll: 0)
            return [.loadResponseDetail(row.responseId)]
        case .lowRated:
            guard let row = state.lowRated.selectedRow else { return nothingSelected(&state) }
            state.overlay = .responseDetail(nil, id: row.responseId, scroll: 0)
            return [.loadResponseDetail(row.responseId)]
        case .gaps:
            guard let row = state.gaps.selectedRow else { return nothingSelected(&state) }
            state.overlay = .gapDetail(nil, id: row.causeId, scroll: 0)
            return [.loadGapDetail(row.causeId)]
        }
    }

    static func nothingSelected(_ state: inout AppState) -> [Effect] {
        Update.say("Nothing selected: the list is empty.", .info, &state)
        return []
    }

    /// The response and callback under the cursor, in a list or the detail view.
    struct Target {
        var responseId: Int64
        var customer: String
        var phone: String?
        var callback: CallbackSummary?
        var tags: [String]
        var suggestions: [String] = []
        var anonymous = false
    }

    static func target(_ state: AppState) -> Target? {
        switch state.overlay {
        case .responseDetail(let detail?, _, _):
            return Target(responseId: detail.responseId, customer: detail.customer.name, phone: detail.customer.phone,
                          callback: detail.callback, tags: detail.tags, suggestions: detail.suggestions, anonymous: detail.customer.anonymous)
        case .responseDetail(nil, _, _), .gapDetail, .gapBreakdown, .pressure:
            return nil
        default:
            break
        }
        switch state.focus {
        case .callbacks:
            return state.callbacks.selectedRow.map {
                Target(responseId: $0.responseId, customer: $0.customer, phone: $0.phone,
                       callback: CallbackSummary(callbackId: $0.callbackId, dueAt: $0.dueAt, doneAt: nil, outcome: nil,
                                                 attempts: $0.attempts, assignee: $0.assignee), tags: [])
            }
        case .lowRated:
            return state.lowRated.selectedRow.map {
                Target(responseId: $0.responseId, customer: $0.customer, phone: $0.phone, callback: $0.callback, tags: $0.tags,
                       suggestions: $0.suggestions, anonymous: $0.anonymous)
            }
        case .gaps:
            return nil
        }
    }

    static func recordCall(_ state: inout AppState) -> [Effect] {
        guard let target = target(state) else { return nothingSelected(&state) }
        if target.anonymous {
            Update.say("This feedback is anonymous: there is nobody to call. Tag its root cause with t.", .info, &state)
            return []
        }
        guard let callback = target.callback else {
            Update.say("\(target.customer)'s response is not critical, so it has no callback.", .info, &state)
            return []
        }
        if callback.doneAt != nil {
            Update.say("\(target.customer)'s call is already closed (\(callback.outcome?.label ?? "done")).", .info, &state)
            return []
        }
        state.modal = .form(CallForm.make(callbackId: callback.callbackId, customer: target.customer, phone: target.phone))
        return []
    }

    static func tag(_ state: inout AppState) -> [Effect] {
        guard let target = target(state) else { return nothingSelected(&state) }
        return [.loadCauses(responseId: target.responseId, customer: target.customer, tagged: target.tags)]
    }

    static func assign(_ state: inout AppState) -> [Effect] {
        guard let target = target(state) else { return nothingSelected(&state) }
        guard let callback = target.callback, callback.doneAt == nil else {
            Update.say("Only an open call can be assigned.", .info, &state)
            return []
        }
        return [.loadAccounts(callbackId: callback.callbackId, current: callback.assignee)]
    }

    static func selectedGap(_ state: AppState) -> (id: Int64, name: String, status: FixStatus?, owner: String?, effort: Double?, revision: Int)? {
        if case .gapDetail(let detail?, _, _) = state.overlay {
            return (detail.causeId, detail.name, detail.fix?.status, detail.fix?.owner, detail.fix?.effort, detail.fixRevision)
        }
        if case .gapBreakdown(let breakdown?, _, _) = state.overlay {
            let row = breakdown.row
            return (row.causeId, row.name, row.fixStatus, row.owner, row.effort, row.fixRevision)
        }
        guard state.focus == .gaps, let row = state.gaps.selectedRow else { return nil }
        return (row.causeId, row.name, row.fixStatus, row.owner, row.effort, row.fixRevision)
    }

    static func moveFix(_ state: inout AppState) -> [Effect] {
        guard let gap = selectedGap(state) else { return nothingSelected(&state) }
        let current = gap.status
        guard let next = current == nil ? FixStatus.open : current?.next else {
            Update.say("The fix for \"\(gap.name)\" is already done; the data will show whether it holds.", .info, &state)
            return []
        }
        let shownNext = current == nil ? FixStatus.inProgress : next
        state.modal = .form(Form(title: "Fix for \"\(gap.name)\": \(current?.label ?? "no fix yet") → \(shownNext.label)",
                                 purpose: .moveFix(causeId: gap.id, name: gap.name, to: shownNext, revision: gap.revision), fields: [
            .init(id: "owner", label: "Owner", input: .text(LineEditor(gap.owner ?? state.account), placeholder: "who is responsible")),
            .init(id: "effort", label: "Effort", input: .text(LineEditor(gap.effort.map { String(format: "%g", $0) } ?? ""),
                                                               placeholder: "estimate, e.g. 2 (default 1)")),
            .init(id: "note", label: "Note", input: .text(LineEditor(""), placeholder: "what is being done (optional)")),
        ]))
        return []
    }

    static func setOwner(_ state: inout AppState) -> [Effect] {
        guard let gap = selectedGap(state) else { return nothingSelected(&state) }
        state.modal = .form(Form(title: "Owner of \"\(gap.name)\"", purpose: .setOwner(causeId: gap.id, name: gap.name), fields: [
            .init(id: "owner", label: "Owner", input: .text(LineEditor(gap.owner ?? ""), placeholder: "who is responsible")),
        ]))
        return []
    }

    static func copyPhone(_ state: inout AppState) -> [Effect] {
        guard let target = target(state) else { return nothingSelected(&state) }
        guard let phone = target.phone, !phone.trimmingCharacters(in: .whitespaces).isEmpty else {
            Update.say(target.anonymous ? "This feedback is anonymous: there is no phone number." : "\(target.customer) has no phone number on record.",
                       .error, &state)
            return []
        }
        // Stored before phone numbers were checked: never put a control character on anyone's clipboard.
        if let reason = TextRules.phoneProblem(phone) {
            Update.say("Not copied: \(reason).", .error, &state)
            return []
        }
        return [.copyToClipboard(phone)]
    }
}
