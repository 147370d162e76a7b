/// A row of any pane, as state and views hold it: its id, and the typed row
/// only its pane's entry in `Panes` looks into.
public struct PaneRow: @unchecked Sendable, Hashable {
    public let id: Int64
    private let value: AnyHashable

    public init<Row: Hashable & Sendable>(_ row: Row, id: Int64) {
        self.id = id
        value = AnyHashable(row)
    }

    /// The typed row, when it is one of these.
    public func `as`<Row>(_ type: Row.Type) -> Row? { value.base as? Row }
}

extension Column {
    /// The same column over pane rows of this type.
    func erased() -> Column<PaneRow> {
        let text = self.text, json = self.json, compact = self.compact, link = self.link
        let erasedText: @Sendable (PaneRow, PresentationContext) -> String = { row, context in text(row.as(Row.self)!, context) }
        var erasedJSON: (@Sendable (PaneRow, PresentationContext) -> JSONValue)?
        if let json { erasedJSON = { row, context in json(row.as(Row.self)!, context) } }
        var erasedCompact: (@Sendable (PaneRow, PresentationContext) -> String)?
        if let compact { erasedCompact = { row, context in compact(row.as(Row.self)!, context) } }
        var erasedLink: (@Sendable (PaneRow) -> String?)?
        if let link { erasedLink = { row in link(row.as(Row.self)!) } }
        return Column<PaneRow>(key, title, width: Column<PaneRow>.Width(width), alignRight: alignRight, priority: priority,
                               json: erasedJSON, compact: erasedCompact, link: erasedLink, text: erasedText)
    }
}

extension Column.Width {
    /// The same width for a column over other rows.
    init<Other>(_ other: Column<Other>.Width) {
        switch other {
        case .content(let min, let max, let whole): self = .content(min: min, max: max, whole: whole)
        case .text(let min, let weight): self = .text(min: min, weight: weight)
        }
    }
}

extension ListLayout {
    /// The same layout over pane rows of this type.
    func erased() -> ListLayout<PaneRow> {
        let ids = self.ids, extras = self.extras, marker = self.marker
        return ListLayout<PaneRow>(columns: columns.map { $0.erased() }, ids: { ids($0.as(Row.self)!) },
                                   extras: { extras($0.as(Row.self)!) }, marker: { marker($0.as(Row.self)!, $1) })
    }
}
