import Foundation
import GapdeskDomain
import GapdeskStore

/// What the real dashboard costs in a terminal, at one store size.
struct TerminalFigures {
    /// Process start to the last byte of the first complete screen.
    var firstPaint: TimeInterval
    /// The engine's shell (sqlite3, psql) running the same three list queries on the same store.
    var shellQueries: TimeInterval?
    /// A key in, the resulting screen out (median of alternating j and k).
    var keystroke: TimeInterval
    /// Bytes written for a live update that changes one row, and for a full redraw.
    var oneRowBytes: Int
    var fullRedrawBytes: Int
    var peakMemory: Int
}

enum TerminalMeasures {
    static let rows = 48, columns = 160

    static func measure(binary: String, store: Store, now: Date) throws -> TerminalFigures {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("gapdesk-bench-home").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home, "PATH": "/usr/bin:/bin"]
        let started = PseudoTerminal.now()
        let terminal = try PseudoTerminal([binary, "open", "--db", store.path, "--now", Clock.formatInstant(now)],
                                          rows: rows, columns: columns, environment: environment)
        // Complete once the three lists show their first rows and drawing has
        // paused. The pause is shorter than a second: the clock runs on, and its
        // first tick may redraw a countdown ("in 9h59"), which is a live update.
        guard terminal.drain(quiet: 0.3, showing: try firstRows(store: store, now: now)) > 0, terminal.sawMarkers else {
            throw BenchError("the dashboard did not show its three lists")
        }
        let firstPaint = Double(terminal.lastByteAt - started) / 1e9

        var keystrokes: [TimeInterval] = []
        for press in 0..<21 {
            let sent = PseudoTerminal.now()
            terminal.send(press % 2 == 0 ? "j" : "k")
            guard terminal.drain(quiet: 0.2, timeout: 10) > 0 else { throw BenchError("a key changed nothing on screen") }
            keystrokes.append(Double(terminal.lastByteAt - sent) / 1e9)
        }

        // Another user assigns the top call: one row of the queue changes. The
        // name is as long as the team's (six letters): a longer one widens the
        // Assignee column and moves every visible row's comment, which is a
        // redraw of the list, not of one row.
        guard let top = try store.queue(limit: 1).first else { throw BenchError("the store has no open calls") }
        _ = try store.assign(callbackId: top.callbackId, to: top.assignee == "bench0" ? "bench1" : "bench0", by: store.account, at: now)
        let oneRow = terminal.drain(quiet: 1, timeout: 10)
        terminal.send("\u{0C}")  // ^L: reload and redraw everything
        let fullRedraw = terminal.drain(quiet: 1, timeout: 10)
        let peak = terminal.peakMemory()
        terminal.send("q")
        terminal.drain(quiet: 0.5, timeout: 5)
        return TerminalFigures(firstPaint: firstPaint, shellQueries: try shellTime(store: store, now: now),
                               keystroke: Bench.percentile(keystrokes, 0.5), oneRowBytes: oneRow,
                               fullRedrawBytes: fullRedraw, peakMemory: peak)
    }

    /// Text from the first row of each list (the top call's customer, the newest
    /// critical response's customer, the top gap), as the first screen shows it.
    static func firstRows(store: Store, now: Date) throws -> [String] {
        let call = try store.queue(limit: 1).first?.customer
        let response = try store.lowRated(limit: 1).first?.customer
        let gap = try store.gaps(now: now).first?.name
        return [call, response, gap].compactMap { $0.map { String($0.prefix(12)) } }
    }

    /// The best of three runs of the engine's own shell (`sqlite3`, `psql`) with
    /// the three list queries, or nil without the shell.
    static func shellTime(store: Store, now: Date) throws -> TimeInterval? {
        let postgres = store.engineKind == .postgres
        let candidates = postgres ? ["/usr/bin/psql", "/usr/local/bin/psql"] : ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"]
        guard let shell = candidates.first(where: FileManager.default.isExecutableFile) else { return nil }
        let queries = try store.listQueriesAsText(now: now, limit: rows)
        var best = TimeInterval.infinity
        for _ in 0..<3 {
            let arguments = postgres ? [store.path, "-X", "-q"] + queries.flatMap { ["-c", $0] } : ["-readonly", store.path] + queries
            best = min(best, try Spawn.run(shell, arguments).seconds)
        }
        return best
    }
}
