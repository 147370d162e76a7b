import Foundation
import GapdeskDomain
import GapdeskStore

/// Which overlay is open, and on what.
public enum OverlayID: Hashable, Sendable {
    /// Every key, every mark, and how the figures are worked out.
    case help
    /// A response: the customer's words and history, the calls, the audit.
    case response(Int64)
    /// A gap: its fix, its latest feedback, its audit.
    case gap(Int64)
    /// Why a gap ranks where it does.
    case why(Int64)
    /// Staff and sites that may be pushing customers for top scores.
    case pressure
    /// Does calling back pay: returns by what the call came to and how soon.
    case results
    /// What the logged-in person owes: their calls, fixes and follow-ups.
    case mine
}

/// What an overlay shows, once loaded.
public enum OverlayContent: Sendable {
    case help(TeamSettings)
    case response(ResponseDetail)
    case gap(GapDetail)
    case why(GapBreakdown)
    case pressure(PressureList)
    case results(ResultsReport)
    case mine(MyWork)
}

/// An open overlay: its content and its lines for the current size, so the
/// view only draws and the update step scrolls within `lines.count`.
public struct OverlayState: Sendable {
    public var id: OverlayID
    public var content: OverlayContent?
    public var lines: [DetailLine] = [DetailLine("Loading…", .dim)]
    public var scroll = 0

    public init(id: OverlayID) { self.id = id }
}

/// Everything the dashboard knows about one overlay, as `PaneSpec` is for a
/// pane: where its keys go, how it is titled and loaded, the lines it shows
/// for a width, and what its keys act on. Each overlay's is in its own file.
public struct OverlaySpec: Sendable {
    let scope: Scope
    /// A box over the lists (the help), or the body of the screen.
    var isBox = false
    let title: @Sendable (OverlayContent?, AppState) -> String
    /// Reads what it shows (on the reads queue).
    let load: @Sendable (Store, Date) throws(StoreError) -> OverlayContent?
    let lines: @Sendable (OverlayContent, AppState, Int) -> [DetailLine]
    /// The response the call, tag, assign and copy keys act on, if it shows one.
    var target: @Sendable (OverlayContent) -> Target? = { _ in nil }
    /// The gap the fix, owner and why keys act on, if it shows one.
    var gap: @Sendable (OverlayContent) -> GapTarget? = { _ in nil }
}

extension OverlayID {
    /// Its entry in the table.
    var spec: OverlaySpec {
        switch self {
        case .help: HelpOverlay.spec
        case .response(let id): ResponseOverlay.spec(id)
        case .gap(let id): GapOverlay.spec(id)
        case .why(let id): WhyOverlay.spec(id)
        case .pressure: PressureOverlay.spec
        case .results: ResultsOverlay.spec
        case .mine: MineOverlay.spec
        }
    }
}

/// The overlays as the rest of the dashboard asks about them, from their specs.
public enum Overlays {
    public static func scope(_ id: OverlayID) -> Scope { id.spec.scope }

    public static func isBox(_ id: OverlayID) -> Bool { id.spec.isBox }

    public static func title(_ overlay: OverlayState, _ state: AppState) -> String { overlay.id.spec.title(overlay.content, state) }

    /// While a gap's overlay loads, its name from the list stands in.
    static func gapName(_ id: Int64, _ state: AppState) -> String {
        state.list(.gaps).rows.first { $0.id == id }?.as(GapRow.self)?.name ?? "gap \(id)"
    }

    /// Reads what an overlay shows (on the reads queue).
    public static func load(_ id: OverlayID, store: Store, now: Date) throws(StoreError) -> OverlayContent? {
        try id.spec.load(store, now)
    }

    /// The lines for the screen's size, each wrapped to the overlay's width.
    public static func lines(_ overlay: OverlayState, _ state: AppState) -> [DetailLine] {
        let width = self.width(overlay.id, state.layout)
        guard let content = overlay.content else {
            return [DetailLine(overlay.id == .help ? "Reading the team's settings…" : "Loading…", .dim)]
        }
        return overlay.id.spec.lines(content, state, width).flatMap { $0.wrapped(to: width) }
    }

    /// Where the help's box sits: `inside` lines of text fit in it.
    public static func box(_ layout: Layout) -> (top: Int, left: Int, width: Int, height: Int, inside: Int) {
        let width = min(layout.columns - 2, 90)
        let height = max(5, layout.rows - 3)
        return (1, (layout.columns - width) / 2, width, height, height - 2)
    }

    /// The columns its lines have.
    static func width(_ id: OverlayID, _ layout: Layout) -> Int {
        isBox(id) ? box(layout).width - 4 : layout.columns - 2
    }

    /// How many of its lines show at once.
    public static func visibleLines(_ id: OverlayID, _ layout: Layout) -> Int {
        isBox(id) ? box(layout).inside : max(0, layout.bodyHeight - 1)
    }

    /// The furthest it can scroll: its last line at the bottom.
    public static func maxScroll(_ overlay: OverlayState, _ layout: Layout) -> Int {
        max(0, overlay.lines.count - visibleLines(overlay.id, layout))
    }

    /// The response under the cursor in an overlay, if it shows one.
    static func target(_ overlay: OverlayState) -> Target? { overlay.content.flatMap(overlay.id.spec.target) }

    /// The gap an overlay shows, if any.
    static func gap(_ overlay: OverlayState) -> GapTarget? { overlay.content.flatMap(overlay.id.spec.gap) }
}
