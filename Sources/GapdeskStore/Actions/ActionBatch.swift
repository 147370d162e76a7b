import Foundation
import GapdeskDomain

/// The actions a batch can take (see `Store.batch`), each the same as the
/// store's own action of that name.
public struct ActionBatch {
    let store: Store
    let db: any SQLSession

    @discardableResult
    public func recordCall(callbackId: Int64, _ call: CallRecord, by actor: String, at now: Date) throws -> ActionResult {
        try store.recordCall(in: db, callbackId: callbackId, call, by: actor, at: now)
    }

    @discardableResult
    public func assign(callbackId: Int64, to assignee: String, by actor: String, at now: Date) throws -> ActionResult {
        try store.assign(in: db, callbackId: callbackId, to: assignee, by: actor, at: now)
    }

    @discardableResult
    public func tag(responseId: Int64, causes: [String], kind: GapKind? = nil, by actor: String, at now: Date) throws -> ActionResult {
        try store.tag(in: db, responseId: responseId, causes: causes, kind: kind, by: actor, at: now)
    }

    @discardableResult
    public func moveFix(causeId: Int64, to status: FixStatus, owner: String? = nil, effort: Double? = nil, note: String? = nil,
                        by actor: String, at now: Date) throws -> ActionResult {
        try store.moveFix(in: db, causeId: causeId, to: status, owner: owner, effort: effort, note: note, expectedRevision: nil,
                          by: actor, at: now)
    }
}
