import Foundation
import GapdeskDomain
import GapdeskStore

/// Reads what the screen shows, and nothing more: each list loads only its
/// visible window, counts stop at a cap.
struct Loader {
    let store: Store
    static let countCap = 100_000

    /// Loads the focused list first, then the header and the other lists,
    /// handing each over as soon as it is ready.
    func reload(_ state: AppState, deliver: (Message) -> Void) {
        do {
            let layout = state.layout
            let order = [state.focus] + Pane.allCases.filter { $0 != state.focus }
            for (index, pane) in order.enumerated() {
                let visible = layout.visibleRows(for: pane, focus: state.focus)
                // Off-screen panes still load once so their tab counts are known.
                if visible > 0 || !loaded(pane, state) {
                    deliver(try load(pane, state: state, rows: max(visible, 1)))
                }
                if index == 0 { deliver(.loadedFigures(try store.loopFigures(clock: state.clock))) }
            }
        } catch {
            deliver(.loadFailed(error.description))
        }
    }

    func loaded(_ pane: Pane, _ state: AppState) -> Bool {
        switch pane {
        case .callbacks: state.callbacks.loaded
        case .lowRated: state.lowRated.loaded
        case .gaps: state.gaps.loaded
        }
    }

    func load(_ pane: Pane, state: AppState, rows: Int) throws(StoreError) -> Message {
        switch pane {
        case .callbacks:
            let list = state.callbacks
            let sort = QueueSort(rawValue: list.sortIndex) ?? .dueTime
            let count = try store.queueCount(filter: list.filter, cap: Self.countCap)
            let rows = try store.queue(filter: list.filter, sort: sort, limit: rows, offset: list.top)
            return .loadedCallbacks(rows, total: count.count, atLeast: count.atLeast)
        case .lowRated:
            let list = state.lowRated
            let sort = LowRatedSort(rawValue: list.sortIndex) ?? .newest
            let count = try store.lowRatedCount(filter: list.filter, cap: Self.countCap)
            let rows = try store.lowRated(filter: list.filter, sort: sort, limit: rows, offset: list.top)
            return .loadedLowRated(rows, total: count.count, atLeast: count.atLeast)
        case .gaps:
            var gaps = try store.gaps(now: state.clock.now, filter: state.gaps.filter)
            switch state.gaps.sortIndex {
            case 1: gaps.sort { ($0.count30d, $1.rank) > ($1.count30d, $0.rank) }
            case 2: gaps.sort { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
            default: break
            }
            return .loadedGaps(gaps)
        }
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
            case .moveFix(let causeId, let to, let owner, let effort, let note, let revision):
                return .success(try store.moveFix(causeId: causeId, to: to, owner: owner, effort: effort, note: note,
                                                  expectedRevision: revision, by: actor, at: now))
            case .setOwner(let causeId, let owner):
                return .success(try store.setOwner(causeId: causeId, owner: owner, by: actor, at: now))
            }
        } catch {
            return .failure(ActionFailure(String(describing: error)))
        }
    }
}
