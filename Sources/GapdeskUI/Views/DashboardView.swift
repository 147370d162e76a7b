import Foundation
import GapdeskDomain
import GapdeskStore

/// Draws the whole screen from the state. Pure: same state, same cells.
public enum DashboardView {
    public static func render(_ state: AppState) -> ScreenBuffer {
        var painter = Painter(rows: state.rows, columns: state.columns, glyphs: state.glyphs)
        let layout = state.layout
        if layout.isTooSmall {
            tooSmall(state, &painter)
            return painter.buffer
        }
        HeaderView.draw(state, &painter)
        switch state.overlay {
        case .none, .help:
            for pane in Pane.allCases {
                if let frame = layout.frame(for: pane, focus: state.focus) {
                    PaneView.draw(pane, frame: frame, state: state, &painter)
                }
            }
        case .responseDetail, .gapDetail, .gapBreakdown, .pressure:
            DetailView.draw(state, &painter)
        }
        FooterView.draw(state, &painter)
        if case .help(let settings, let scroll) = state.overlay { HelpView.draw(state, settings: settings, scroll: scroll, &painter) }
        ModalView.draw(state, &painter)
        return painter.buffer
    }

    static func tooSmall(_ state: AppState, _ painter: inout Painter) {
        let lines = ["Terminal too small (\(state.columns)x\(state.rows)).",
                     "gapdesk needs at least \(Layout.minimumColumns)x\(Layout.minimumRows).",
                     "Resize the window, or press q to quit."]
        let top = max(0, (state.rows - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            painter.text(line, row: top + index, column: 0, width: state.columns, style: index == 0 ? .warning : .normal)
        }
    }
}

enum HeaderView {
    static func draw(_ state: AppState, _ painter: inout Painter) {
        let figures = state.figures
        let width = painter.columns
        let dot = " \(state.glyphs.dot) "
        painter.fill(row: 0, style: .header)
        var parts: [(String, Style)] = [(width >= 100 ? " gapdesk " : " ", .title)]
        parts.append((figures.overdue > 0 ? "! \(figures.overdue) overdue" : "0 overdue", figures.overdue > 0 ? .overdue : .header))
        parts.append((dot, .header))
        parts.append(("\(figures.dueToday) due today", figures.dueToday > 0 ? .dueToday : .header))
        if state.gapWarnings > 0 {
            parts.append((dot, .header))
            parts.append(("! \(state.gapWarnings) gap\(state.gapWarnings == 1 ? "" : "s") rising", .overdue))
        }
        parts.append((dot + "\(figures.madeToday) made" + (width >= 100 ? " today" : ""), .header))
        let onTime = figures.shareOnTime30d.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
        let median = figures.medianTimeToCall30d.map(TimeText.duration) ?? "-"
        if width >= 100 {
            parts.append((dot + "on time (30d) \(onTime)" + dot + "median to call \(median)" + dot + "gaps fixed (30d) \(figures.gapsFixed30d)", .header))
        } else {
            parts.append((dot + "on time \(onTime)" + dot + "median \(median)" + dot + "fixed \(figures.gapsFixed30d)", .header))
        }
        painter.segments(parts, row: 0, column: 0, width: width)

        // Second row: tabs in one-pane mode; the account on the right always.
        painter.fill(row: 1, style: .normal)
        let who = state.readOnly ? "READ-ONLY" : state.role.map { "\(state.account) (\($0.rawValue))" } ?? "\(state.account) (no role: look only)"
        let whoWidth = min(width / 3, DisplayWidth.of(who) + 1)
        if state.layout.showsAllPanes || state.overlay != .none {
            painter.rule(row: 1)
        } else {
            var x = 0
            for pane in Pane.allCases {
                let count = paneCount(pane, state)
                let label = " \(pane.number) \(pane.title)\(count) "
                x += painter.text(label, row: 1, column: x, width: width - whoWidth - x,
                                  style: pane == state.focus ? .tabActive : .tabInactive)
                x += painter.text(" ", row: 1, column: x, width: 1)
            }
        }
        painter.text(who, row: 1, column: width - whoWidth, width: whoWidth, style: state.readOnly || state.role == nil ? .warning : .dim,
                     alignRight: true)
    }

    static func paneCount(_ pane: Pane, _ state: AppState) -> String {
        switch pane {
        case .callbacks: state.callbacks.loaded ? " (\(state.callbacks.total)\(state.callbacks.totalIsAtLeast ? "+" : ""))" : ""
        case .lowRated: ""
        case .gaps: state.gaps.loaded ? " (\(state.gaps.total))" : ""
        }
    }
}
