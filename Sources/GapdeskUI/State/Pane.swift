/// Which list a pane shows: its identity. Everything else about a pane (its
/// title, columns, sorts, filters, how it loads) is its entry in `Panes`.
public enum Pane: String, CaseIterable, Sendable {
    case callbacks
    case lowRated = "low_rated"
    case gaps
    case followups
    case coverage
    case team

    /// Where it stands in the table, from 1 (its tab number and key).
    public var number: Int { (Panes.all.firstIndex { $0.pane == self } ?? 0) + 1 }

    public var spec: PaneSpec { Panes.spec(self) }
}
