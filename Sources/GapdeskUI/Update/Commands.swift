import Foundation
import GapdeskDomain
import GapdeskStore

/// What each command does to the state. Whatever is particular to a pane
/// (its rows, what a row is about, what Enter opens) comes from its entry in `Panes`.
enum Commands {
    static func run(_ command: Command, _ state: inout AppState) -> [Effect] {
        let keys = state.bindings
        let spec = state.focus.spec
        switch command {
        case .down: return move(1, &state)
        case .up: return move(-1, &state)
        case .top: return jump(toEnd: false, &state)
        case .bottom: return jump(toEnd: true, &state)
        case .pageDown: return move(max(1, page(state) - 1), &state)
        case .pageUp: return move(-max(1, page(state) - 1), &state)
        case .nextPane: return focus(offset: 1, &state)
        case .previousPane: return focus(offset: -1, &state)
        case .show(let pane): return focus(pane, &state)
        case .open:
            guard let row = state.selectedRow else { return nothingSelected(&state) }
            guard let id = spec.open(row) else { return [] }
            return open(id, &state)
        case .back:
            // The lists stayed current while the overlay was open (data changes reload them).
            state.overlay = nil
            return []
        case .help:
            if state.overlay?.id == .help { state.overlay = nil; return [] }
            return open(.help, &state)
        case .quit:
            state.quit = true
            return [.quit]
        case .refresh:
            return [.repaint] + Update.reloadAll(state)
        case .filter:
            let current = FilterParser.describe(state.list(state.focus).filter)
            let offered = spec.filters.map { $0 == .words ? "words" : $0.prefix + "NAME" }.joined(separator: "  ")
            state.modal = .form(Form(title: "Filter \(spec.title)", purpose: .filter(state.focus), fields: [
                .init(id: "query", label: "Show", input: .text(LineEditor(current), placeholder: offered + "  (empty: all)")),
            ]))
            return []
        case .sort:
            return cycle(\.sortIndex, through: spec.sorts, &state) { "\(spec.title) sorted by \($0)." }
        case .view:
            return cycle(\.viewIndex, through: spec.views, &state) { "\(spec.title): showing \($0)." }
        case .recordCall: return recordCall(&state)
        case .tag:
            guard let target = target(state) else { return nothingSelected(&state) }
            return [.loadCauses(target)]
        case .assign:
            guard let target = target(state) else { return nothingSelected(&state) }
            guard let callback = target.callback, callback.doneAt == nil else {
                Update.say("Only an open call can be assigned.", .info, &state)
                return []
            }
            return [.loadAccounts(.assign(callbackId: callback.callbackId), current: callback.assignee)]
        case .moveFix: return moveFix(&state)
        case .setOwner:
            guard let gap = selectedGap(state) else { return nothingSelected(&state) }
            return [.loadAccounts(.owner(gap), current: gap.owner)]
        case .copyPhone: return copyPhone(&state)
        case .acceptSuggestion:
            guard let target = target(state) else { return nothingSelected(&state) }
            guard !target.suggestions.isEmpty else {
                Update.say("No suggestion for this feedback: press \(keys.keyName(.tag)) to tag it.", .info, &state)
                return []
            }
            state.pendingActions += 1
            return [.perform(.tag(responseId: target.responseId, causes: target.suggestions, kind: nil))]
        case .pressure:
            return open(.pressure, &state)
        case .results:
            return open(.results, &state)
        case .mine:
            return open(.mine, &state)
        case .tellFixed:
            guard let gap = selectedGap(state) else { return nothingSelected(&state) }
            state.pendingActions += 1
            return [.perform(.createFollowups(gap))]
        case .why:
            guard let gap = selectedGap(state) else { return nothingSelected(&state) }
            return open(.why(gap.id), &state)
        case .undo:
            guard let token = state.undoStack.popLast() else {
                Update.say(ActionRefusal.nothingToUndo.description, .info, &state)
                return []
            }
            state.pendingActions += 1
            return [.undo(token)]
        case .submit, .nextField, .previousField:
            return []  // forms and pickers take these (see `Update`)
        }
    }

    static func open(_ id: OverlayID, _ state: inout AppState) -> [Effect] {
        var overlay = OverlayState(id: id)
        overlay.lines = Overlays.lines(overlay, state)
        state.overlay = overlay
        return [.loadOverlay(id)]
    }

    static func page(_ state: AppState) -> Int {
        if let overlay = state.overlay { return Overlays.visibleLines(overlay.id, state.layout) }
        return state.layout.visibleRows(for: state.focus, focus: state.focus)
    }

    static func move(_ delta: Int, _ state: inout AppState) -> [Effect] {
        if var overlay = state.overlay {
            // Overlays scroll instead of moving a cursor, never past their last line.
            overlay.scroll = max(0, min(Overlays.maxScroll(overlay, state.layout), overlay.scroll + delta))
            state.overlay = overlay
            return []
        }
        let pane = state.focus
        let visible = state.layout.visibleRows(for: pane, focus: pane)
        var reload = false
        state.update(pane) { list in
            reload = list.move(by: delta, visible: visible)
            // Past the loaded window, forget the id so the new window keeps the index.
            list.selectedId = reload ? nil : list.selectedRow?.id
        }
        return reload ? [.reloadPane(pane)] : []
    }

    static func jump(toEnd: Bool, _ state: inout AppState) -> [Effect] {
        if var overlay = state.overlay {
            overlay.scroll = toEnd ? Overlays.maxScroll(overlay, state.layout) : 0
            state.overlay = overlay
            return []
        }
        let list = state.list(state.focus)
        return move((toEnd ? max(0, list.total - 1) : 0) - list.selected, &state)
    }

    static func focus(offset: Int, _ state: inout AppState) -> [Effect] {
        let index = Panes.all.firstIndex { $0.pane == state.focus } ?? 0
        return focus(Panes.all[(index + offset + Panes.all.count) % Panes.all.count].pane, &state)
    }

    static func focus(_ pane: Pane, _ state: inout AppState) -> [Effect] {
        state.focus = pane
        Update.rescroll(pane, &state)
        return [.reloadPane(pane)]
    }

    static func nothingSelected(_ state: inout AppState) -> [Effect] {
        Update.say("Nothing selected: the list is empty.", .info, &state)
        return []
    }

    /// The response and call under the cursor, in a detail or a list.
    /// Moves the focused pane on to its next sort or view, from the top, and says which.
    static func cycle(_ index: WritableKeyPath<ListState<PaneRow>, Int>, through names: [String], _ state: inout AppState,
                      saying: (String) -> String) -> [Effect] {
        guard !names.isEmpty else { return [] }
        let pane = state.focus
        state.update(pane) { list in
            list[keyPath: index] = (list[keyPath: index] + 1) % names.count
            list.resetCursor()
        }
        Update.say(saying(names[state.list(pane)[keyPath: index]]), .info, &state)
        return [.reloadPane(pane)]
    }

    static func target(_ state: AppState) -> Target? {
        if let overlay = state.overlay { return Overlays.target(overlay) }
        return state.selectedRow.flatMap(state.focus.spec.target)
    }

    /// The gap under the cursor, in a detail, why-this-rank or a list.
    static func selectedGap(_ state: AppState) -> GapTarget? {
        if let overlay = state.overlay { return Overlays.gap(overlay) }
        return state.selectedRow.flatMap(state.focus.spec.gap)
    }

    static func recordCall(_ state: inout AppState) -> [Effect] {
        if state.overlay == nil, let row = state.selectedRow, let form = state.focus.spec.record?(row) {
            state.modal = .form(form)
            return []
        }
        guard let target = target(state) else { return nothingSelected(&state) }
        if target.anonymous {
            Update.say("This feedback is anonymous: there is nobody to call. Tag its root cause with \(state.bindings.keyName(.tag)).", .info, &state)
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
        state.modal = .form(CallForm.make(callbackId: callback.callbackId, customer: target.customer, phone: target.phone, zone: target.siteZone))
        return []
    }

    static func moveFix(_ state: inout AppState) -> [Effect] {
        guard let gap = selectedGap(state) else { return nothingSelected(&state) }
        guard let next = gap.status == nil ? FixStatus.inProgress : gap.status?.next else {
            Update.say("The fix for \"\(gap.name)\" is already done; the data will show whether it holds.", .info, &state)
            return []
        }
        return [.loadAccounts(.fix(gap, to: next), current: gap.owner ?? state.account)]
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
