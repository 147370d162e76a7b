/// The three lists of the dashboard.
public enum Pane: Int, CaseIterable, Sendable {
    case callbacks, lowRated, gaps

    public var title: String {
        switch self {
        case .callbacks: "Callbacks"
        case .lowRated: "Low-rated"
        case .gaps: "Gaps"
        }
    }

    public var number: Int { rawValue + 1 }

    /// The sort orders `s` cycles through, first is the default.
    public var sorts: [String] {
        switch self {
        case .callbacks: ["due time", "newest first"]
        case .lowRated: ["newest first", "lowest rating first"]
        case .gaps: ["return on satisfaction", "30-day count", "name"]
        }
    }
}
