import Foundation
import GapdeskDomain
import GapdeskStore

/// Everything that can change the dashboard's state.
public enum Message: Sendable {
    case input(InputEvent)
    /// Time passed (the clock moves even when nothing else does).
    case tick(Date)
    case loaded(Pane, PaneLoad)
    case loadedFigures(LoopFigures)
    case loadedTeam(TeamLook)
    case overlayLoaded(OverlayID, OverlayContent?)
    case loadedCauses([RootCause], target: Target)
    case loadedAccounts([String], purpose: AccountPicker.Purpose, current: String?)
    case actionFinished(Result<ActionResult, ActionFailure>)
    case undoFinished(Result<String, ActionFailure>)
    /// Where a gap this session just acted on ranks now (nil: no longer ranked).
    case rankChecked(GapTarget, now: GapRow?)
    case followupsCreated(Int)
    case copied(String, ok: Bool)
    case loadFailed(String)
    /// A background read has delivered its results (`full`: a whole reload).
    case readFinished(full: Bool)
    /// Someone (this user included) wrote to the store.
    case storeChanged(StoreChange)
}

/// What rows are drawn with, from the team's settings and sites.
public struct TeamLook: Sendable, Equatable {
    public var siteLabels: [String: String]
    public var currency: String
    /// The days the gaps are ranked over, named beside the RoS column.
    public var rankingWindowDays: Int
    /// Nothing recorded yet: the first-run screen shows.
    public var isEmpty: Bool
}

/// A store action that did not happen, with its sentence.
public struct ActionFailure: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// A change to make in the store, run away from the drawing loop.
public enum StoreAction: Sendable, Equatable {
    case recordCall(callbackId: Int64, CallRecord)
    case tag(responseId: Int64, causes: [String], kind: GapKind?)
    case assign(callbackId: Int64, to: String)
    case moveFix(GapTarget, to: FixStatus, owner: String?, effort: Double?, note: String?)
    case setOwner(GapTarget, owner: String)
    case recordFollowup(id: Int64, FollowupOutcome, note: String)
    case createFollowups(GapTarget)

    /// The gap it acts on, if any: its rank is checked afterwards.
    var gap: GapTarget? {
        switch self {
        case .moveFix(let gap, _, _, _, _), .setOwner(let gap, _): gap
        default: nil
        }
    }
}

/// What the update step asks the runtime to do.
public enum Effect: Sendable, Equatable {
    /// Re-query the visible lists, the header and the team's look.
    case reload
    /// Re-query one list only (it moved, was sorted or filtered): a key costs one query, not all.
    case reloadPane(Pane)
    /// Re-query the header's figures only.
    case reloadFigures
    /// Repaint the whole terminal: its contents may not be what we drew.
    case repaint
    case loadOverlay(OverlayID)
    case loadCauses(Target)
    case loadAccounts(AccountPicker.Purpose, current: String?)
    case perform(StoreAction)
    case undo(UndoToken)
    /// Look where a gap ranks after this session's action on it.
    case checkRank(GapTarget)
    /// Creates the follow-ups verified fixes are due (see `Store.createDueFollowups`).
    case createDueFollowups
    case copyToClipboard(String)
    case quit
}
