import Foundation
import GapdeskDomain
import GapdeskStore

/// The update step: state plus message gives new state plus effects.
/// It never draws and never touches the store.
public enum Update {
    public static func apply(_ message: Message, to state: inout AppState) -> [Effect] {
        switch message {
        case .input(let event):
            return input(event, &state)
        case .tick(let now):
            let before = state.clock.now
            state.clock.now = now
            if let status = state.status, now.timeIntervalSince(status.shownAt) > 8 { state.status = nil }
            // Time moves the figures too: a call falls overdue the moment its due time passes,
            // and day-based counts roll over each minute at the latest. The lists show
            // ages and due states from the clock as they draw; the gap ranking ages by
            // whole UTC days and fixes count quiet days, so re-ranking hourly keeps up.
            let fellDue = state.callbacks.rows.contains { $0.dueAt > before && $0.dueAt <= now }
            let newMinute = Int(before.timeIntervalSince1970 / 60) != Int(now.timeIntervalSince1970 / 60)
            let newHour = Int(before.timeIntervalSince1970 / 3600) != Int(now.timeIntervalSince1970 / 3600)
            if newHour { return [.reload] }
            return fellDue || newMinute ? [.reloadFigures] : []
        case .loadedCallbacks(let rows, let total, let atLeast):
            state.callbacks.receive(rows: rows, total: total, atLeast: atLeast, id: \.callbackId)
        case .loadedLowRated(let rows, let total, let atLeast):
            state.lowRated.receive(rows: rows, total: total, atLeast: atLeast, id: \.responseId)
        case .loadedGaps(let all):
            state.gapWarnings = all.filter(\.warning).count
            let rows = all.filter(state.gapView.includes)
            let windowed = Array(rows.dropFirst(state.gaps.top).prefix(max(1, state.layout.visibleRows(for: .gaps, focus: state.focus))))
            state.gaps.receive(rows: windowed, total: rows.count, atLeast: false, id: \.causeId)
        case .loadedFigures(let figures):
            state.figures = figures
        case .loadedResponseDetail(let detail, let id):
            if case .responseDetail(_, id, let scroll) = state.overlay { state.overlay = .responseDetail(detail, id: id, scroll: scroll) }
        case .loadedGapDetail(let detail, let id):
            if case .gapDetail(_, id, let scroll) = state.overlay { state.overlay = .gapDetail(detail, id: id, scroll: scroll) }
        case .loadedGapBreakdown(let breakdown, let id):
            if case .gapBreakdown(_, id, let scroll) = state.overlay { state.overlay = .gapBreakdown(breakdown, id: id, scroll: scroll) }
        case .loadedTeamSettings(let settings):
            if case .help(_, let scroll) = state.overlay { state.overlay = .help(settings, scroll: scroll) }
        case .loadedPressure(let list):
            if case .pressure(_, let scroll) = state.overlay { state.overlay = .pressure(list, scroll: scroll) }
        case .loadedCauses(let causes, let responseId, let customer, let tagged):
            state.modal = .tags(TagPicker(responseId: responseId, customer: customer, causes: causes, alreadyTagged: tagged))
        case .loadedAccounts(let accounts, let callbackId, let current):
            state.modal = .assign(AssignPicker(callbackId: callbackId, accounts: accounts, current: current))
        case .actionFinished(let result):
            state.pendingActions = max(0, state.pendingActions - 1)
            switch result {
            case .success(let done):
                state.undoStack.append(done.undo)
                say(done.message, .success, &state)
            case .failure(let failure):
                say(failure.message, .error, &state)
            }
            if case .success(let done) = result { return reload(done.changed, state) }
            return reloadAll(state)
        case .undoFinished(let result):
            state.pendingActions = max(0, state.pendingActions - 1)
            switch result {
            case .success(let message): say(message, .success, &state)
            case .failure(let failure): say(failure.message, .error, &state)
            }
            return reloadAll(state)
        case .copied(let phone, let ok):
            say(ok ? "Copied \(phone) to your terminal's clipboard (OSC 52; your terminal must allow it)."
                   : "Could not write to the terminal to copy \(phone).", ok ? .info : .error, &state)
        case .loadFailed(let message):
            say(message, .error, &state)
        case .readFinished:
            break
        case .storeChanged(let change):
            switch change {
            case .nothing: return []
            case .unknown: return reloadAll(state)
            case .topics(let topics): return reload(topics, state)
            }
        }
        return []
    }

    /// Reload what shows the changed topics: a recorded call reloads the
    /// calls and the header, not the gap ranking.
    static func reload(_ topics: Set<ChangeTopic>, _ state: AppState) -> [Effect] {
        if topics.contains(.responses) || topics.contains(.other) { return reloadAll(state) }
        var effects: [Effect] = []
        if topics.contains(.calls) { effects += [.reloadFigures, .reloadPane(.callbacks), .reloadPane(.lowRated)] }
        if topics.contains(.gaps) { effects += [.reloadPane(.gaps)] + (effects.contains(.reloadFigures) ? [] : [.reloadFigures]) }
        return effects.isEmpty ? [] : effects + reloadOverlay(state)
    }

    static func say(_ text: String, _ kind: StatusMessage.Kind, _ state: inout AppState) {
        state.status = StatusMessage(text: text, kind: kind, shownAt: state.clock.now)
    }

    /// Reload the lists, and the open detail if any.
    static func reloadAll(_ state: AppState) -> [Effect] {
        [.reload] + reloadOverlay(state)
    }

    static func reloadOverlay(_ state: AppState) -> [Effect] {
        switch state.overlay {
        case .responseDetail(_, let id, _): [.loadResponseDetail(id)]
        case .gapDetail(_, let id, _): [.loadGapDetail(id)]
        case .gapBreakdown(_, let id, _): [.loadGapBreakdown(id)]
        case .pressure: [.loadPressure]
        default: []
        }
    }

    static func input(_ event: InputEvent, _ state: inout AppState) -> [Effect] {
        switch event {
        case .hangup, .interrupt:
            state.quit = true
            return [.quit]
        case .resize(let rows, let columns):
            state.rows = rows
            state.columns = columns
            for pane in Pane.allCases { rescroll(pane, &state) }
            // A taller or wider window shows more of an overlay: keep its last line at the bottom, no further.
            if let scroll = state.overlay.scroll { state.overlay = state.overlay.scrolled(to: min(scroll, DetailView.maxScroll(state))) }
            if case .help(let settings, let scroll) = state.overlay { state.overlay = .help(settings, scroll: min(scroll, HelpView.maxScroll(state))) }
            return [.repaint, .reload]
        case .key(let key):
            if state.layout.isTooSmall {
                if key == .character("q") || key == .control("c") { state.quit = true; return [.quit] }
                return []
            }
            switch state.modal {
            case .form(var form):
                return formKey(key, &form, &state)
            case .tags(var picker):
                return tagKey(key, &picker, &state)
            case .assign(var picker):
                return assignKey(key, &picker, &state)
            case .none:
                break
            }
            if case .help(let settings, let scroll) = state.overlay {
                switch key {
                case .down, .character("j"): state.overlay = .help(settings, scroll: min(HelpView.maxScroll(state), scroll + 1))
                case .up, .character("k"): state.overlay = .help(settings, scroll: max(0, scroll - 1))
                default: state.overlay = .none
                }
                return []
            }
            guard let command = state.bindings.command(for: key, in: state.scope) else {
                if case .character(let c) = key, c.isLetter || c.isPunctuation {
                    say("\(key.name) does nothing here. Press ? for the keys.", .info, &state)
                }
                return []
            }
            if let binding = state.bindings.binding(command), let refusal = state.refusal(for: binding) {
                say(refusal, .error, &state)
                return []
            }
            return Commands.run(command, &state)
        }
    }

    /// Keeps a pane's window valid after a resize.
    static func rescroll(_ pane: Pane, _ state: inout AppState) {
        let visible = state.layout.visibleRows(for: pane, focus: state.focus)
        switch pane {
        case .callbacks: _ = state.callbacks.select(state.callbacks.selected, visible: visible)
        case .lowRated: _ = state.lowRated.select(state.lowRated.selected, visible: visible)
        case .gaps: _ = state.gaps.select(state.gaps.selected, visible: visible)
        }
    }
}
