/// Where everything goes for a terminal size. All three panes show at 120x40
/// and above; smaller, one pane at a time under a tab bar.
public struct Layout: Sendable, Equatable {
    public static let minimumRows = 10
    public static let minimumColumns = 40

    public var rows: Int
    public var columns: Int

    public var isTooSmall: Bool { rows < Self.minimumRows || columns < Self.minimumColumns }
    public var showsAllPanes: Bool { rows >= 40 && columns >= 120 }

    /// Header takes two rows (figures, then tabs or a rule); status and footer one each.
    public var headerRows: Int { 2 }
    public var statusRow: Int { rows - 2 }
    public var footerRow: Int { rows - 1 }
    public var bodyTop: Int { headerRows }
    public var bodyHeight: Int { max(0, rows - headerRows - 2) }

    /// A pane's frame: its title row, then its column header, then rows.
    public struct Frame: Sendable, Equatable {
        public var top: Int
        public var height: Int
        /// Rows of data the pane can show.
        public var dataRows: Int { max(0, height - 2) }
    }

    public func frame(for pane: Pane, focus: Pane) -> Frame? {
        if !showsAllPanes {
            return pane == focus ? Frame(top: bodyTop, height: bodyHeight) : nil
        }
        // Callbacks get the most room: they are the day's work.
        let callbacks = bodyHeight * 2 / 5
        let lowRated = bodyHeight * 3 / 10
        switch pane {
        case .callbacks: return Frame(top: bodyTop, height: callbacks)
        case .lowRated: return Frame(top: bodyTop + callbacks, height: lowRated)
        case .gaps: return Frame(top: bodyTop + callbacks + lowRated, height: bodyHeight - callbacks - lowRated)
        }
    }

    /// How many data rows a pane shows (for paging and loading).
    public func visibleRows(for pane: Pane, focus: Pane) -> Int {
        frame(for: pane, focus: focus)?.dataRows ?? 0
    }
}
