import Foundation
import GapdeskDomain

/// A call to record against a callback.
public struct CallRecord: Sendable, Equatable {
    public var outcome: CallOutcome
    public var note: String?
    /// Amount waived, for `guarantee`.
    public var amount: Double?
    /// When to try again, for `no-answer`; defaults to two of the site's open hours later.
    public var retryAt: Date?

    public init(outcome: CallOutcome, note: String? = nil, amount: Double? = nil, retryAt: Date? = nil) {
        self.outcome = outcome; self.note = note; self.amount = amount; self.retryAt = retryAt
    }
}

/// How to take back one action: what the rows held before, and the revision
/// the action left, so an undo never overwrites someone else's later change.
public enum UndoToken: Sendable, Equatable {
    case call(callbackId: Int64, before: CallbackSnapshot, revision: Int, attemptId: Int64, guaranteeId: Int64?)
    case tags(responseId: Int64, causeIds: [Int64])
    case assign(callbackId: Int64, before: String?, revision: Int)
    case fix(causeId: Int64, before: FixSnapshot?, revision: Int)
    case followup(id: Int64, before: FollowupSnapshot, revision: Int)
    /// Follow-ups created by hand: undo removes those nobody has tried yet.
    case followupsCreated(ids: [Int64])
}

extension UndoToken {
    /// What undoing it needs permission for: the action it takes back.
    var action: ActionKind {
        switch self {
        case .call: .recordCall
        case .tags: .tag
        case .assign: .assign
        case .fix: .moveFix
        case .followup, .followupsCreated: .followup
        }
    }
}

/// A callback as stored, read as a record, for the actions that change it.
struct StoredCall: Decodable {
    var responseId: Int64, dueAt: Int64, attempts: Int, outcome: String?, note: String?, assignee: String?
    var doneAt: Int64?, doneBy: String?, revision: Int

    /// The call, if `actor` sees it and nobody has closed it yet; otherwise
    /// the refusal: there is no such call, or who closed it and when.
    static func open(_ db: any SQLSession, _ callbackId: Int64, for actor: String, now: Date) throws -> StoredCall {
        guard let row = try db.fetchOne(sql: """
            SELECT response_id, due_at, attempts, outcome, note, assignee, done_at, done_by, revision FROM callback WHERE id = ?
            """, arguments: [callbackId]), try Store.sees(db, actor, callbackId: callbackId) else {
            throw ActionRefusal.unknown(what: "callback", id: String(callbackId))
        }
        let call = try StoredCall(from: SQLRecordDecoder(row: row))
        if let doneAt = call.doneAt {
            throw ActionRefusal.alreadyRecorded(by: call.doneBy ?? "someone",
                                                when: Store.when(doneAt, now: now, zone: try Store.callZone(db, callbackId: callbackId)),
                                                outcome: call.outcome.flatMap(CallOutcome.init(rawValue:))?.label ?? "done")
        }
        return call
    }
}

public struct CallbackSnapshot: Sendable, Hashable {
    var dueAt: Int64, attempts: Int, outcome: String?, note: String?, doneAt: Int64?, doneBy: String?
}

public struct FixSnapshot: Sendable, Hashable {
    public var status: FixStatus
    public var owner: String?
    public var effort: Double?
    public var note: String?
    var startedAt: Int64?, doneAt: Int64?
}

/// A change the store made, described for the status line, and how to undo it.
public struct ActionResult: Sendable, Equatable {
    public var message: String
    public var undo: UndoToken
    /// What the action changed (which lists need reloading).
    public var changed: Set<ChangeTopic>
}

extension Store {
    /// How far ahead a call may be put off.
    static let latestRetry: TimeInterval = 90 * 86_400

    /// How long after a no-answer, in the site's open hours, the call falls due again when no time is given.
    static let retryOpenSeconds = 2 * 3600

    /// The time zone of a call's site: its times are said in it.
    static func callZone(_ db: any SQLSession, callbackId: Int64) throws -> TimeZone {
        try callHours(db, callbackId: callbackId).timeZone
    }

    /// Whom a call or a follow-up (`table`) is to, as a confirmation names them: a manager working fast knows which row
    /// they just changed.
    static func customer(_ db: any SQLSession, of table: String, id: Int64) throws -> String {
        let name = try db.fetchOne(String.self, sql: """
            SELECT cu.name FROM \(table) t JOIN response r ON r.id = t.response_id JOIN customer cu ON cu.id = r.customer_id WHERE t.id = ?
            """, arguments: [id]) ?? ""
        return name.isEmpty ? "a customer with no name" : name
    }

    /// The opening hours of a call's site: a retry falls in them.
    static func callHours(_ db: any SQLSession, callbackId: Int64) throws -> BusinessHours {
        try db.fetchOne(record: SiteCodec.Stored.self, sql: """
            SELECT \(SiteCodec.Stored.columns.split(separator: ",").map { "s." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
            FROM callback c JOIN response r ON r.id = c.response_id JOIN site s ON s.id = r.site_id WHERE c.id = ?
            """, arguments: [callbackId])?.site.hours
            ?? BusinessHours(timeZone: TimeZone(identifier: "UTC")!, opens: 0, closes: 86_400, days: Set(Weekday.allCases))
    }

    /// When something happened, for a sentence, in a place's zone (the viewer's named if it differs).
    static func when(_ epochSeconds: Int64, now: Date, zone: TimeZone) -> String {
        FriendlyTime.when(Date(epochSeconds: epochSeconds), now: now, zone: zone, viewer: .current)
    }

    /// The time zone of the site a call belongs to, for times typed about it (`--retry-at tomorrow 10:00`).
    public func callZone(callbackId: Int64) throws(StoreError) -> TimeZone? {
        try read { db in
            try db.fetchOne(Bool.self, sql: "SELECT count(*) > 0 FROM callback WHERE id = ?", arguments: [callbackId]) == true
                ? try Self.callZone(db, callbackId: callbackId) : nil
        }
    }

    /// Records a call. The callback's state is checked inside the write
    /// transaction, so of two people closing the same call one wins and the
    /// other is told who did it.
    public func recordCall(callbackId: Int64, _ call: CallRecord, by actor: String, at now: Date) throws -> ActionResult {
        if call.outcome == .guarantee, Limits.check(call.amount, in: Limits.guaranteeAmount) == nil {
            throw ActionRefusal.invalid("A guarantee needs the amount waived, a number \(Limits.describe(Limits.guaranteeAmount)).")
        }
        if call.outcome == .noAnswer, let retryAt = call.retryAt, retryAt <= now || retryAt > now.addingTimeInterval(Self.latestRetry) {
            throw ActionRefusal.invalid("The retry time must be in the future, and within 90 days.")
        }
        let changed: Set<ChangeTopic> = call.outcome == .guarantee ? [.calls, .gaps] : [.calls]
        return try perform(.recordCall, by: actor, changes: changed) { db in
            let row = try StoredCall.open(db, callbackId, for: actor, now: now)
            try StatedTime.check(now, notBefore: try Self.receivedAt(db, responseId: row.responseId), what: "A call", that: "the feedback arrived")
            let hours = try Self.callHours(db, callbackId: callbackId), zone = hours.timeZone
            let retryAt = call.retryAt ?? hours.adding(businessSeconds: Self.retryOpenSeconds, to: now)
            let before = CallbackSnapshot(dueAt: row.dueAt, attempts: row.attempts, outcome: row.outcome, note: row.note, doneAt: nil, doneBy: nil)
            let revision = row.revision + 1
            let note = call.note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            let guarantee = call.outcome == .guarantee ? call.amount : nil
            let touched = Touched(tables: Set(["callback", "call_attempt"]).union(guarantee == nil ? [] : ["guarantee"]), responses: [row.responseId])
            let (attemptId, guaranteeId) = try Figures.keeping(db, touched) { () throws -> (Int64, Int64?) in
                if call.outcome.closesCallback {
                    try db.execute(sql: """
                        UPDATE callback SET attempts = attempts + 1, outcome = ?, note = ?, done_at = ?, done_by = ?, revision = ?
                        WHERE id = ?
                        """, arguments: [call.outcome.rawValue, note, now.epochSeconds, actor, revision, callbackId])
                } else {
                    try db.execute(sql: "UPDATE callback SET attempts = attempts + 1, due_at = ?, note = ?, revision = ? WHERE id = ?",
                                   arguments: [retryAt.epochSeconds, note ?? before.note, revision, callbackId])
                }
                let attemptId = try db.insert(sql: "INSERT INTO call_attempt(callback_id, made_at, made_by, outcome, note, retry_at) VALUES (?, ?, ?, ?, ?, ?)",
                                              arguments: [callbackId, now.epochSeconds, actor, call.outcome.rawValue, note,
                                                          call.outcome == .noAnswer ? retryAt.epochSeconds : nil])
                let guaranteeId = try guarantee.map { amount in
                    try db.insert(sql: "INSERT INTO guarantee(response_id, callback_id, amount, approved_by, invoked_at) VALUES (?, ?, ?, ?, ?)",
                                  arguments: [row.responseId, callbackId, amount, actor, now.epochSeconds])
                }
                return (attemptId, guaranteeId)
            }
            let after = call.outcome.rawValue + (call.outcome == .noAnswer ? ", retry \(Clock.formatInstant(retryAt))" : "")
                + (call.amount.map { ", waived \(String(format: "%.2f", $0))" } ?? "") + (note.map { ", note: \($0)" } ?? "")
            try Audit.record(db, at: now, actor: actor, action: ActionKind.recordCall.rawValue, entity: "callback",
                             entityId: String(callbackId), before: "open, \(before.attempts) attempts", after: after)
            let customer = try Self.customer(db, of: "callback", id: callbackId)
            let waived = try guarantee.map { ", \(Money.exact($0, try Self.teamSettings(db).currency)) waived" } ?? ""
            let message = call.outcome == .noAnswer
                ? "No answer from \(customer); call again \(FriendlyTime.at(retryAt, now: now, zone: zone, viewer: .current))."
                : "Call recorded for \(customer): \(call.outcome.label)\(waived)."
            return ActionResult(message: message, undo: .call(callbackId: callbackId, before: before, revision: revision,
                                                               attemptId: attemptId, guaranteeId: guaranteeId), changed: changed)
        }
    }

    /// Assigns an open call to an account (supervisors).
    public func assign(callbackId: Int64, to assignee: String, by actor: String, at now: Date) throws -> ActionResult {
        let name = assignee.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw ActionRefusal.invalid("Assign to whom? Give an account name.") }
        return try perform(.assign, by: actor, changes: [.calls]) { db in
            let row = try StoredCall.open(db, callbackId, for: actor, now: now)
            try StatedTime.check(now, notBefore: try Self.receivedAt(db, responseId: row.responseId), what: "An assignment", that: "the feedback arrived")
            let before = row.assignee
            let revision = row.revision + 1
            // Whose call it is counts in the team's figures.
            try Figures.keeping(db, Touched(tables: ["callback"], responses: [row.responseId])) {
                try db.execute(sql: "UPDATE callback SET assignee = ?, revision = ? WHERE id = ?", arguments: [name, revision, callbackId])
            }
            try Audit.record(db, at: now, actor: actor, action: ActionKind.assign.rawValue, entity: "callback",
                             entityId: String(callbackId), before: before ?? "unassigned", after: name)
            return ActionResult(message: "Call assigned to \(name).", undo: .assign(callbackId: callbackId, before: before, revision: revision),
                                changed: [.calls])
        }
    }

    /// Tags a response with root causes, creating causes that are new (with `kind` when given).
    public func tag(responseId: Int64, causes: [String], kind: GapKind? = nil, by actor: String, at now: Date) throws -> ActionResult {
        let names = causes.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ActionRefusal.invalid("Name at least one root cause.") }
        if let long = names.first(where: { $0.count > 80 }) {
            throw ActionRefusal.invalid("A root cause name is at most 80 characters; \"\(long.prefix(20))…\" is longer.")
        }
        return try perform(.tag, by: actor, changes: [.responses]) { db in
            guard try db.fetchOne(Bool.self, sql: "SELECT count(*) > 0 FROM response WHERE id = ?", arguments: [responseId]) == true,
                  try Self.sees(db, actor, responseId: responseId) else {
                throw ActionRefusal.unknown(what: "response", id: String(responseId))
            }
            try StatedTime.check(now, notBefore: try Self.receivedAt(db, responseId: responseId), what: "A tag", that: "the feedback arrived")
            let added = try Figures.keeping(db, Touched(tables: ["response_cause"], responses: [responseId])) {
                var added: [Int64] = []
                for name in names {
                    let causeId = try Self.findOrCreateCause(db, name: name, kind: kind, at: now)
                    try db.execute(sql: """
                        INSERT INTO response_cause(response_id, cause_id, received_at, tagged_at, tagged_by)
                        SELECT id, ?, received_at, ?, ? FROM response WHERE id = ? ON CONFLICT DO NOTHING
                        """, arguments: [causeId, now.epochSeconds, actor, responseId])
                    if db.changesCount > 0 { added.append(causeId) }
                }
                return added
            }
            guard !added.isEmpty else { throw ActionRefusal.invalid("Already tagged with \(names.joined(separator: ", ")).") }
            try Audit.record(db, at: now, actor: actor, action: ActionKind.tag.rawValue, entity: "response",
                             entityId: String(responseId), before: nil, after: names.joined(separator: "; "))
            return ActionResult(message: "Tagged: \(names.joined(separator: ", ")).", undo: .tags(responseId: responseId, causeIds: added),
                                changed: [.responses])
        }
    }

    /// Moves a gap's fix to `status`, optionally setting owner, effort and note (supervisors).
    /// `expectedRevision` guards against someone else's change since the caller looked.
    public func moveFix(causeId: Int64, to status: FixStatus, owner: String? = nil, effort: Double? = nil, note: String? = nil,
                        expectedRevision: Int? = nil, by actor: String, at now: Date) throws -> ActionResult {
        if let effort, Limits.check(effort, in: Limits.effort) == nil {
            throw ActionRefusal.invalid("Effort is a number \(Limits.describe(Limits.effort)).")
        }
        return try perform(.moveFix, by: actor, changes: [.gaps]) { db in
            guard let name = try db.fetchOne(String.self, sql: "SELECT name FROM root_cause WHERE id = ?", arguments: [causeId]) else {
                throw ActionRefusal.unknown(what: "gap", id: String(causeId))
            }
            let named = try db.fetchOne(Int64.self, sql: "SELECT created_at FROM root_cause WHERE id = ?", arguments: [causeId])
            try StatedTime.check(now, notBefore: named, what: "A fix", that: "its root cause was first named")
            let current = try Self.fixRow(db, causeId: causeId)
            if let expectedRevision, (current?.revision ?? 0) != expectedRevision, let current {
                throw ActionRefusal.changedMeanwhile(by: current.updatedBy, when: Self.when(current.updatedAt, now: now, zone: .current))
            }
            let before = current?.snapshot
            if let owner = owner?.trimmingCharacters(in: .whitespaces).nilIfEmpty, owner != before?.owner, try Self.role(db, of: owner) == nil {
                let team = try db.fetchAll(String.self, sql: "SELECT account FROM app_user ORDER BY account").joined(separator: ", ")
                throw ActionRefusal.invalid("\(owner) has no role in this store, so cannot own a fix; the owner is someone on the team: \(team).")
            }
            let started = status == .open ? nil : (before?.startedAt ?? now.epochSeconds)
            let done = status == .done ? (before?.status == .done ? before?.doneAt : now.epochSeconds) : nil
            let revision = (current?.revision ?? 0) + 1
            let newOwner = owner?.trimmingCharacters(in: .whitespaces).nilIfEmpty ?? before?.owner
            let newNote = note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty ?? before?.note
            try Figures.keeping(db, Touched(tables: ["fix"], causes: [causeId])) {
                try db.execute(sql: """
                    INSERT INTO fix(cause_id, status, owner, effort, note, started_at, done_at, updated_at, updated_by, revision)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(cause_id) DO UPDATE SET status = excluded.status, owner = excluded.owner, effort = excluded.effort,
                        note = excluded.note, started_at = excluded.started_at, done_at = excluded.done_at,
                        updated_at = excluded.updated_at, updated_by = excluded.updated_by, revision = excluded.revision
                    """, arguments: [causeId, status.rawValue, newOwner, effort ?? before?.effort, newNote, started, done,
                                     now.epochSeconds, actor, revision])
            }
            try Audit.record(db, at: now, actor: actor, action: ActionKind.moveFix.rawValue, entity: "fix", entityId: String(causeId),
                             before: before.map { $0.status.rawValue + ($0.owner.map { ", owner \($0)" } ?? "") } ?? "no fix",
                             after: status.rawValue + (newOwner.map { ", owner \($0)" } ?? "") + (newNote.map { ", note: \($0)" } ?? ""))
            return ActionResult(message: "Fix for \"\(name)\" is now \(status.label).", undo: .fix(causeId: causeId, before: before, revision: revision),
                                changed: [.gaps])
        }
    }

    /// Sets the owner of a gap's fix (supervisors), creating an open fix if it has none.
    public func setOwner(causeId: Int64, owner: String, by actor: String, at now: Date) throws -> ActionResult {
        let name = owner.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw ActionRefusal.invalid("Give the owner's name.") }
        let status = try read { db in try Self.fixRow(db, causeId: causeId)?.snapshot.status } ?? .open
        var result = try moveFix(causeId: causeId, to: status, owner: name, by: actor, at: now)
        result.message = "Owner set to \(name)."
        return result
    }

    /// A gap's fix as stored.
    struct FixRow: Decodable {
        var status: FixStatus, owner: String?, effort: Double?, note: String?, startedAt: Int64?, doneAt: Int64?
        var revision: Int, updatedBy: String, updatedAt: Int64

        var snapshot: FixSnapshot {
            FixSnapshot(status: status, owner: owner, effort: effort, note: note, startedAt: startedAt, doneAt: doneAt)
        }
    }

    static func fixRow(_ db: any SQLSession, causeId: Int64) throws -> FixRow? {
        try db.fetchOne(record: FixRow.self, sql: """
            SELECT status, owner, effort, note, started_at, done_at, revision, updated_by, updated_at FROM fix WHERE cause_id = ?
            """, arguments: [causeId])
    }

    /// Who last changed a call or a follow-up, to refuse an undo of an older action.
    struct LastChange: Decodable {
        var revision: Int, doneBy: String?, doneAt: Int64?

        /// Refuses unless the row is still at the revision the action left.
        func check(expected: Int, now: Date, zone: @autoclosure () throws -> TimeZone) throws {
            guard revision != expected else { return }
            throw ActionRefusal.changedMeanwhile(by: doneBy ?? "someone else", when: try doneAt.map { Store.when($0, now: now, zone: try zone()) } ?? "since")
        }
    }

    /// Takes back an action made in this session, unless someone changed the row since.
    public func undo(_ token: UndoToken, by actor: String, at now: Date) throws -> String {
        try perform(token.action, by: actor, changes: ChangeTopic.everything) { db in
            switch token {
            case .call(let callbackId, let before, let revision, let attemptId, let guaranteeId):
                try Self.checkCallRevision(db, id: callbackId, expected: revision, now: now)
                let responseId = try db.fetchOne(Int64.self, sql: "SELECT response_id FROM callback WHERE id = ?", arguments: [callbackId])
                let touched = Touched(tables: Set(["callback", "call_attempt"]).union(guaranteeId == nil ? [] : ["guarantee"]),
                                      responses: Set([responseId].compactMap { $0 }))
                try Figures.keeping(db, touched) {
                    try db.execute(sql: """
                        UPDATE callback SET due_at = ?, attempts = ?, outcome = ?, note = ?, done_at = NULL, done_by = NULL,
                            revision = revision + 1 WHERE id = ?
                        """, arguments: [before.dueAt, before.attempts, before.outcome, before.note, callbackId])
                    try db.execute(sql: "DELETE FROM call_attempt WHERE id = ?", arguments: [attemptId])
                    if let guaranteeId { try db.execute(sql: "DELETE FROM guarantee WHERE id = ?", arguments: [guaranteeId]) }
                }
                try Audit.record(db, at: now, actor: actor, action: "undo " + ActionKind.recordCall.rawValue, entity: "callback",
                                 entityId: String(callbackId), before: nil, after: "open, \(before.attempts) attempts")
                return "Undone: the call to \(try Self.customer(db, of: "callback", id: callbackId)) is open again."
            case .tags(let responseId, let causeIds):
                try Figures.keeping(db, Touched(tables: ["response_cause"], responses: [responseId])) {
                    for causeId in causeIds {
                        try db.execute(sql: "DELETE FROM response_cause WHERE response_id = ? AND cause_id = ?", arguments: [responseId, causeId])
                    }
                }
                try Audit.record(db, at: now, actor: actor, action: "undo " + ActionKind.tag.rawValue, entity: "response",
                                 entityId: String(responseId), before: nil, after: "removed \(causeIds.count) tag(s)")
                return "Undone: tags removed."
            case .assign(let callbackId, let before, let revision):
                try Self.checkCallRevision(db, id: callbackId, expected: revision, now: now)
                let responseId = try db.fetchOne(Int64.self, sql: "SELECT response_id FROM callback WHERE id = ?", arguments: [callbackId]) ?? 0
                try Figures.keeping(db, Touched(tables: ["callback"], responses: [responseId])) {
                    try db.execute(sql: "UPDATE callback SET assignee = ?, revision = revision + 1 WHERE id = ?", arguments: [before, callbackId])
                }
                try Audit.record(db, at: now, actor: actor, action: "undo " + ActionKind.assign.rawValue, entity: "callback",
                                 entityId: String(callbackId), before: nil, after: before ?? "unassigned")
                return "Undone: assignment restored."
            case .fix(let causeId, let before, let revision):
                guard let current = try Self.fixRow(db, causeId: causeId) else { throw ActionRefusal.nothingToUndo }
                if current.revision != revision {
                    throw ActionRefusal.changedMeanwhile(by: current.updatedBy, when: Self.when(current.updatedAt, now: now, zone: .current))
                }
                try Figures.keeping(db, Touched(tables: ["fix"], causes: [causeId])) {
                    if let before {
                        try db.execute(sql: """
                            UPDATE fix SET status = ?, owner = ?, effort = ?, note = ?, started_at = ?, done_at = ?, updated_at = ?,
                                updated_by = ?, revision = revision + 1 WHERE cause_id = ?
                            """, arguments: [before.status.rawValue, before.owner, before.effort, before.note, before.startedAt,
                                             before.doneAt, now.epochSeconds, actor, causeId])
                    } else {
                        try db.execute(sql: "DELETE FROM fix WHERE cause_id = ?", arguments: [causeId])
                    }
                }
                try Audit.record(db, at: now, actor: actor, action: "undo " + ActionKind.moveFix.rawValue, entity: "fix",
                                 entityId: String(causeId), before: nil, after: before?.status.rawValue ?? "no fix")
                return "Undone: the fix is back as it was."
            case .followup(let id, let before, let revision):
                guard let last = try db.fetchOne(record: LastChange.self, sql: "SELECT revision, done_by, done_at FROM followup WHERE id = ?",
                                                 arguments: [id]) else {
                    throw ActionRefusal.nothingToUndo
                }
                try last.check(expected: revision, now: now, zone: .current)
                try db.execute(sql: """
                    UPDATE followup SET attempts = ?, outcome = ?, note = ?, done_at = NULL, done_by = NULL, revision = revision + 1 WHERE id = ?
                    """, arguments: [before.attempts, before.outcome, before.note, id])
                try Audit.record(db, at: now, actor: actor, action: "undo " + ActionKind.followup.rawValue, entity: "followup",
                                 entityId: String(id), before: nil, after: "open, \(before.attempts) attempts")
                return "Undone: the follow-up is open again."
            case .followupsCreated(let ids):
                var removed = 0
                for id in ids {
                    try db.execute(sql: "DELETE FROM followup WHERE id = ? AND attempts = 0 AND done_at IS NULL", arguments: [id])
                    removed += db.changesCount
                }
                try Audit.record(db, at: now, actor: actor, action: "undo " + ActionKind.followup.rawValue, entity: "fix",
                                 entityId: "", before: nil, after: "removed \(removed) follow-up(s)")
                return "Undone: \(removed) follow-up\(removed == 1 ? "" : "s") removed."
            }
        }
    }

    /// When a response arrived: nothing done about it is dated before.
    static func receivedAt(_ db: any SQLSession, responseId: Int64) throws -> Int64? {
        try db.fetchOne(Int64.self, sql: "SELECT received_at FROM response WHERE id = ?", arguments: [responseId])
    }

    /// Refuses to change a call someone else changed after `expected` (an undo of an older action).
    static func checkCallRevision(_ db: any SQLSession, id: Int64, expected: Int, now: Date) throws {
        guard let last = try db.fetchOne(record: LastChange.self, sql: "SELECT revision, done_by, done_at FROM callback WHERE id = ?",
                                         arguments: [id]) else {
            throw ActionRefusal.unknown(what: "callback", id: String(id))
        }
        try last.check(expected: expected, now: now, zone: try callZone(db, callbackId: id))
    }
}
