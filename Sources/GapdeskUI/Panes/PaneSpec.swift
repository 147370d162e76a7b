import Foundation
import GapdeskDomain
import GapdeskStore

/// Everything the dashboard knows about one pane, in one entry of `Panes`:
/// nothing outside the table asks which pane it is. A new list is a new
/// entry (and its id in `Pane`).
public struct PaneSpec: Sendable {
    public let pane: Pane
    public let title: String
    public let layout: ListLayout<PaneRow>
    /// The orders `s` cycles through; the first is the default.
    public let sorts: [String]
    /// The views `v` cycles through (subsets of the rows), if any; the first is the default.
    public let views: [String]
    /// What `/` can narrow it by: only these are offered, and only these apply.
    public let filters: [FilterField]
    /// What an empty list says, keys named from the bindings.
    public let empty: @Sendable (KeyBindings) -> String
    /// The figures on its title row.
    public let summary: @Sendable (AppState) -> String
    /// Whether its tab shows how many rows it has.
    public let countsInTab: Bool
    /// The writes that change what it shows.
    public let reloadedBy: Set<ChangeTopic>
    /// Its part of the height when every pane shows at once; 0 for a pane that always shows alone.
    public let share: Int
    /// Reads the rows a window of it shows, and how many there are.
    public let load: @Sendable (Store, PaneQuery) throws(StoreError) -> PaneLoad
    /// The selected row in full, on the preview line: what the columns cut.
    public let preview: @Sendable (PaneRow, PresentationContext) -> String
    /// The response and call a row is about (for the call, tag, assign and copy keys).
    public let target: @Sendable (PaneRow) -> Target?
    /// The gap a row is about (for the fix, owner and why keys).
    public let gap: @Sendable (PaneRow) -> GapTarget?
    /// What Enter opens on a row.
    public let open: @Sendable (PaneRow) -> OverlayID?
    /// The form the call key opens on a row, when it is not the callback's (a follow-up's).
    public var record: (@Sendable (PaneRow) -> Form?)? = nil
    /// Whether a row changed state as the clock moved from the first time to the
    /// second (a call fell due): the figures are read again at once.
    public var turned: (@Sendable (PaneRow, Date, Date) -> Bool)? = nil
    /// Whether its rows are open calls, keyed by their callback: a call recorded leaves its place (closed, or down
    /// the queue after a no-answer), so the cursor keeps its position, on the call that came next, rather than following it.
    public var rowsAreOpenCalls = false
    /// How `gapdesk report` prints it, if it does.
    public var report: PaneReport? = nil
    /// What the keys can do to its rows (record a call, tag, move a fix…): where
    /// those keys apply and the footer offers them, besides the detail overlays.
    public var commands: Set<Command> = []
    /// Its tab's title where the whole titles do not fit.
    public var shortTitle: String? = nil
}

/// What to read for a pane: its window, order, view and filter.
public struct PaneQuery: Sendable {
    public var filter: ListFilter
    public var sort: Int
    public var view: Int
    public var offset: Int
    public var limit: Int
    public var now: Date

    public init(filter: ListFilter = ListFilter(), sort: Int = 0, view: Int = 0, offset: Int = 0, limit: Int, now: Date) {
        self.filter = filter; self.sort = sort; self.view = view; self.offset = offset; self.limit = limit; self.now = now
    }
}

/// A window of a pane's rows, and how many rows match (at least, when counting stopped early).
public struct PaneLoad: Sendable {
    public var rows: [PaneRow]
    public var total: Int
    public var atLeast: Bool
}

/// What narrows a list: the fields `/` accepts.
public enum FilterField: String, CaseIterable, Sendable {
    /// Free words: a customer, a comment, a phone; for gaps, a name or team.
    case words
    case site, staff, tag

    /// How it is typed after `/`: `site:NAME`.
    public var prefix: String { self == .words ? "" : rawValue + ":" }
}

/// The response (and its call) under the cursor, in a list or a detail.
public struct Target: Sendable, Equatable {
    public var responseId: Int64
    public var customer: String
    public var phone: String?
    public var callback: CallbackSummary?
    public var tags: [String]
    public var suggestions: [String]
    public var anonymous: Bool
    public var siteZone: TimeZone
}

/// The gap under the cursor, in a list, a detail or why-this-rank.
public struct GapTarget: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var status: FixStatus?
    public var owner: String?
    public var effort: Double?
    public var revision: Int
    public var rank: Int?
}

/// The panes of the dashboard, in tab order.
public enum Panes {
    /// Counting matches of a filter stops here, so a count costs what a screen does.
    public static let countCap = 100_000

    public static let all: [PaneSpec] = [CallbacksPane.spec, LowRatedPane.spec, GapsPane.spec, FollowupsPane.spec, CoveragePane.spec, TeamPane.spec]

    public static func spec(_ pane: Pane) -> PaneSpec {
        all.first { $0.pane == pane }!
    }
}
