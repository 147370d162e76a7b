import Foundation
import GapdeskDomain
import GapdeskStore

/// Runs the dashboard: reads input, applies messages, runs effects, redraws
/// only when the screen changed. Store reads and writes run on background
/// queues, so neither a big store nor a busy one freezes keys or drawing;
/// their results come back as messages.
public final class DashboardRuntime {
    let terminal: TerminalDevice
    let loader: Loader
    let watcher: ChangeWatcher?
    let now: () -> Date
    public private(set) var state: AppState
    let inbox = Inbox()
    let writes = DispatchQueue(label: "gapdesk.writes")
    let reads = DispatchQueue(label: "gapdesk.reads")
    /// A full reload is running; another was asked for meanwhile.
    private var reloading = false
    private var reloadAgain = false
    private var readsInFlight = 0
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
        _ = watcher?.change()
        run(.reload)
        var lastPoll = Date()
        var lastTick = Date()
        // The first look for follow-ups waits until the first screen is up.
        var lastFollowups = Date().addingTimeInterval(-58)
        while !state.quit {
            draw()
            // Poll briefly while results are on their way, so they show at once.
            let busy = readsInFlight > 0 || state.pendingActions > 0
            let event = terminal.read(timeoutMilliseconds: busy ? 10 : 100)
            if let event { send(.input(event)) }
            for message in inbox.drain() { send(message) }
            let wall = Date()
            if wall.timeIntervalSince(lastTick) >= 1 {
                lastTick = wall
                send(.tick(now()))
            }
            // A fix becomes verified by time passing: look once a minute.
            if wall.timeIntervalSince(lastFollowups) >= 60 {
                lastFollowups = wall
                run(.createDueFollowups)
            }
            if wall.timeIntervalSince(lastPoll) >= pollInterval {
                lastPoll = wall
                pollStore()
            }
        }
        // Let a write already sent finish, so nothing is half-recorded when we leave.
        writes.sync {}
        reads.sync {}
        for message in inbox.drain() { _ = Update.apply(message, to: &state) }
    }

    /// Looks for other people's writes and reloads what they touched.
    public func pollStore() {
        if let change = watcher?.change() { send(.storeChanged(change)) }
    }

    /// Applies one message and runs what it asks for.
    public func send(_ message: Message) {
        switch message {
        case .storeChanged, .actionFinished:
            // A write is read up to the moment it is heard of, not up to the last tick:
            // a call made since then is in "made today" at once.
            send(.tick(now()))
        default: break
        }
        if case .readFinished(let full) = message {
            readsInFlight -= 1
            if full {
                reloading = false
                if reloadAgain {
                    reloadAgain = false
                    run(.reload)
                }
            }
        }
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
            guard !reloading else { reloadAgain = true; return }
            reloading = true
            readsInFlight += 1
            let loader = self.loader, inbox = self.inbox, snapshot = state
            reads.async {
                loader.reload(snapshot, deliver: inbox.post)
                inbox.post(.readFinished(full: true))
            }
        case .reloadPane(let pane):
            let rows = max(1, state.layout.visibleRows(for: pane, focus: state.focus))
            let loader = self.loader, snapshot = state
            readInBackground { try loader.load(pane, state: snapshot, rows: rows) }
        case .reloadFigures:
            let loader = self.loader, clock = state.clock
            readInBackground { .loadedFigures(try loader.store.loopFigures(clock: clock)) }
        // Overlays read on the reads queue too: at a million responses a gap's breakdown reads its whole window.
        case .loadOverlay(let id):
            let store = loader.store, now = state.clock.now
            readInBackground { .overlayLoaded(id, try Overlays.load(id, store: store, now: now)) }
        case .loadCauses(let target):
            do { send(.loadedCauses(try loader.store.rootCauses(forResponse: target.responseId), target: target)) }
            catch { send(.loadFailed(error.description)) }
        case .loadAccounts(let purpose, let current):
            do { send(.loadedAccounts(try loader.store.accounts().map(\.account), purpose: purpose, current: current)) }
            catch { send(.loadFailed(error.description)) }
        case .checkRank(let gap):
            let store = loader.store, now = state.clock.now
            readInBackground { .rankChecked(gap, now: try store.gaps(now: now).first { $0.causeId == gap.id }) }
        case .perform(let action):
            let loader = self.loader, inbox = self.inbox, actor = state.account, at = now()
            writes.async { inbox.post(.actionFinished(loader.perform(action, actor: actor, at: at))) }
        case .createDueFollowups:
            guard !state.readOnly, state.role?.may(.followup) == true else { return }
            let store = loader.store, inbox = self.inbox, actor = state.account, at = now()
            writes.async {
                // Best effort: a busy or read-only store tries again in a minute.
                inbox.post(.followupsCreated((try? store.createDueFollowups(by: actor, at: at)) ?? 0))
            }
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

    /// Runs one read on the reads queue; its result comes back as a message.
    private func readInBackground(_ read: @escaping @Sendable () throws -> Message) {
        let inbox = self.inbox
        readsInFlight += 1
        reads.async {
            do { inbox.post(try read()) } catch { inbox.post(.loadFailed(String(describing: error))) }
            inbox.post(.readFinished(full: false))
        }
    }

    /// Re-queries every visible list and the header and draws the whole screen
    /// off-screen: the work of one live update, as the benchmark measures it.
    @discardableResult
    public func refresh() -> ScreenBuffer {
        run(.reload)
        settle()
        return DashboardView.render(state)
    }

    /// Waits until background reads and writes, and whatever they lead to,
    /// are done (tests and the benchmark use this to make runs deterministic).
    public func settle() {
        while true {
            writes.sync {}
            reads.sync {}
            let messages = inbox.drain()
            if messages.isEmpty && readsInFlight == 0 { return }
            for message in messages { send(message) }
        }
    }
}
