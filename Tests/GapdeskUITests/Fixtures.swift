import Foundation
import GapdeskDemo
import GapdeskDomain
import GapdeskStore
import Testing
@testable import GapdeskUI

/// A store in a temporary folder and a dashboard runtime over it, driven
/// message by message (no terminal, no timing).
final class Harness {
    static let now = Clock.parseInstant("2026-03-02T09:00:00Z")!
    let directory: URL
    let store: Store
    let terminal: RecordingTerminal
    let runtime: DashboardRuntime
    let account = "manager1"

    init(rows: Int = 24, columns: Int = 80, demo: Int? = 600, role: Role? = .admin, readOnly: Bool = false,
         glyphs: Glyphs = .unicode, bindings: KeyBindings = .standard, viewerZone: TimeZone = TimeZone(identifier: "UTC")!,
         now: Date = Harness.now, storeArgument: String = "", hyperlinks: Bool = false, setup: (Store) throws -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-ui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("store.sqlite").path
        let created = try Store.create(path: path, creator: role == nil ? "someone-else" : account, at: Date(timeIntervalSince1970: 1_772_442_000))
        if let demo {
            var generator = DemoGenerator(options: DemoOptions(responses: demo, seed: 5, now: Self.now))
            _ = try generator.generate(into: created, actor: account)
        }
        try setup(created)
        store = readOnly ? try Store.open(path: path, readOnly: true) : created
        terminal = RecordingTerminal(rows: rows, columns: columns)
        let clock = Clock(now: now, timeZone: viewerZone)
        var state = AppState(rows: rows, columns: columns, clock: clock, account: account,
                             role: try created.role(of: account), readOnly: readOnly, bindings: bindings, glyphs: glyphs)
        state.storeArgument = storeArgument
        state.hyperlinks = hyperlinks
        runtime = DashboardRuntime(terminal: terminal, store: store, state: state, now: { now })
        runtime.send(.input(.resize(rows: rows, columns: columns)))
        runtime.settle()
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var state: AppState { runtime.state }
    var screen: ScreenBuffer { DashboardView.render(runtime.state) }
    var text: String { screen.plainText }
    /// The screen as one line of words, as a reader takes in wrapped text.
    var words: String { text.flattened }

    /// Presses keys: single characters, or names such as "Enter", "Tab", "Esc".
    func press(_ keys: String...) {
        for name in keys {
            let key = Key(name: name) ?? .character(Character(name))
            runtime.send(.input(.key(key)))
            runtime.settle()
        }
    }

    /// Presses the key the bindings give a command, as a user who read the footer or `?` would.
    func press(_ commands: Command...) {
        for command in commands {
            guard let key = state.bindings.binding(command)?.keys.first else { Issue.record("no key for \(command.name)"); continue }
            runtime.send(.input(.key(key)))
            runtime.settle()
        }
    }

    /// Shows a pane by its key.
    func focus(_ pane: Pane) { press(.show(pane)) }

    /// Moves the cursor down the focused pane to the first row that matches (the test fails if none does).
    @discardableResult
    func select<Row>(_ type: Row.Type, where matches: (Row) -> Bool) -> Row? {
        for _ in 0..<200 {
            if let row = state.selectedRow?.as(Row.self), matches(row) { return row }
            let before = state.list(state.focus).selected
            press(.down)
            if state.list(state.focus).selected == before { break }
        }
        Issue.record("no \(Row.self) in \(state.focus.rawValue) matches")
        return nil
    }

    /// The status line.
    var status: String { state.status?.text ?? "" }

    func type(_ text: String) {
        for character in text {
            runtime.send(.input(.key(.character(character))))
        }
        runtime.settle()
    }

    func resize(rows: Int, columns: Int) {
        runtime.send(.input(.resize(rows: rows, columns: columns)))
        runtime.settle()
    }
}

final class RecordingTerminal: TerminalDevice {
    var rows: Int
    var columns: Int
    var presented: [ScreenBuffer] = []
    var clipboard: [String] = []

    init(rows: Int, columns: Int) { self.rows = rows; self.columns = columns }
    func read(timeoutMilliseconds: Int) -> InputEvent? { nil }
    func present(_ buffer: ScreenBuffer) { presented.append(buffer) }
    func invalidate() {}
    func copyToClipboard(_ text: String) -> Bool { clipboard.append(text); return true }
}

/// A pane's list with its rows as their own type, as tests read them.
struct TypedList<Row> {
    let base: ListState<PaneRow>
    var rows: [Row] { base.rows.compactMap { $0.as(Row.self) } }
    var selectedRow: Row? { base.selectedRow?.as(Row.self) }
    var total: Int { base.total }
    var selected: Int { base.selected }
    var top: Int { base.top }
    var filter: ListFilter { base.filter }
    var sortIndex: Int { base.sortIndex }
    var loaded: Bool { base.loaded }
}

extension AppState {
    var callbacks: TypedList<QueueRow> { TypedList(base: list(.callbacks)) }
    var lowRated: TypedList<LowRatedRow> { TypedList(base: list(.lowRated)) }
    var gaps: TypedList<GapRow> { TypedList(base: list(.gaps)) }
}

extension String {
    /// Every run of spaces and line breaks as one space: wrapped lines read as one.
    var flattened: String { split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ") }
}
