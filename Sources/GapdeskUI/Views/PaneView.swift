import Foundation
import GapdeskDomain
import GapdeskStore

/// One list pane, drawn from its entry in `Panes`: a title row, a column
/// header, the visible rows with their marks, and under the focused one the
/// selected row in full.
enum PaneView {
    static func draw(_ spec: PaneSpec, frame: Layout.Frame, state: AppState, _ painter: inout Painter) {
        let width = painter.columns
        let list = state.list(spec.pane)
        let focused = spec.pane == state.focus
        let context = state.context
        let dot = " \(state.glyphs.dot) "
        let titleStyle: Style = focused ? .tabActive : .tabInactive

        painter.fill(row: frame.top, style: titleStyle)
        var title: [(String, Style)] = [(" \(spec.pane.number) \(spec.title) ", titleStyle), (spec.summary(state), titleStyle)]
        if list.sortIndex != 0 { title.append((dot + "sort: \(spec.sorts[list.sortIndex])", titleStyle)) }
        if list.viewIndex != 0, spec.views.indices.contains(list.viewIndex) { title.append((dot + "showing \(spec.views[list.viewIndex])", titleStyle)) }
        if !list.filter.isEmpty { title.append((dot + "filter: \(FilterParser.describe(list.filter))", .warning)) }
        if list.total > 0 { title.append((dot + "\(list.selected + 1)/\(list.total)\(list.totalIsAtLeast ? "+" : "")", titleStyle)) }
        painter.segments(title, row: frame.top, column: 0, width: width)

        let shown = Array(list.rows.prefix(frame.dataRows))
        let columns = spec.layout.fitted(to: width, rows: shown, context: context)
        painter.fill(row: frame.top + 1, style: .columnHeader)
        var x = Mark.width
        for fitted in columns {
            painter.text(fitted.column.title, row: frame.top + 1, column: x, width: fitted.width, style: .columnHeader,
                         alignRight: fitted.column.alignRight)
            x += fitted.width + 1
        }

        let firstRow = frame.top + 2
        guard frame.dataRows > 0 else { return }
        if !list.loaded {
            painter.text("Loading…", row: firstRow, column: 2, width: width - 2, style: .dim)
            return
        }
        if list.rows.isEmpty {
            let message = list.filter.isEmpty ? spec.empty(state.bindings)
                : "Nothing matches \"\(FilterParser.describe(list.filter))\". Press \(state.bindings.keyName(.filter)) to change the filter."
            painter.text(message, row: firstRow, column: 2, width: width - 2, style: .dim)
            return
        }
        for (offset, row) in shown.enumerated() {
            let y = firstRow + offset
            let mark = spec.layout.marker(row, context)
            let rowStyle: Style = mark == .done ? .dim : .normal
            painter.text(mark?.symbol(state.glyphs) ?? " ", row: y, column: 0, width: 1, style: mark?.style ?? .normal)
            var x = Mark.width
            for (index, fitted) in columns.enumerated() {
                let style = index == 0 && (mark == .overdue || mark == .dueToday) ? mark!.style : rowStyle
                let text = fitted.column.cell(row, context, compact: fitted.compact)
                painter.text(text, row: y, column: x, width: fitted.width, style: style, alignRight: fitted.column.alignRight, pad: true)
                if state.hyperlinks, let target = fitted.column.link?(row) {
                    let shown = min(fitted.width, DisplayWidth.of(text))
                    painter.buffer.links.append(Hyperlink(row: y, column: fitted.column.alignRight ? x + fitted.width - shown : x, width: shown,
                                                          target: target))
                }
                x += fitted.width + 1
            }
            if list.top + offset == list.selected {
                painter.buffer.restyle(row: y, column: 0, width: width, style: focused ? .selected : .selectedInactive)
            }
        }
        if frame.previewRows > 0, let selected = list.selectedRow {
            let text = SafeText.sanitize(spec.preview(selected, context))
            let top = frame.top + frame.height - frame.previewRows
            let lines = DetailLine(" " + text, .dim).wrapped(to: width - 1)
            // What does not fit is one key away, and the last row says which (where a row has a detail to open).
            let rest = " \(state.glyphs.ellipsis)" + (spec.open(selected) == nil ? "" : " \(state.bindings.keyName(.open)): all")
            for (offset, line) in lines.prefix(frame.previewRows).enumerated() {
                painter.fill(row: top + offset, style: .normal)
                let cut = offset == frame.previewRows - 1 && lines.count > frame.previewRows
                let shown = cut ? DisplayWidth.truncate(line.text, to: max(0, width - DisplayWidth.of(rest)), ellipsis: "") + rest : line.text
                painter.text(shown, row: top + offset, column: 0, width: width, style: .dim)
            }
        }
    }
}
