import GapdeskStore

/// One list's rows and cursor. Only the rows on screen are loaded: `rows`
/// starts at position `top` of `total` matching rows.
public struct ListState<Row: Sendable>: Sendable {
    public var rows: [Row] = []
    public var top = 0
    public var selected = 0
    public var total = 0
    /// True when `total` is a lower bound (counting stopped early).
    public var totalIsAtLeast = false
    public var filter = ListFilter()
    public var sortIndex = 0
    /// Which of its pane's views (subsets of rows) it shows.
    public var viewIndex = 0
    /// The selected row's id, so a reload keeps the selection on the same item.
    public var selectedId: Int64?
    public var loaded = false

    public init() {}

    public var selectedRow: Row? {
        let index = selected - top
        return rows.indices.contains(index) ? rows[index] : nil
    }

    /// Moves the cursor by `delta` (clamped) and scrolls so it stays within
    /// `visible` rows. Returns true when a different window must be loaded.
    public mutating func move(by delta: Int, visible: Int) -> Bool {
        select(selected + delta, visible: visible)
    }

    public mutating func select(_ index: Int, visible: Int) -> Bool {
        guard total > 0 else { selected = 0; top = 0; return false }
        selected = max(0, min(total - 1, index))
        let oldTop = top
        let page = max(1, visible)
        if selected < top { top = selected }
        if selected >= top + page { top = selected - page + 1 }
        top = max(0, min(top, max(0, total - page)))
        return top != oldTop || selected - top >= rows.count
    }

    /// Takes freshly loaded rows, keeping the cursor on the same item when it
    /// is still in view.
    /// Back to the first row (after a new sort, view or filter).
    public mutating func resetCursor() {
        top = 0
        selected = 0
        selectedId = nil
    }

    public mutating func receive(rows: [Row], total: Int, atLeast: Bool, id: (Row) -> Int64) {
        self.rows = rows
        self.total = total
        self.totalIsAtLeast = atLeast
        loaded = true
        if let selectedId, let index = rows.firstIndex(where: { id($0) == selectedId }) {
            selected = top + index
        }
        if total == 0 { selected = 0; top = 0 }
        selected = max(0, min(selected, max(0, total - 1)))
        selectedId = selectedRow.map(id)
    }
}
