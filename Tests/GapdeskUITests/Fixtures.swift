import Foundation
import GapdeskDomain
import GapdeskStore
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
         glyphs: Glyphs = .unicode, setup: (Store) throws -> Void = { _ in }) throws {
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
        let clock = Clock(now: Self.now, timeZone: TimeZone(identifier: "UTC")!)
        let state = AppState(rows: rows, columns: columns, clock: clock, account: account,
                             role: try created.role(of: account), readOnly: readOnly, glyphs: glyphs)
        runtime = DashboardRuntime(terminal: terminal, store: store, state: state, now: { Harness.now })
        runtime.send(.input(.resize(rows: rows, columns: columns)))
        runtime.settle()
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var state: AppState { runtime.state }
    var screen: ScreenBuffer { DashboardView.render(runtime.state) }
    var text: String { screen.plainText }

    /// Presses keys: single characters, or names such as "Enter", "Tab", "Esc".
    func press(_ keys: String...) {
        for name in keys {
            let key = Key(name: name) ?? .character(Character(name))
            runtime.send(.input(.key(key)))
            runtime.settle()
        }
    }

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
