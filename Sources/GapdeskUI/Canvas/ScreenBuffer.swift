/// An in-memory grid of cells: views draw into it, tests read it, and the
/// ncurses backend copies it to the terminal.
public struct ScreenBuffer: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// The grapheme shown; "" for the right half of a wide character.
        public var text: String
        public var style: Style
        public static let blank = Cell(text: " ", style: .normal)
    }

    public let rows: Int
    public let columns: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should sit (for text input), if shown.
    public var cursor: (row: Int, column: Int)?
    /// Stretches that lead somewhere, for a terminal that shows hyperlinks (see `Hyperlink`).
    public var links: [Hyperlink] = []

    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        cells = Array(repeating: .blank, count: self.rows * self.columns)
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.rows == b.rows && a.columns == b.columns && a.cells == b.cells && a.links == b.links
            && a.cursor?.row == b.cursor?.row && a.cursor?.column == b.cursor?.column
    }

    public func cell(_ row: Int, _ column: Int) -> Cell { cells[row * columns + column] }

    /// Writes text at (row, column), clipped to `limit` columns (default: to
    /// the right edge). Text must already be sanitised. Returns columns used.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: Style = .normal, limit: Int? = nil) -> Int {
        guard row >= 0, row < rows, column < columns else { return 0 }
        let end = min(columns, column + (limit ?? columns))
        var x = column
        for character in text {
            let width = DisplayWidth.of(character)
            if width == 0 { continue }
            if x + width > end { break }
            if x >= 0 {
                cells[row * columns + x] = Cell(text: String(character), style: style)
                if width == 2 { cells[row * columns + x + 1] = Cell(text: "", style: style) }
            }
            x += width
        }
        return x - column
    }

    /// Paints `width` cells from (row, column) with spaces in a style.
    public mutating func fill(row: Int, column: Int, width: Int, style: Style) {
        guard row >= 0, row < rows else { return }
        for x in max(0, column)..<min(columns, column + width) {
            cells[row * columns + x] = Cell(text: " ", style: style)
        }
    }

    /// Gives a region a style without changing its text (e.g. the selected row).
    public mutating func restyle(row: Int, column: Int, width: Int, style: Style) {
        guard row >= 0, row < rows else { return }
        for x in max(0, column)..<min(columns, column + width) {
            cells[row * columns + x].style = style
        }
    }

    /// One row as plain text (wide characters once), for tests and logs.
    public func text(row: Int) -> String {
        (0..<columns).map { cell(row, $0).text }.joined()
    }

    /// The whole screen as lines, trailing spaces removed.
    public var lines: [String] {
        (0..<rows).map { row in
            var line = text(row: row)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    public var plainText: String { lines.joined(separator: "\n") }

    /// Styles used on a row, left to right, each once: tests check meaning is drawn.
    public func styles(row: Int) -> [Style] {
        var seen: [Style] = []
        for column in 0..<columns where seen.last != cell(row, column).style {
            seen.append(cell(row, column).style)
        }
        return seen
    }

    /// The first row containing `text`, if any.
    public func row(containing text: String) -> Int? {
        (0..<rows).first { self.text(row: $0).contains(text) }
    }
}
