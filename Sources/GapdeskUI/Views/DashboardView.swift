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
        if let overlay = state.overlay, !Overlays.isBox(overlay.id) {
            OverlayView.drawFull(overlay, state, &painter)
        } else if state.isEmptyStore {
            FirstRunView.draw(state, &painter)
        } else {
            for spec in Panes.all {
                if let frame = layout.frame(for: spec.pane, focus: state.focus) {
                    PaneView.draw(spec, frame: frame, state: state, &painter)
                }
            }
        }
        FooterView.draw(state, &painter)
        if let overlay = state.overlay, Overlays.isBox(overlay.id) { OverlayView.drawBox(overlay, state, &painter) }
        ModalView.draw(state, &painter)
        return painter.buffer
    }

    static func tooSmall(_ state: AppState, _ painter: inout Painter) {
        let lines = ["Terminal too small (\(state.columns)x\(state.rows)).",
                     "gapdesk needs at least \(Layout.minimumColumns)x\(Layout.minimumRows).",
                     "Resize the window, or press \(state.bindings.keyName(.quit)) to quit."]
        let top = max(0, (state.rows - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            painter.text(line, row: top + index, column: 0, width: state.columns, style: index == 0 ? .warning : .normal)
        }
    }
}

/// A new store with nothing in it: how to begin, instead of three empty lists.
enum FirstRunView {
    static func draw(_ state: AppState, _ painter: inout Painter) {
        let keys = state.bindings
        let lines: [DetailLine] = [
            DetailLine("This store is empty: nothing has been recorded yet.", .title),
            .blank,
            DetailLine("To begin, in another terminal:"),
            DetailLine("  Import a survey export (CSV or JSON Lines; Qualtrics, SurveyMonkey and Google Forms are recognised):"),
            DetailLine("    gapdesk import export.csv\(state.storeArgument) --rejects bad-rows.csv", .bold),
            DetailLine("  Or add one phoned-in comment:"),
            DetailLine("    gapdesk add\(state.storeArgument) --customer \"Ann Lee\" --phone \"07700 900123\" --site Leeds --rating 2 --comment \"…\"", .bold),
            DetailLine("  Or look around a demo store first (a dealer group and a parcel firm):"),
            DetailLine("    gapdesk demo", .bold),
            .blank,
            DetailLine("What is recorded shows here as it arrives. Press \(keys.keyName(.help)) for the keys, \(keys.keyName(.quit)) to quit."),
        ]
        let width = painter.columns - 4
        let wrapped = lines.flatMap { $0.wrapped(to: width) }
        let top = state.layout.bodyTop + max(0, (state.layout.bodyHeight - wrapped.count) / 2)
        for (offset, line) in wrapped.prefix(state.layout.bodyHeight).enumerated() {
            painter.segments(line.parts, row: top + offset, column: 2, width: width)
        }
    }
}

/// The two rows on top: the loop's figures, then the tabs and who is looking.
enum HeaderView {
    /// One figure of the header, with its short form for a narrow window; earlier ones matter more.
    struct Figure {
        var wide: String
        var compact: String
        var style: Style
    }

    static func figures(_ state: AppState) -> [Figure] {
        let f = state.figures
        let glyphs = state.glyphs
        var figures: [Figure] = []
        let overdue = f.overdue > 0 ? "\(Mark.overdue.symbol(glyphs)) \(f.overdue) overdue" : "0 overdue"
        figures.append(Figure(wide: overdue, compact: overdue, style: f.overdue > 0 ? .overdue : .header))
        let due = (f.dueToday > 0 ? "\(Mark.dueToday.symbol(glyphs)) " : "") + "\(f.dueToday) due today"
        figures.append(Figure(wide: due, compact: due, style: f.dueToday > 0 ? .dueToday : .header))
        if f.risingGaps > 0 {
            let mark = Mark.rising.symbol(glyphs), underWay = f.risingUnderWay.count
            let wideHand = underWay == 0 ? "" : underWay == f.risingGaps ? (underWay == 1 ? ", its fix under way" : ", their fixes under way")
                : ", \(underWay) fix\(underWay == 1 ? "" : "es") under way"
            let compactHand = underWay == 0 ? "" : underWay == f.risingGaps ? ", in hand" : " (\(underWay) in hand)"
            figures.append(Figure(wide: "\(mark) \(f.risingGaps) gap\(f.risingGaps == 1 ? "" : "s") rising" + wideHand,
                                  compact: "\(mark) \(f.risingGaps) rising" + compactHand, style: Mark.rising.style))
        }
        if f.recurredGaps > 0 {
            let recurred = "\(Mark.recurred.symbol(glyphs)) \(f.recurredGaps) recurred"
            figures.append(Figure(wide: recurred, compact: recurred, style: Mark.recurred.style))
        }
        figures.append(Figure(wide: "\(f.madeToday) made today", compact: "\(f.madeToday) made", style: .header))
        // Knowledge: how much of the business the feedback covers (nothing without contacts).
        if let rated = f.contactsRated30d, let rate = rated.rate {
            figures.append(Figure(wide: CoverageText.rated(rated) + " (30d)", compact: "rated 30d \(percentText(rate))", style: .header))
        }
        let onTime = f.shareOnTime30d.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
        // Short forms keep what a figure measures and its window.
        figures.append(Figure(wide: "on time (30d) \(onTime)", compact: "on time 30d \(onTime)", style: .header))
        let median = f.medianTimeToCall30d.map { TimeText.duration($0) } ?? "-"
        figures.append(Figure(wide: "median to call \(median)", compact: "to call \(median)", style: .header))
        figures.append(Figure(wide: "gaps fixed (30d) \(f.gapsFixed30d)", compact: "fixed 30d \(f.gapsFixed30d)", style: .header))
        return figures
    }

    static func draw(_ state: AppState, _ painter: inout Painter) {
        let width = painter.columns
        let dot = " \(state.glyphs.dot) "
        painter.fill(row: 0, style: .header)
        // Whole figures only: the wide forms where they fit, the least important giving way to their short forms
        // first, then dropped until the rest fit.
        let title = width >= 100 ? " gapdesk " : " "
        let all = figures(state)
        func length(_ texts: [String]) -> Int { DisplayWidth.of(title) + texts.map(DisplayWidth.of).reduce(0, +) + DisplayWidth.of(dot) * max(0, texts.count - 1) }
        var texts = all.map(\.wide)
        for index in all.indices.reversed() where length(texts) > width { texts[index] = all[index].compact }
        var count = texts.count
        while count > 1 && length(Array(texts.prefix(count))) > width { count -= 1 }
        var parts: [(String, Style)] = [(title, .title)]
        for index in 0..<count {
            if index > 0 { parts.append((dot, .header)) }
            parts.append((texts[index], all[index].style))
        }
        painter.segments(parts, row: 0, column: 0, width: width)

        // Second row: tabs in one-pane mode; the account on the right always.
        painter.fill(row: 1, style: .normal)
        let who = state.readOnly ? "READ-ONLY" : state.role.map { "\(state.account) (\($0.rawValue))" } ?? "\(state.account) (no role: look only)"
        let whoWidth = min(width / 3, DisplayWidth.of(who) + 1)
        if state.layout.stacks(state.focus) || state.overlay.map({ !Overlays.isBox($0.id) }) == true {
            painter.rule(row: 1)
        } else {
            var x = 0
            let labels = tabLabels(state, width: width - whoWidth)
            for (spec, label) in zip(Panes.all, labels) {
                x += painter.text(label, row: 1, column: x, width: width - whoWidth - x, style: spec.pane == state.focus ? .tabActive : .tabInactive)
                x += painter.text(" ", row: 1, column: x, width: 1)
            }
        }
        painter.text(who, row: 1, column: width - whoWidth, width: whoWidth, style: state.readOnly || state.role == nil ? .warning : .dim,
                     alignRight: true)
    }
}

extension HeaderView {
    /// The tabs' labels, as whole as `width` allows. The other tabs give way one at a time, the last first: a short
    /// title; then the tabs with no count (summaries) their number alone; then counts; then the rest their number alone.
    /// Every pane keeps its number, and the focused one its title and count.
    static func tabLabels(_ state: AppState, width: Int) -> [String] {
        // How far each tab has given way: 0 whole, 1 short title, 2 without its count, 3 its number alone.
        var levels = [Int](repeating: 0, count: Panes.all.count)
        func labels() -> [String] {
            zip(Panes.all, levels).map { spec, level in
                let focused = spec.pane == state.focus, list = state.list(spec.pane), level = focused ? 0 : level
                let count = spec.countsInTab && list.loaded && level < 2 ? " (\(list.total)\(list.totalIsAtLeast ? "+" : ""))" : ""
                let title = level == 0 ? spec.title : spec.shortTitle ?? spec.title
                return level == 3 ? " \(spec.pane.number) " : " \(spec.pane.number) \(title)\(count) "
            }
        }
        func fits() -> Bool { labels().map { DisplayWidth.of($0) + 1 }.reduce(0, +) <= width }
        let right = Array(levels.indices.reversed())
        let steps = right.map { ($0, 1) } + right.filter { !Panes.all[$0].countsInTab }.map { ($0, 3) } + right.map { ($0, 2) } + right.map { ($0, 3) }
        for (index, level) in steps where !fits() { levels[index] = max(levels[index], level) }
        return labels()
    }
}

/// The status line and the keys that work here.
enum FooterView {
    static func draw(_ state: AppState, _ painter: inout Painter) {
        let layout = state.layout
        let width = painter.columns
        painter.fill(row: layout.statusRow, style: .status)
        // A lost server is said over a passing note; a refusal is said over it.
        if let lost = state.serverLost, state.status?.kind != .error {
            painter.text(" " + lost, row: layout.statusRow, column: 0, width: width, style: .error)
        } else if let status = state.status {
            let style: Style = switch status.kind {
            case .info: .status
            case .success: .good
            case .error: .error
            }
            painter.text(" " + status.text, row: layout.statusRow, column: 0, width: width, style: style)
        } else if state.pendingActions > 0 {
            painter.text(" Saving…", row: layout.statusRow, column: 0, width: width, style: .status)
        }
        // Keys that work here; data-changing ones only for those who may use them.
        painter.fill(row: layout.footerRow, style: .normal)
        var x = 0
        if state.readOnly || state.role == nil {
            x += painter.text(state.readOnly ? "READ-ONLY " : "LOOK-ONLY ", row: layout.footerRow, column: 0, width: width, style: .warning)
        }
        // The help key shows at the right wherever it works, so every other key can be found.
        let helpWorks = state.bindings.binding(.help)?.applies(in: state.scope) == true
        let helpText = helpWorks ? "\(state.bindings.keyName(.help)) help" : ""
        let room = width - DisplayWidth.of(helpText) - 1
        for binding in state.bindings.available(in: state.scope) where binding.command != .help {
            guard let word = binding.footer, state.refusal(for: binding) == nil else { continue }
            // Enter is offered where the row under the cursor has a detail to open.
            if binding.command == .open, case .pane(let pane) = state.scope, state.selectedRow.map({ pane.spec.open($0) == nil }) ?? true { continue }
            let key = state.bindings.keyName(binding.command, typing: state.isTyping)
            let shown = word.replacingOccurrences(of: "☎", with: state.glyphs.isUnicode ? "☎" : "phone")
            if x + DisplayWidth.of(key) + 1 + DisplayWidth.of(shown) + 2 > room { break }
            x += painter.text(key, row: layout.footerRow, column: x, width: room - x, style: .keyHint)
            x += painter.text(" " + shown + "  ", row: layout.footerRow, column: x, width: room - x, style: .dim)
        }
        let start = width - DisplayWidth.of(helpText)
        if helpWorks && start > x {
            let key = state.bindings.keyName(.help)
            let used = painter.text(key, row: layout.footerRow, column: start, width: width - start, style: .keyHint)
            painter.text(" help", row: layout.footerRow, column: start + used, width: width - start - used, style: .dim)
        }
    }
}
