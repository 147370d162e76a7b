import Foundation
import GapdeskDomain
import GapdeskStore

/// One list pane: a title row, a column header and the visible rows.
enum PaneView {
    static func draw(_ pane: Pane, frame: Layout.Frame, state: AppState, _ painter: inout Painter) {
        switch pane {
        case .callbacks:
            table(pane, state.callbacks, ListLayouts.queue, frame: frame, state: state, &painter,
                  summary: "\(state.figures.overdue) overdue \(state.glyphs.dot) \(state.callbacks.total) open",
                  empty: "No open calls: every critical customer has been called back.")
        case .lowRated:
            table(pane, state.lowRated, ListLayouts.lowRated, frame: frame, state: state, &painter,
                  summary: "\(state.figures.critical30d) critical in 30 days",
                  empty: "No critical feedback yet.")
        case .gaps:
            table(pane, state.gaps, ListLayouts.gaps, frame: frame, state: state, &painter,
                  summary: "\(state.gaps.total) root causes, ranked",
                  empty: "No root causes yet: tag critical feedback with t to find the gaps.")
        }
    }

    static func table<Row>(_ pane: Pane, _ list: ListState<Row>, _ layout: ListLayout<Row>, frame: Layout.Frame,
                           state: AppState, _ painter: inout Painter, summary: String, empty: String) {
        let width = painter.columns
        let focused = pane == state.focus
        let context = state.context
        let dot = " \(state.glyphs.dot) "

        // Title row.
        painter.fill(row: frame.top, style: focused ? .tabActive : .tabInactive)
        var title: [(String, Style)] = [(" \(pane.number) \(pane.title) ", focused ? .tabActive : .tabInactive), (summary, focused ? .tabActive : .tabInactive)]
        if list.sortIndex != 0 { title.append((dot + "sort: \(pane.sorts[list.sortIndex])", focused ? .tabActive : .tabInactive)) }
        if !list.filter.isEmpty { title.append((dot + "filter: \(FilterParser.describe(list.filter))", .warning)) }
        if list.total > 0 {
            title.append((dot + "\(list.selected + 1)/\(list.total)\(list.totalIsAtLeast ? "+" : "")", focused ? .tabActive : .tabInactive))
        }
        painter.segments(title, row: frame.top, column: 0, width: width)

        // Column header.
        let columns = layout.fitted(to: width)
        painter.fill(row: frame.top + 1, style: .columnHeader)
        var x = RowMarker.width
        for (column, columnWidth) in columns {
            painter.text(column.title, row: frame.top + 1, column: x, width: columnWidth, style: .columnHeader, alignRight: column.alignRight)
            x += columnWidth + 1
        }

        // Rows.
        let firstRow = frame.top + 2
        guard frame.dataRows > 0 else { return }
        if !list.loaded {
            painter.text("Loading…", row: firstRow, column: 2, width: width - 2, style: .dim)
            return
        }
        if list.rows.isEmpty {
            let message = list.filter.isEmpty ? empty : "Nothing matches \"\(FilterParser.describe(list.filter))\". Press / to change the filter."
            painter.text(message, row: firstRow, column: 2, width: width - 2, style: .dim)
            return
        }
        for (offset, row) in list.rows.prefix(frame.dataRows).enumerated() {
            let y = firstRow + offset
            let marker = layout.marker(row, context)
            let rowStyle: Style = marker == .done ? .dim : .normal
            painter.text(marker.symbol(state.glyphs), row: y, column: 0, width: 1, style: markerStyle(marker))
            var x = RowMarker.width
            for (index, (column, columnWidth)) in columns.enumerated() {
                let style = index == 0 && (marker == .overdue || marker == .dueToday) ? markerStyle(marker) : rowStyle
                painter.text(column.text(row, context), row: y, column: x, width: columnWidth, style: style,
                             alignRight: column.alignRight, pad: true)
                x += columnWidth + 1
            }
            if list.top + offset == list.selected {
                painter.buffer.restyle(row: y, column: 0, width: width, style: focused ? .selected : .selectedInactive)
            }
        }
    }

    static func markerStyle(_ marker: RowMarker) -> Style {
        switch marker {
        case .overdue: .overdue
        case .dueToday: .dueToday
        case .done: .done
        case .warning: .warning
        case .none: .normal
        }
    }
}

enum FooterView {
    static func draw(_ state: AppState, _ painter: inout Painter) {
        let layout = state.layout
        let width = painter.columns
        // Status line.
        painter.fill(row: layout.statusRow, style: .status)
        if let status = state.status {
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
        // The help key always shows, at the right, so every other key can be found.
        let help = state.bindings.binding(.help)
        let helpText = help.flatMap { $0.keys.first.map { "\($0.name) help" } } ?? ""
        let room = width - DisplayWidth.of(helpText) - 1
        for binding in state.bindings.available(in: state.scope) where binding.command != .help {
            guard let label = binding.footer, state.refusal(for: binding) == nil else { continue }
            let shown = label.replacingOccurrences(of: "☎", with: state.glyphs.isUnicode ? "☎" : "phone")
            let parts = shown.split(separator: " ", maxSplits: 1).map(String.init)
            let keyName = binding.keys.first?.name ?? parts[0]
            let needed = DisplayWidth.of(keyName) + 1 + DisplayWidth.of(parts.last ?? "") + 2
            if x + needed > room { break }
            x += painter.text(keyName, row: layout.footerRow, column: x, width: room - x, style: .keyHint)
            x += painter.text(" " + (parts.count > 1 ? parts[1] : "") + "  ", row: layout.footerRow, column: x, width: room - x, style: .dim)
        }
        if let key = help?.keys.first, room > 0 {
            let start = width - DisplayWidth.of(helpText)
            let used = painter.text(key.name, row: layout.footerRow, column: start, width: width - start, style: .keyHint)
            painter.text(" help", row: layout.footerRow, column: start + used, width: width - start - used, style: .dim)
        }
    }
}
