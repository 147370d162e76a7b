import ArgumentParser
import Foundation
import GapdeskDomain
import GapdeskStore
import GapdeskUI
import GapdeskCurses

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the dashboard (the default). Creates the default store on first run.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        store.startLogging()
        let path = store.path
        let isDefault = store.db == nil && ProcessInfo.processInfo.environment["GAPDESK_DB"] == nil
        if isDefault && !FileManager.default.fileExists(atPath: path) && !store.readOnly {
            do {
                _ = try Store.create(path: path, creator: Account.current(), at: store.clock.now)
            } catch {
                throw UserError(error.description)
            }
            Output.warn("Created a new gapdesk store at \(path).")
        }
        let opened = try store.openStore()
        try Self.runDashboard(store: opened, clock: store.clock, readOnly: store.readOnly, storeArgument: store.location.argument(for: store.path))
    }

    /// Opens the dashboard; `greeting` is the first status line (the demo says where its store is).
    static func runDashboard(store: Store, clock: Clock, readOnly: Bool, greeting: String? = nil, storeArgument: String = "") throws {
        let (preferences, problems) = StoreOptions.preferences
        for problem in problems { Diagnostics.logger.warning("\(problem)") }
        let environment = ProcessInfo.processInfo.environment
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal.start(theme: preferences.theme, noColour: noColour)
        } catch {
            Output.warn("gapdesk: \(error.description)")
            throw ExitCode(2)
        }
        defer { terminal.stop() }
        let account = store.account
        let role = try? store.role(of: account)
        // With --now the clock starts there and runs on, so calls still fall due on screen.
        let started = Date()
        let now: @Sendable () -> Date = { clock.now.addingTimeInterval(Date().timeIntervalSince(started)) }
        var state = AppState(rows: terminal.rows, columns: terminal.columns, clock: clock, account: account,
                             role: role ?? nil, readOnly: readOnly || store.readOnly, bindings: preferences.bindings,
                             glyphs: terminal.isUTF8 ? .unicode : .ascii)
        state.storeArgument = storeArgument
        state.hyperlinks = preferences.hyperlinks
        if let greeting { state.status = StatusMessage(text: greeting, kind: .info, shownAt: clock.now) }
        if let problem = problems.first {
            state.status = StatusMessage(text: problem + (problems.count > 1 ? " (and \(problems.count - 1) more in the log)" : ""),
                                         kind: .error, shownAt: clock.now)
        }
        Diagnostics.logger.info("dashboard opened on \(store.name) by \(account)")
        let runtime = DashboardRuntime(terminal: terminal, store: store, state: state, now: now,
                                       pollInterval: Double(preferences.refreshMilliseconds) / 1000)
        runtime.run()
        Diagnostics.logger.info("dashboard closed")
    }
}
