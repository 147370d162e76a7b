import Foundation
import GapdeskDomain
import GapdeskStore

/// Reads what the screen shows, and nothing more: each list loads only its
/// visible window, counts stop at a cap.
struct Loader {
    let store: Store

    /// Loads the focused list first, then the header, the team's look and the
    /// other lists, handing each over as soon as it is ready.
    func reload(_ state: AppState, deliver: (Message) -> Void) {
        store.readingTogether { reloadPanes(state, deliver: deliver) }
    }

    private func reloadPanes(_ state: AppState, deliver: (Message) -> Void) {
        do {
            let layout = state.layout
            let order = [state.focus] + Pane.allCases.filter { $0 != state.focus }
            for (index, pane) in order.enumerated() {
                let visible = layout.visibleRows(for: pane, focus: state.focus)
                // Off-screen panes load a row too: once, or each time when their tab shows a count that must stay true.
                if visible > 0 || !state.list(pane).loaded || pane.spec.countsInTab {
                    deliver(try load(pane, state: state, rows: max(visible, 1)))
                }
                if index == 0 {
                    deliver(.loadedFigures(try store.loopFigures(clock: state.clock)))
                    deliver(.loadedTeam(try team()))
                }
            }
        } catch {
            deliver(.loadFailed(error.description))
        }
    }

    func team() throws(StoreError) -> TeamLook {
        let look = try store.look()
        return TeamLook(siteLabels: look.siteLabels, currency: look.settings.currency, rankingWindowDays: look.settings.rankingWindowDays,
                        isEmpty: look.isEmpty)
    }

    func load(_ pane: Pane, state: AppState, rows: Int) throws(StoreError) -> Message {
        let list = state.list(pane)
        let query = PaneQuery(filter: list.filter, sort: list.sortIndex, view: list.viewIndex, offset: list.top, limit: rows, now: state.clock.now)
        return .loaded(pane, try pane.spec.load(store, query))
    }

    func perform(_ action: StoreAction, actor: String, at now: Date) -> Result<ActionResult, ActionFailure> {
        do {
            switch action {
            case .recordCall(let callbackId, let record):
                return .success(try store.recordCall(callbackId: callbackId, record, by: actor, at: now))
            case .tag(let responseId, let causes, let kind):
                return .success(try store.tag(responseId: responseId, causes: causes, kind: kind, by: actor, at: now))
            case .assign(let callbackId, let to):
                return .success(try store.assign(callbackId: callbackId, to: to, by: actor, at: now))
            case .moveFix(let gap, let to, let owner, let effort, let note):
                return .success(try store.moveFix(causeId: gap.id, to: to, owner: owner, effort: effort, note: note,
                                                  expectedRevision: gap.revision, by: actor, at: now))
            case .setOwner(let gap, let owner):
                return .success(try store.setOwner(causeId: gap.id, owner: owner, by: actor, at: now))
            case .recordFollowup(let id, let outcome, let note):
                return .success(try store.recordFollowup(id: id, outcome: outcome, note: note, by: actor, at: now))
            case .createFollowups(let gap):
                return .success(try store.createFollowups(causeId: gap.id, by: actor, at: now))
            }
        } catch {
            return .failure(ActionFailure(String(describing: error)))
        }
    }
}
