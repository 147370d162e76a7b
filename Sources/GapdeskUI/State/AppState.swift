import Foundation
import GapdeskDomain
import GapdeskStore

/// What is open on top of the lists.
public enum Overlay: Sendable, Equatable {
    case none
    /// Every key and how the figures are worked out, with the team's settings once read.
    case help(TeamSettings?, scroll: Int)
    case responseDetail(ResponseDetail?, id: Int64, scroll: Int)
    case gapDetail(GapDetail?, id: Int64, scroll: Int)
    /// Why a gap ranks where it does.
    case gapBreakdown(GapBreakdown?, id: Int64, scroll: Int)
    /// Staff and sites that may be pushing customers for top scores.
    case pressure(PressureList?, scroll: Int)
}

extension Overlay {
    /// How far a scrolling overlay (a detail, a breakdown, the pressure list) is scrolled; nil for the others.
    public var scroll: Int? {
        switch self {
        case .none, .help: nil
        case .responseDetail(_, _, let scroll), .gapDetail(_, _, let scroll), .gapBreakdown(_, _, let scroll), .pressure(_, let scroll): scroll
        }
    }

    public func scrolled(to scroll: Int) -> Overlay {
        switch self {
        case .none, .help: self
        case .responseDetail(let detail, let id, _): .responseDetail(detail, id: id, scroll: scroll)
        case .gapDetail(let detail, let id, _): .gapDetail(detail, id: id, scroll: scroll)
        case .gapBreakdown(let breakdown, let id, _): .gapBreakdown(breakdown, id: id, scroll: scroll)
        case .pressure(let list, _): .pressure(list, scroll: scroll)
        }
    }
}

/// Pressure signals as the overlay shows them.
public struct PressureList: Sendable, Equatable {
    public var staff: [PressureSignals.Signal]
    public var sites: [PressureSignals.Signal]
}

/// A modal input on top of everything else.
public enum Modal: Sendable, Equatable {
    case none
    case form(Form)
    case tags(TagPicker)
    case assign(AssignPicker)
}

public struct StatusMessage: Sendable, Equatable {
    public enum Kind: Sendable { case info, success, error }
    public var text: String
    public var kind: Kind
    public var shownAt: Date

    public init(text: String, kind: Kind, shownAt: Date) {
        self.text = text; self.kind = kind; self.shownAt = shownAt
    }
}

/// The whole dashboard as a value: the screen is drawn from it alone.
public struct AppState: Sendable {
    public var rows: Int
    public var columns: Int
    public var focus: Pane = .callbacks
    public var callbacks = ListState<QueueRow>()
    public var lowRated = ListState<LowRatedRow>()
    public var gaps = ListState<GapRow>()
    public var figures = LoopFigures()
    /// Which gaps the Gaps pane shows, and how many are flagged as rising.
    public var gapView: GapView = .all
    public var gapWarnings = 0
    public var overlay: Overlay = .none
    public var modal: Modal = .none
    public var status: StatusMessage?
    public var clock: Clock
    public var account: String
    public var role: Role?
    public var readOnly: Bool
    public var bindings: KeyBindings
    public var glyphs: Glyphs
    public var undoStack: [UndoToken] = []
    /// Actions sent to the store and not yet answered.
    public var pendingActions = 0
    public var quit = false

    public init(rows: Int, columns: Int, clock: Clock, account: String, role: Role?, readOnly: Bool,
                bindings: KeyBindings = .standard, glyphs: Glyphs = .unicode) {
        self.rows = rows; self.columns = columns; self.clock = clock; self.account = account
        self.role = role; self.readOnly = readOnly; self.bindings = bindings; self.glyphs = glyphs
    }

    /// Where keys go right now.
    public var scope: Scope {
        switch overlay {
        case .responseDetail: .responseDetail
        case .gapDetail, .gapBreakdown: .gapDetail
        case .pressure: .overlay
        default: .pane(focus)
        }
    }

    public var layout: Layout { Layout(rows: rows, columns: columns) }

    public var context: PresentationContext { PresentationContext(clock: clock, glyphs: glyphs) }

    /// Why a data-changing command cannot run here, or nil when it can.
    public func refusal(for binding: Binding) -> String? {
        guard let permission = binding.permission else { return nil }
        if readOnly { return "Read-only session: \(binding.help) is not available." }
        guard let role else {
            return "\(account) has no role in this store, so can look but not change anything."
        }
        if !role.may(permission) {
            return "\(binding.help.prefix(1).uppercased() + binding.help.dropFirst()) needs a supervisor; \(account) is a \(role.rawValue)."
        }
        return nil
    }
}
