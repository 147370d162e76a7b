import Foundation
import GapdeskDomain

/// Telling the customers who reported a gap that its fix is verified: one
/// follow-up per customer and gap, in a list of its own (not the callback
/// queue: nothing falls overdue).
/// Read as a record (see `SQLRecordDecoder`).
public struct FollowupRow: Hashable, Sendable, Decodable {
    public var id: Int64
    public var causeId: Int64
    public var gap: String
    public var fixOwner: String?
    public var fixNote: String?
    public var responseId: Int64
    public var customer: String
    public var phone: String?
    public var site: String
    public var siteZone: TimeZone
    public var createdAt: Date
    public var attempts: Int
    public var outcome: FollowupOutcome?
    public var doneAt: Date?
    public var doneBy: String?
}

/// A follow-up as it was before it was recorded, for undo.
public struct FollowupSnapshot: Sendable, Hashable {
    var attempts: Int, outcome: String?, note: String?, doneAt: Int64?, doneBy: String?
}

/// A follow-up as stored, for recording what it came to.
struct StoredFollowup: Decodable {
    var responseId: Int64, attempts: Int, outcome: FollowupOutcome?, note: String?, doneAt: Int64?, doneBy: String?, revision: Int
}

extension Store {
    /// SQL for the fixes verified at a moment: done, with no tagged response
    /// since, for the team's quiet days.
    static let verifiedFixes = """
        SELECT f.cause_id, f.done_at FROM fix f WHERE f.status = 'done' AND f.recurrences = 0 AND f.done_at + ? * 86400 <= ?
        """

    /// Creates the follow-ups for one verified fix: each customer with a
    /// critical response tagged with the gap in the ranking window before the
    /// fix was verified, once (a customer and gap that has one keeps it).
    /// Returns the ids created.
    /// The customers a verified fix's follow-ups are for: their latest
    /// critical response tagged with the gap in the window before it was verified.
    static let customersToTell = """
        SELECT r.customer_id, max(r.id) AS response_id FROM response_cause rc
        JOIN response r ON r.id = rc.response_id JOIN customer cu ON cu.id = r.customer_id
        WHERE rc.cause_id = ? AND rc.received_at >= ? AND rc.received_at <= ? AND r.critical = 1 AND cu.anonymous = 0
        GROUP BY r.customer_id
        """

    static func windowArguments(causeId: Int64, doneAt: Int64, settings: TeamSettings) -> [Int64] {
        let verifiedAt = doneAt + Int64(settings.fixQuietDays) * 86_400
        return [causeId, verifiedAt - Int64(settings.rankingWindowDays) * 86_400, doneAt]
    }

    /// How many of a verified fix's customers have no follow-up yet.
    static func missingFollowups(_ db: any SQLSession, causeId: Int64, doneAt: Int64, settings: TeamSettings) throws -> Int {
        try db.fetchOne(Int.self, sql: """
            SELECT count(*) FROM (\(customersToTell)) AS c
            WHERE NOT EXISTS (SELECT 1 FROM followup f WHERE f.cause_id = ? AND f.customer_id = c.customer_id)
            """, arguments: SQLArguments(windowArguments(causeId: causeId, doneAt: doneAt, settings: settings) + [causeId])) ?? 0
    }

    /// An actor limited to sites makes their sites' customers' follow-ups.
    static func insertFollowups(_ db: any SQLSession, causeId: Int64, doneAt: Int64, settings: TeamSettings, by actor: String, at now: Date) throws -> [Int64] {
        let before = try db.fetchOne(Int64.self, sql: "SELECT coalesce(max(id), 0) FROM followup") ?? 0
        let atSites = try SiteScope.of(db, account: actor)
            .map { " AND c.response_id IN (SELECT id FROM response r WHERE 1 = 1\($0.condition("r.site_id")))" } ?? ""
        try db.execute(sql: """
            INSERT INTO followup(cause_id, customer_id, response_id, created_at, created_by)
            SELECT CAST(? AS BIGINT), customer_id, response_id, CAST(? AS BIGINT), CAST(? AS TEXT) FROM (\(customersToTell)) AS c
            WHERE true\(atSites) ON CONFLICT DO NOTHING
            """, arguments: SQLArguments([causeId, now.epochSeconds] as [Int64]) + [actor]
                + SQLArguments(windowArguments(causeId: causeId, doneAt: doneAt, settings: settings)))
        let ids = try db.fetchAll(Int64.self, sql: "SELECT id FROM followup WHERE id > ? AND cause_id = ?", arguments: [before, causeId])
        if !ids.isEmpty {
            try Audit.record(db, at: now, actor: actor, action: ActionKind.followup.rawValue, entity: "fix", entityId: String(causeId),
                             before: nil, after: "\(ids.count) customer\(ids.count == 1 ? "" : "s") to tell")
        }
        return ids
    }

    /// The follow-ups every verified fix is due, unless the team turned that
    /// off (`followups.automatic`); run when a dashboard opens and every
    /// minute after, so a fix verified by time passing is followed up. Safe
    /// to run any number of times, from any number of processes: each
    /// customer and gap gets one. Returns how many it created.
    /// `evenIfOff`: by hand, for every verified gap, whatever the setting.
    @discardableResult
    public func createDueFollowups(by actor: String, at now: Date, evenIfOff: Bool = false) throws -> Int {
        let settings = try teamSettings()
        guard settings.automaticFollowups || evenIfOff else { return 0 }
        // Most of the time there is nothing new: look before asking for a write
        // (which would also reload every open dashboard's calls).
        // A fix whose customers all had one is not counted again while this
        // store stays open: at millions of responses the count takes most of a second.
        let due = try read { db in
            try db.fetchAll(sql: Self.verifiedFixes, arguments: [settings.fixQuietDays, now.epochSeconds]).map { ($0[0] as Int64, $0[1] as Int64) }
                .filter { !fixesTold.contains(causeId: $0.0, doneAt: $0.1) }
                .filter { fix in
                    let missing = try Self.missingFollowups(db, causeId: fix.0, doneAt: fix.1, settings: settings) > 0
                    if !missing { fixesTold.insert(causeId: fix.0, doneAt: fix.1) }
                    return missing
                }
        }
        guard !due.isEmpty else { return 0 }
        return try perform(.followup, by: actor, changes: [.calls]) { db in
            try due.reduce(0) { $0 + (try Self.insertFollowups(db, causeId: $1.0, doneAt: $1.1, settings: settings, by: actor, at: now).count) }
        }
    }

    /// Creates a verified gap's follow-ups by hand (when the team creates none automatically).
    public func createFollowups(causeId: Int64, by actor: String, at now: Date) throws -> ActionResult {
        try perform(.followup, by: actor, changes: [.calls]) { db in
            let settings = try Self.teamSettings(db)
            guard let name = try db.fetchOne(String.self, sql: "SELECT name FROM root_cause WHERE id = ?", arguments: [causeId]) else {
                throw ActionRefusal.unknown(what: "gap", id: String(causeId))
            }
            guard let doneAt = try db.fetchOne(sql: Self.verifiedFixes + " AND f.cause_id = ?",
                                                arguments: [settings.fixQuietDays, now.epochSeconds, causeId]).map({ $0[1] as Int64 }) else {
                throw ActionRefusal.invalid("\"\(name)\"'s fix is not verified yet (done, then \(settings.fixQuietDays) days with no new "
                                            + "feedback tagged with it), so there is nothing to tell its customers.")
            }
            let ids = try Self.insertFollowups(db, causeId: causeId, doneAt: doneAt, settings: settings, by: actor, at: now)
            let message = ids.isEmpty ? "Everyone who reported \"\(name)\" already has a follow-up."
                : "\(ids.count) follow-up\(ids.count == 1 ? "" : "s") to make: the customers who reported \"\(name)\"."
            return ActionResult(message: message, undo: .followupsCreated(ids: ids), changed: [.calls])
        }
    }

    /// Records what telling a customer came to. "No answer" leaves it open to try again.
    public func recordFollowup(id: Int64, outcome: FollowupOutcome, note: String? = nil, by actor: String, at now: Date) throws -> ActionResult {
        try perform(.followup, by: actor, changes: [.calls]) { db in
            guard let row = try db.fetchOne(record: StoredFollowup.self, sql: """
                    SELECT response_id, attempts, outcome, note, done_at, done_by, revision FROM followup WHERE id = ?
                    """, arguments: [id]),
                  try Self.sees(db, actor, responseId: row.responseId) else {
                throw ActionRefusal.unknown(what: "follow-up", id: String(id))
            }
            let zone = try db.fetchOne(String.self, sql: """
                SELECT s.time_zone FROM followup f JOIN response r ON r.id = f.response_id JOIN site s ON s.id = r.site_id WHERE f.id = ?
                """, arguments: [id]).map(SiteCodec.zone) ?? TimeZone(identifier: "UTC")!
            if let doneAt = row.doneAt {
                throw ActionRefusal.alreadyRecorded(by: row.doneBy ?? "someone", when: Self.when(doneAt, now: now, zone: zone),
                                                    outcome: row.outcome?.label ?? "done")
            }
            let made = try db.fetchOne(Int64.self, sql: "SELECT created_at FROM followup WHERE id = ?", arguments: [id])
            try StatedTime.check(now, notBefore: made, what: "A follow-up", that: "it was made")
            let before = FollowupSnapshot(attempts: row.attempts, outcome: row.outcome?.rawValue, note: row.note, doneAt: nil, doneBy: nil)
            let revision = row.revision + 1
            let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            try db.execute(sql: """
                UPDATE followup SET attempts = attempts + 1, outcome = ?, note = coalesce(?, note), done_at = ?, done_by = ?, revision = ?
                WHERE id = ?
                """, arguments: [outcome.closes ? outcome.rawValue : nil, note, outcome.closes ? now.epochSeconds : nil,
                                 outcome.closes ? actor : nil, revision, id])
            try Audit.record(db, at: now, actor: actor, action: ActionKind.followup.rawValue, entity: "followup", entityId: String(id),
                             before: "open, \(before.attempts) attempts", after: outcome.rawValue + (note.map { ", note: \($0)" } ?? ""))
            let name = try Self.customer(db, of: "followup", id: id)
            let message = outcome == .noAnswer ? "No answer from \(name); the follow-up stays in the list." : "Follow-up recorded for \(name): \(outcome.label)."
            return ActionResult(message: message, undo: .followup(id: id, before: before, revision: revision), changed: [.calls])
        }
    }

    /// Follow-ups still to make, oldest first; with `done`, then those made, newest first.
    public func followups(done: Bool = false, limit: Int, offset: Int = 0) throws(StoreError) -> [FollowupRow] {
        try read { db in
            let scope = try scope(db)
            let which = done ? "1 = 1" : "f.done_at IS NULL"
            let order = done ? "f.done_at IS NOT NULL, CASE WHEN f.done_at IS NULL THEN f.created_at ELSE -f.done_at END, "
                + "CASE WHEN f.done_at IS NULL THEN f.id ELSE -f.id END" : "f.created_at, f.id"
            // The page of follow-ups first, then what they join: the open ones
            // and the made ones each a page from their own index, so a list
            // costs a page however many were made. A site-limited account's
            // pick joins first: the page is of their sites' rows.
            let page = "LIMIT ? OFFSET ?"
            let open = "SELECT * FROM (SELECT * FROM followup WHERE done_at IS NULL ORDER BY created_at, id LIMIT ?) AS open"
            let made = "SELECT * FROM (SELECT * FROM followup WHERE done_at IS NOT NULL ORDER BY done_at DESC, id DESC LIMIT ?) AS made"
            let source = scope == nil ? "(\(open)\(done ? " UNION ALL " + made : "")) AS f" : "followup f"
            let pages: SQLArguments = scope == nil ? (done ? [offset + limit, offset + limit] : [offset + limit]) : []
            return try db.fetchAll(records: FollowupRow.self, sql: """
                SELECT f.id, f.cause_id, rc.name AS gap, fx.owner AS fix_owner, fx.note AS fix_note, f.response_id, cu.name AS customer, cu.phone,
                       s.name AS site, s.time_zone AS site_zone, f.created_at, f.attempts, f.outcome, f.done_at, f.done_by
                FROM \(source) JOIN root_cause rc ON rc.id = f.cause_id LEFT JOIN fix fx ON fx.cause_id = f.cause_id
                JOIN customer cu ON cu.id = f.customer_id JOIN response r ON r.id = f.response_id JOIN site s ON s.id = r.site_id
                WHERE \(which)\(scope.condition("r.site_id"))
                ORDER BY \(order) \(page)
                """, arguments: pages + [limit, offset])
        }
    }

    /// How many follow-ups there are, and how many are still to make.
    public func followupCounts() throws(StoreError) -> (total: Int, open: Int) {
        (try followupCount(madeToo: true), try followupCount(madeToo: false))
    }

    /// How many follow-ups are still to make, or with `madeToo` how many there
    /// are: each counted alone, from its own index (the open ones from the
    /// index of those still to make, the whole table by its size).
    public func followupCount(madeToo: Bool) throws(StoreError) -> Int {
        try read { db in
            // Joined to the responses only for an account limited to sites: at a
            // million responses the join costs more than the count.
            let atSites = try scope(db).map { " JOIN response r ON r.id = f.response_id WHERE 1 = 1" + $0.condition("r.site_id") }
            let open = madeToo ? "" : (atSites == nil ? " WHERE " : " AND ") + "f.done_at IS NULL"
            return try db.fetchOne(Int.self, sql: "SELECT count(*) FROM followup f" + (atSites ?? "") + open) ?? 0
        }
    }
}

/// Verified fixes, by gap and the time the fix was done, whose customers all
/// had a follow-up when a store last counted them.
final class FixesTold: @unchecked Sendable {
    private struct Fix: Hashable { var causeId: Int64, doneAt: Int64 }
    private let lock = NSLock()
    private var told: Set<Fix> = []

    func contains(causeId: Int64, doneAt: Int64) -> Bool { lock.withLock { told.contains(Fix(causeId: causeId, doneAt: doneAt)) } }
    func insert(causeId: Int64, doneAt: Int64) { _ = lock.withLock { told.insert(Fix(causeId: causeId, doneAt: doneAt)) } }
}
