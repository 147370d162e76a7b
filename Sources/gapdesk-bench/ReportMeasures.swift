import Foundation
import GapdeskDomain
import GapdeskStore
import GapdeskUI

/// What every report format, every overlay and `gapdesk check` cost at one store size.
struct ReportFigures {
    /// `gapdesk report LIST --format FORMAT` through the real binary, median of runs, by "list format".
    var reports: [String: TimeInterval] = [:]
    /// Each overlay read and drawn at 160x48, in-process, median of runs, by name.
    var overlays: [String: TimeInterval] = [:]
    /// `gapdesk check` through the real binary, once.
    var check: TimeInterval = 0
}

enum ReportMeasures {

    static func measure(binary: String, store: Store, now: Date, runs: Int = 5) throws -> ReportFigures {
        var figures = ReportFigures()
        let when = Clock.formatInstant(now)
        for report in Reports.all {
            for format in report.formats.map(\.rawValue) {
                let arguments = ["report", report.name, "--format", format, "--db", store.path, "--now", when]
                figures.reports["\(report.name) \(format)"] = Bench.percentile(try (0..<runs).map { _ in try run(binary, arguments) }, 0.5)
            }
        }
        let clock = Clock(now: now, timeZone: TimeZone(identifier: "UTC")!)
        let state = AppState(rows: 48, columns: 160, clock: clock, account: Account.current(), role: .admin, readOnly: false)
        let gap = try store.gaps(now: now).first?.causeId ?? 0
        let response = try store.lowRated(limit: 1).first?.responseId ?? 0
        let overlays: [(String, OverlayID)] = [("help", .help), ("response detail", .response(response)), ("gap detail", .gap(gap)),
                                               ("why this rank", .why(gap)), ("pressure", .pressure), ("results", .results), ("mine", .mine)]
        for (name, id) in overlays {
            figures.overlays[name] = Bench.percentile(try (0..<max(runs, 20)).map { _ in
                try Bench.elapsedThrowing {
                    var overlay = OverlayState(id: id)
                    overlay.content = try Overlays.load(id, store: store, now: now)
                    _ = Overlays.lines(overlay, state)
                }
            }, 0.5)
        }
        // Each pane's first screen as it reads it (a summary pane, Coverage or Team, reads its daily figures).
        for pane in Panes.all {
            figures.overlays["pane \(pane.title.lowercased())"] = Bench.percentile(try (0..<max(runs, 20)).map { _ in
                try Bench.elapsedThrowing {
                    _ = try pane.load(store, PaneQuery(filter: ListFilter(), sort: 0, view: 0, offset: 0, limit: 40, now: now))
                }
            }, 0.5)
        }
        figures.check = try run(binary, ["check", "--db", store.path])
        return figures
    }

    /// Runs the binary once and answers how long it took; a failure is the benchmark's.
    static func run(_ binary: String, _ arguments: [String]) throws -> TimeInterval {
        let (status, seconds) = try Spawn.run(binary, arguments)
        guard status == 0 else { throw BenchError("gapdesk \(arguments.joined(separator: " ")) exited with \(status)") }
        return seconds
    }
}
