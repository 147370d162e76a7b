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
            let fellDue = Panes.all.contains { spec in
                spec.turned.map { turned in state.list(spec.pane).rows.contains { turned($0, before, now) } } ?? false
            }
            let newMinute = Int(before.timeIntervalSince1970 / 60) != Int(now.timeIntervalSince1970 / 60)
            let newHour = Int(before.timeIntervalSince1970 / 3600) != Int(now.timeIntervalSince1970 / 3600)
            if newHour { return [.reload] }
            return fellDue || newMinute ? [.reloadFigures] : []
        case .loaded(let pane, let load):
            state.update(pane) { $0.receive(rows: load.rows, total: load.total, atLeast: load.atLeast, id: \.id) }
        case .loadedFigures(let figures):
            state.figures = figures
        case .loadedTeam(let look):
            state.siteLabels = look.siteLabels
            state.currency = look.currency
            state.rankingWindowDays = look.rankingWindowDays
            state.isEmptyStore = look.isEmpty
            relayOverlay(&state)
        case .overlayLoaded(let id, let content):
            guard state.overlay?.id == id else { return [] }
            state.overlay?.content = content
            relayOverlay(&state)
            if content == nil { state.overlay?.lines = [DetailLine("It is no longer there: someone may have removed it.", .dim)] }
        case .loadedCauses(let causes, let target):
            state.modal = .tags(TagPicker(responseId: target.responseId, customer: target.customer, causes: causes, alreadyTagged: target.tags,
                                          suggested: target.suggestions))
        case .loadedAccounts(let accounts, let purpose, let current):
            if case .fix(let gap, let status) = purpose {
                state.modal = .form(FixForm.make(gap, to: status, accounts: accounts, current: current))
            } else {
                state.modal = .accounts(AccountPicker(purpose: purpose, accounts: accounts, current: current))
            }
        case .actionFinished(let result):
            state.pendingActions = max(0, state.pendingActions - 1)
            switch result {
            case .success(let done):
                state.undoStack.append(done.undo)
                if case .call(let callbackId, _, _, _, _) = done.undo {
                    for spec in Panes.all where spec.rowsAreOpenCalls {
                        state.update(spec.pane) { if $0.selectedId == callbackId { $0.selectedId = nil } }
                    }
                }
                say(done.message, .success, &state)
                let check = state.movedGap.map { [Effect.checkRank($0)] } ?? []
                return reload(done.changed, state) + check
            case .failure(let failure):
                state.movedGap = nil
                say(failure.message, .error, &state)
                return reloadAll(state)
            }
        case .undoFinished(let result):
            state.pendingActions = max(0, state.pendingActions - 1)
            switch result {
            case .success(let message): say(message, .success, &state)
            case .failure(let failure): say(failure.message, .error, &state)
            }
            return reloadAll(state)
        case .followupsCreated(let count):
            guard count > 0 else { return [] }
            // News, not an answer to a key: it never covers what the user's own action said.
            if state.status == nil {
                say("\(count) follow-up\(count == 1 ? "" : "s") to make: customers whose gap's fix is verified "
                    + "(press \(state.bindings.keyName(.show(.followups)))).", .info, &state)
            }
            return reload([.calls], state)
        case .rankChecked(let gap, let now):
            state.movedGap = nil
            guard let before = gap.rank, let now, now.rank != before else { return [] }
            let why = now.effort.map { $0 == gap.effort ? "" : ": effort \(String(format: "%g", $0)) \(Words.effort($0))" } ?? ""
            say("\"\(gap.name)\" moved from #\(before) to #\(now.rank)\(why).", .info, &state)
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
            case .lost(let reason):
                state.serverLost = reason
                return []
            case .reconnected:
                state.serverLost = nil
                say("Connected to the server again; the lists are up to date.", .success, &state)
                return reloadAll(state)
            }
        }
        return []
    }

    /// Reload what shows the changed topics: a recorded call reloads the
    /// calls and the header, not the gap ranking.
    static func reload(_ topics: Set<ChangeTopic>, _ state: AppState) -> [Effect] {
        // Settings and sites change how everything is drawn; the first response ends the first-run screen.
        if topics.contains(.other) || (state.isEmptyStore && topics.contains(.responses)) { return reloadAll(state) }
        let panes = Panes.all.filter { !$0.reloadedBy.isDisjoint(with: topics) }.map { Effect.reloadPane($0.pane) }
        return panes.isEmpty ? [] : [.reloadFigures] + panes + reloadOverlay(state)
    }

    static func say(_ text: String, _ kind: StatusMessage.Kind, _ state: inout AppState) {
        state.status = StatusMessage(text: text, kind: kind, shownAt: state.clock.now)
    }

    /// Reload the lists, and the open overlay if any.
    static func reloadAll(_ state: AppState) -> [Effect] {
        [.reload] + reloadOverlay(state)
    }

    static func reloadOverlay(_ state: AppState) -> [Effect] {
        state.overlay.map { [.loadOverlay($0.id)] } ?? []
    }

    /// Lays the open overlay's lines out for the screen's size, keeping its scroll within them.
    static func relayOverlay(_ state: inout AppState) {
        guard var overlay = state.overlay else { return }
        overlay.lines = Overlays.lines(overlay, state)
        overlay.scroll = min(overlay.scroll, Overlays.maxScroll(overlay, state.layout))
        state.overlay = overlay
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
            relayOverlay(&state)
            return [.repaint, .reload]
        case .key(let key):
            if state.layout.isTooSmall {
                // The quit key the screen names (remapped or not); Ctrl-C always.
                if key == .control("c") || state.bindings.binding(.quit)?.keys.contains(key) == true { state.quit = true; return [.quit] }
                return []
            }
            // A message is about the last key: the next one clears it.
            state.status = nil
            let scope = state.scope
            let command = state.bindings.command(for: key, in: scope)
            switch state.modal {
            case .form(var form): return formKey(key, command, &form, &state)
            case .tags(var picker): return tagKey(key, command, &picker, &state)
            case .accounts(var picker): return accountKey(command, &picker, &state)
            case .none: break
            }
            if scope == .help, command.map({ ![.down, .up, .top, .bottom, .pageDown, .pageUp].contains($0) }) ?? true {
                // Any key but scrolling closes the help.
                state.overlay = nil
                return []
            }
            guard let command else {
                if case .character(let c) = key, c.isLetter || c.isPunctuation {
                    say("\(key.name) does nothing here. Press \(state.bindings.keyName(.help)) for the keys.", .info, &state)
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
        state.update(pane) { _ = $0.select($0.selected, visible: visible) }
    }
}
