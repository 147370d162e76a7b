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
}

/// What an overlay shows, once loaded.
public enum OverlayContent: Sendable {
    case help(TeamSettings)
    case response(ResponseDetail)
    case gap(GapDetail)
    case why(GapBreakdown)
    case pressure(PressureList)
    case results(ResultsReport)
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

/// The overlays in one table: what each is titled, where its keys go, how it
/// loads and what lines it shows for a width. Each one's lines are in its own file.
public enum Overlays {
    public static func scope(_ id: OverlayID) -> Scope {
        switch id {
        case .help: .help
        case .response: .responseDetail
        case .gap, .why: .gapDetail
        case .pressure, .results: .overlay
        }
    }

    /// The help is a box over the lists; the others take the body of the screen.
    public static func isBox(_ id: OverlayID) -> Bool { id == .help }

    public static func title(_ overlay: OverlayState, _ state: AppState) -> String {
        // While it loads, a gap's name from the list stands in.
        func gapName(_ id: Int64) -> String {
            state.list(.gaps).rows.first { $0.id == id }?.as(GapRow.self)?.name ?? "gap \(id)"
        }
        switch (overlay.id, overlay.content) {
        case (.help, _):
            return "Keys and marks (\(state.bindings.keyName(.down))/\(state.bindings.keyName(.up)) scroll, any other key closes)"
        case (.response(let id), .response(let detail)?):
            return "\(detail.customer.anonymous ? ListLayouts.anonymous : detail.customer.name) \(state.glyphs.dot) response \(id)"
        case (.response(let id), _): return "Response \(id)"
        case (.gap, .gap(let detail)?): return "Gap: " + detail.name
        case (.gap(let id), _): return "Gap: " + gapName(id)
        case (.why, .why(let breakdown)?): return "Why #\(breakdown.row.rank): \(breakdown.row.name)"
        case (.why(let id), _): return "Why: " + gapName(id)
        case (.pressure, _): return "Pressure signals"
        case (.results, _): return "Results: does calling back pay?"
        }
    }

    /// Reads what an overlay shows (on the reads queue).
    public static func load(_ id: OverlayID, store: Store, now: Date) throws(StoreError) -> OverlayContent? {
        switch id {
        case .help: return .help(try store.teamSettings())
        case .response(let id): return try store.responseDetail(id: id).map(OverlayContent.response)
        case .gap(let id): return try store.gapDetail(causeId: id).map(OverlayContent.gap)
        case .why(let id): return try store.gapBreakdown(causeId: id, now: now).map(OverlayContent.why)
        case .pressure:
            let signals = try store.pressureSignals(now: now)
            return .pressure(PressureList(staff: signals.staff, sites: signals.sites))
        case .results: return .results(try store.results(now: now))
        }
    }

    /// The lines for the screen's size, each wrapped to the overlay's width.
    public static func lines(_ overlay: OverlayState, _ state: AppState) -> [DetailLine] {
        let width = self.width(overlay.id, state.layout)
        guard let content = overlay.content else {
            return [DetailLine(overlay.id == .help ? "Reading the team's settings…" : "Loading…", .dim)]
        }
        let lines: [DetailLine] = switch content {
        case .help(let settings): HelpOverlay.lines(settings, state: state, width: width)
        case .response(let detail): ResponseOverlay.lines(detail, state: state, width: width)
        case .gap(let detail): GapOverlay.lines(detail, state: state, width: width)
        case .why(let breakdown): WhyOverlay.lines(breakdown, state: state, width: width)
        case .pressure(let list): PressureOverlay.lines(list, state: state, width: width)
        case .results(let report): ResultsOverlay.lines(report, state: state, width: width)
        }
        return lines.flatMap { $0.wrapped(to: width) }
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
    static func target(_ overlay: OverlayState) -> Target? {
        guard case .response(let detail)? = overlay.content else { return nil }
        return Target(responseId: detail.responseId, customer: detail.customer.name, phone: detail.customer.phone,
                      callback: detail.callback, tags: detail.tags, suggestions: detail.suggestions,
                      anonymous: detail.customer.anonymous, siteZone: detail.siteZone)
    }

    /// The gap an overlay shows, if any.
    static func gap(_ overlay: OverlayState) -> GapTarget? {
        switch overlay.content {
        case .gap(let detail)?:
            GapTarget(id: detail.causeId, name: detail.name, status: detail.fix?.status, owner: detail.fix?.owner, effort: detail.fix?.effort,
                      revision: detail.fixRevision, rank: nil)
        case .why(let breakdown)?:
            GapTarget(id: breakdown.row.causeId, name: breakdown.row.name, status: breakdown.row.fixStatus, owner: breakdown.row.owner,
                      effort: breakdown.row.effort, revision: breakdown.row.fixRevision, rank: breakdown.row.rank)
        default: nil
        }
    }
}
