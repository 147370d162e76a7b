import Foundation
import GapdeskDomain
import GapdeskStore

/// Pressure signals and selective asking, as the overlay shows them.
public struct PressureList: Sendable, Equatable {
    public var signals: [ScoreSignal]
}

/// A modal input on top of everything else.
public enum Modal: Sendable, Equatable {
    case none
    case form(Form)
    case tags(TagPicker)
    /// Choosing an account: to assign a call to, or to own a gap's fix.
    case accounts(AccountPicker)
}

public struct StatusMessage: Sendable, Equatable {
    public enum Kind: Sendable { case info, success, error }
    public var text: String
    public var kind: Kind
    public var shownAt: Date

    public init(text: String, kind: Kind, shownAt: Date) {
        self.text = Secrets.redacted(text); self.kind = kind; self.shownAt = shownAt
    }
}

/// The whole dashboard as a value: the screen is drawn from it alone.
public struct AppState: Sendable {
    public var rows: Int
    public var columns: Int
    public var focus: Pane = .callbacks
    /// Each pane's rows and cursor, by pane.
    public var lists: [Pane: ListState<PaneRow>] = Dictionary(uniqueKeysWithValues: Pane.allCases.map { ($0, ListState()) })
    public var figures = LoopFigures()
    /// What rows are drawn with: the sites' short labels and the team's currency.
    public var siteLabels: [String: String] = [:]
    public var currency = ""
    /// The days the gaps are ranked over (the team's `ranking.window_days`).
    public var rankingWindowDays = TeamSettings().rankingWindowDays
    public var overlay: OverlayState?
    public var modal: Modal = .none
    public var status: StatusMessage?
    /// While the store's server cannot be reached: why, shown until it is back.
    public var serverLost: String?
    public var clock: Clock
    public var account: String
    public var role: Role?
    public var readOnly: Bool
    public var bindings: KeyBindings
    public var glyphs: Glyphs
    public var undoStack: [UndoToken] = []
    /// Actions sent to the store and not yet answered.
    public var pendingActions = 0
    /// A gap this session just acted on, and its rank before: the next ranking says how the action moved it.
    public var movedGap: GapTarget?
    /// The store has nothing in it yet: the first-run screen says how to begin.
    public var isEmptyStore = false
    /// How the commands it suggests name this store (" --db team.sqlite"; empty when gapdesk finds it unasked).
    public var storeArgument = ""
    /// Phones are drawn as `tel:` links (OSC 8), by the viewer's choice (`[display] hyperlinks`).
    public var hyperlinks = false
    public var quit = false

    public init(rows: Int, columns: Int, clock: Clock, account: String, role: Role?, readOnly: Bool,
                bindings: KeyBindings = .standard, glyphs: Glyphs = .unicode) {
        self.rows = rows; self.columns = columns; self.clock = clock; self.account = account
        self.role = role; self.readOnly = readOnly; self.bindings = bindings; self.glyphs = glyphs
    }

    public func list(_ pane: Pane) -> ListState<PaneRow> { lists[pane] ?? ListState() }

    /// Changes one pane's list.
    public mutating func update(_ pane: Pane, _ change: (inout ListState<PaneRow>) -> Void) {
        var list = self.list(pane)
        change(&list)
        lists[pane] = list
    }

    /// The selected row of the focused pane, if any.
    public var selectedRow: PaneRow? { list(focus).selectedRow }

    /// Where keys go right now.
    public var scope: Scope {
        switch modal {
        case .form: return .form
        case .tags, .accounts: return .picker
        case .none: break
        }
        return overlay.map { Overlays.scope($0.id) } ?? .pane(focus)
    }

    /// True while a key typed goes into text (a picker's search, a form's text field).
    public var isTyping: Bool {
        switch modal {
        case .tags: true
        case .form(let form): form.isTyping
        case .accounts, .none: false
        }
    }

    public var layout: Layout { Layout(rows: rows, columns: columns) }

    public var context: PresentationContext {
        PresentationContext(clock: clock, glyphs: glyphs, siteLabels: siteLabels, currency: currency)
    }

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
