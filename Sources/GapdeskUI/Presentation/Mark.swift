/// What a row's first cell says. Each mark has one meaning on every screen,
/// report and help, and an ASCII form of its own for terminals without UTF-8.
public enum Mark: CaseIterable, Sendable {
    /// A call past its due time and not made.
    case overdue
    /// A call due later today.
    case dueToday
    /// A call made, or a gap's fix done and quiet so far (verified, in time).
    case done
    /// Critical feedback with no root cause yet.
    case untagged
    /// A gap recurring faster than its own baseline (see `EarlyWarning`).
    case rising
    /// A gap whose done fix was followed by new feedback tagged with it.
    case recurred
    /// A staff member or site that may be pushing customers for top scores.
    case pressure
    /// A staff member or site that may be choosing whom to ask (see `SelectiveAsking`).
    case asking
    /// A site, staff member or kind of contact rated far less often than the rest (see `Coverage`).
    case blindSpot
    /// A staff member or site on whose contacts one phone or email was given for several customers (see `SharedContactDetails`).
    case shared

    /// The first cell's width: the mark and a space.
    public static let width = 2

    public func symbol(_ glyphs: Glyphs) -> String {
        switch self {
        case .overdue: "!"
        case .dueToday: "*"
        case .done: glyphs.isUnicode ? "✓" : "v"
        case .untagged: "?"
        case .rising: glyphs.isUnicode ? "▲" : "^"
        case .recurred: glyphs.isUnicode ? "✗" : "x"
        case .pressure: glyphs.isUnicode ? "◆" : "#"
        case .asking: glyphs.isUnicode ? "◐" : "%"
        case .blindSpot: glyphs.isUnicode ? "○" : "o"
        case .shared: glyphs.isUnicode ? "◇" : "@"
        }
    }

    /// What it means, for the help and the report legends.
    public var meaning: String {
        switch self {
        case .overdue: "overdue call"
        case .dueToday: "call due later today"
        case .done: "call made, or fix done and holding"
        case .untagged: "feedback not tagged with a root cause yet"
        case .rising: "gap rising: more in the last 7 days than its own rate explains"
        case .recurred: "gap recurred: feedback came after its fix was done"
        case .pressure: "may be pushing customers for top scores"
        case .asking: "may be choosing whom to ask: few contacts rated, and those high"
        case .blindSpot: "blind spot: contacts rated far less often than the rest"
        case .shared: "one phone or email given for several customers, on one staff member's or site's contacts"
        }
    }

    public var style: Style {
        switch self {
        case .overdue, .recurred: .overdue
        case .dueToday: .dueToday
        case .done: .done
        case .untagged, .rising, .pressure, .asking, .blindSpot, .shared: .warning
        }
    }
}
