import Foundation
import GapdeskDomain
import GapdeskStore

/// Everything that can change the dashboard's state.
public enum Message: Sendable {
    case input(InputEvent)
    /// Time passed (the clock moves even when nothing else does).
    case tick(Date)
    case loadedCallbacks([QueueRow], total: Int, atLeast: Bool)
    case loadedLowRated([LowRatedRow], total: Int, atLeast: Bool)
    case loadedGaps([GapRow])
    case loadedFigures(LoopFigures)
    case loadedResponseDetail(ResponseDetail?, id: Int64)
    case loadedGapDetail(GapDetail?, id: Int64)
    case loadedGapBreakdown(GapBreakdown?, id: Int64)
    case loadedPressure(PressureList)
    case loadedTeamSettings(TeamSettings)
    case loadedCauses([RootCause], responseId: Int64, customer: String, tagged: [String])
    case loadedAccounts([String], callbackId: Int64, current: String?)
    case actionFinished(Result<ActionResult, ActionFailure>)
    case undoFinished(Result<String, ActionFailure>)
    case copied(String, ok: Bool)
    case loadFailed(String)
    /// A background read has delivered its results (`full`: a whole reload).
    case readFinished(full: Bool)
    /// Someone (this user included) wrote to the store.
    case storeChanged(StoreChange)
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
    case moveFix(causeId: Int64, to: FixStatus, owner: String?, effort: Double?, note: String?, revision: Int)
    case setOwner(causeId: Int64, owner: String)
}

/// What the update step asks the runtime to do.
public enum Effect: Sendable, Equatable {
    /// Re-query the visible lists and the header.
    case reload
    /// Re-query one list only (it moved, was sorted or filtered): a key costs one query, not all.
    case reloadPane(Pane)
    /// Re-query the header's figures only.
    case reloadFigures
    /// Repaint the whole terminal: its contents may not be what we drew.
    case repaint
    case loadResponseDetail(Int64)
    case loadGapDetail(Int64)
    case loadGapBreakdown(Int64)
    case loadPressure
    case loadTeamSettings
    case loadCauses(responseId: Int64, customer: String, tagged: [String])
    case loadAccounts(callbackId: Int64, current: String?)
    case perform(StoreAction)
    case undo(UndoToken)
    case copyToClipboard(String)
    case quit
}
