/// Where everything goes for a terminal size. Every pane with a share shows
/// at 120x40 and above, each by its share of the height; smaller, one pane
/// at a time under a tab bar. A pane without a share (a supervisor's
/// summary) always shows alone, under the tab bar. The focused pane ends in
/// a preview of its selected row.
public struct Layout: Sendable, Equatable {
    public static let minimumRows = 10
    public static let minimumColumns = 40

    public var rows: Int
    public var columns: Int

    public var isTooSmall: Bool { rows < Self.minimumRows || columns < Self.minimumColumns }
    public var showsAllPanes: Bool { rows >= 40 && columns >= 120 }

    /// Whether the panes are stacked with `focus` among them (else it shows alone, under the tabs).
    public func stacks(_ focus: Pane) -> Bool { showsAllPanes && focus.spec.share > 0 }

    /// Header takes two rows (figures, then tabs or a rule); status and footer one each.
    public var headerRows: Int { 2 }
    public var statusRow: Int { rows - 2 }
    public var footerRow: Int { rows - 1 }
    public var bodyTop: Int { headerRows }
    public var bodyHeight: Int { max(0, rows - headerRows - 2) }

    /// A pane's frame: its title row, its column header, its rows, and (when
    /// focused) the preview of the selected row.
    public struct Frame: Sendable, Equatable {
        public var top: Int
        public var height: Int
        public var previewRows: Int
        /// Rows of data the pane can show.
        public var dataRows: Int { max(0, height - 2 - previewRows) }
    }

    public func frame(for pane: Pane, focus: Pane) -> Frame? {
        let preview = pane == focus ? 2 : 0
        if !stacks(focus) {
            return pane == focus ? Frame(top: bodyTop, height: bodyHeight, previewRows: preview) : nil
        }
        let stacked = Panes.all.filter { $0.share > 0 }
        let total = stacked.reduce(0) { $0 + $1.share }
        var top = bodyTop
        for (index, spec) in stacked.enumerated() {
            let height = index == stacked.count - 1 ? bodyTop + bodyHeight - top : bodyHeight * spec.share / total
            if spec.pane == pane { return Frame(top: top, height: height, previewRows: preview) }
            top += height
        }
        return nil
    }

    /// How many data rows a pane shows (for paging and loading).
    public func visibleRows(for pane: Pane, focus: Pane) -> Int {
        frame(for: pane, focus: focus)?.dataRows ?? 0
    }
}
