import Foundation
import GapdeskDomain
import GapdeskStore

/// Runs the dashboard: reads input, applies messages, runs effects, redraws
/// only when the screen changed. Store writes run on a background queue so a
/// busy store never freezes drawing; their results come back as messages.
public final class DashboardRuntime {
    let terminal: TerminalDevice
    let loader: Loader
    let watcher: ChangeWatcher?
    let now: () -> Date
    public private(set) var state: AppState
    let inbox = Inbox()
    let writes = DispatchQueue(label: "gapdesk.writes")
    /// How often the store is checked for other people's writes.
    let pollInterval: TimeInterval
    private var lastFrame: ScreenBuffer?

    public init(terminal: TerminalDevice, store: Store, state: AppState, now: @escaping () -> Date,
                pollInterval: TimeInterval = 0.25) {
        self.terminal = terminal
        self.loader = Loader(store: store)
        self.watcher = try? ChangeWatcher(store: store)
        self.now = now
        self.state = state
        self.pollInterval = pollInterval
    }

    /// Runs until the user quits or the terminal goes away.
    public func run() {
        _ = watcher?.hasChanged()
        run(.reload)
        var lastPoll = Date()
        var lastTick = Date()
        while !state.quit {
            draw()
            let event = terminal.read(timeoutMilliseconds: 100)
            if let event { send(.input(event)) }
            for message in inbox.drain() { send(message) }
            let wall = Date()
            if wall.timeIntervalSince(lastTick) >= 1 {
                lastTick = wall
                send(.tick(now()))
            }
            if wall.timeIntervalSince(lastPoll) >= pollInterval {
                lastPoll = wall
                if watcher?.hasChanged() == true { run(.reload) }
            }
        }
        // Let a write already sent finish, so nothing is half-recorded when we leave.
        writes.sync {}
        for message in inbox.drain() { _ = Update.apply(message, to: &state) }
    }

    /// Applies one message and runs what it asks for.
    public func send(_ message: Message) {
        let effects = Update.apply(message, to: &state)
        for effect in effects { run(effect) }
    }

    func draw() {
        let frame = DashboardView.render(state)
        if frame != lastFrame {
            terminal.present(frame)
            lastFrame = frame
        }
    }

    func run(_ effect: Effect) {
        switch effect {
        case .reload:
            for message in loader.reload(state) { _ = Update.apply(message, to: &state) }
        case .reloadPane(let pane):
            let rows = max(1, state.layout.visibleRows(for: pane, focus: state.focus))
            do { _ = Update.apply(try loader.load(pane, state: state, rows: rows), to: &state) }
            catch { send(.loadFailed(error.description)) }
        case .loadResponseDetail(let id):
            do { send(.loadedResponseDetail(try loader.store.responseDetail(id: id), id: id)) } catch { send(.loadFailed(error.description)) }
        case .loadGapDetail(let id):
            do { send(.loadedGapDetail(try loader.store.gapDetail(causeId: id), id: id)) } catch { send(.loadFailed(error.description)) }
        case .loadGapBreakdown(let id):
            do { send(.loadedGapBreakdown(try loader.store.gapBreakdown(causeId: id, now: state.clock.now), id: id)) }
            catch { send(.loadFailed(error.description)) }
        case .loadPressure:
            do {
                let signals = try loader.store.pressureSignals(now: state.clock.now)
                send(.loadedPressure(PressureList(staff: signals.staff, sites: signals.sites)))
            } catch { send(.loadFailed(error.description)) }
        case .loadCauses(let responseId, let customer, let tagged):
            do { send(.loadedCauses(try loader.store.rootCauses(), responseId: responseId, customer: customer, tagged: tagged)) }
            catch { send(.loadFailed(error.description)) }
        case .loadAccounts(let callbackId, let current):
            do { send(.loadedAccounts(try loader.store.accounts().map(\.account), callbackId: callbackId, current: current)) }
            catch { send(.loadFailed(error.description)) }
        case .perform(let action):
            let loader = self.loader, inbox = self.inbox, actor = state.account, at = now()
            writes.async { inbox.post(.actionFinished(loader.perform(action, actor: actor, at: at))) }
        case .undo(let token):
            let store = loader.store, inbox = self.inbox, actor = state.account, at = now()
            writes.async {
                do { inbox.post(.undoFinished(.success(try store.undo(token, by: actor, at: at)))) }
                catch { inbox.post(.undoFinished(.failure(ActionFailure(String(describing: error))))) }
            }
        case .copyToClipboard(let text):
            send(.copied(text, ok: terminal.copyToClipboard(text)))
        case .repaint:
            terminal.invalidate()
            lastFrame = nil
        case .quit:
            state.quit = true
        }
    }

    /// Re-queries every visible list and the header and draws the whole screen
    /// off-screen: the work of one live update, as the benchmark measures it.
    @discardableResult
    public func refresh() -> ScreenBuffer {
        run(.reload)
        return DashboardView.render(state)
    }

    /// Waits for background writes (tests use this to make runs deterministic).
    public func settle() {
        writes.sync {}
        for message in inbox.drain() { send(message) }
    }
}
