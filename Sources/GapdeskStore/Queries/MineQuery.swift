import Foundation
import GapdeskDomain

/// What the logged-in person owes: their open calls, the fixes they own and
/// the follow-ups of those gaps still to make.
public struct MyWork: Sendable, Equatable {
    public var account: String
    /// Open calls assigned to them, earliest due first (so overdue first), a page of them.
    public var calls: [QueueRow]
    public var openCalls: Int
    public var overdueCalls: Int
    /// The gaps whose fix they own, by rank, each with when its fix reached its state.
    public var fixes: [OwnedFix]
    /// The customers still to tell that a gap whose fix they own is fixed, oldest first, a page of them.
    public var followups: [FollowupRow]
    public var followupsToMake: Int
}

/// A gap whose fix someone owns, and since when its fix has stood where it is (done, or started, or last moved).
public struct OwnedFix: Sendable, Equatable {
    public var gap: GapRow
    public var since: Date
}

extension Store {
    /// Each list a page long (`limit`); the counts are whole. Calls are read
    /// from `callback_open_by_assignee`, so they cost the person's own calls.
    /// The gaps of a ranking (`gaps(now:)`) whose fix someone owns, with since when each fix stands where it is.
    public func ownedFixes(in gaps: [GapRow], now: Date) throws(StoreError) -> [OwnedFix] {
        let owned = gaps.filter { $0.owner != nil && $0.fixStatus != nil }
        let since = try read { db in
            Dictionary(try db.fetchAll(sql: "SELECT cause_id, coalesce(done_at, started_at, updated_at) FROM fix WHERE owner IS NOT NULL")
                .map { ($0[0] as Int64, $0[1] as Int64) }, uniquingKeysWith: max)
        }
        return owned.map { OwnedFix(gap: $0, since: Date(epochSeconds: since[$0.causeId] ?? now.epochSeconds)) }
    }

    public func mine(now: Date, limit: Int = 50) throws(StoreError) -> MyWork {
        let fixes = try ownedFixes(in: try gaps(now: now), now: now).filter { $0.gap.owner == account }
        return try read { db in
            let scope = try scope(db)
            var filter = ListFilter()
            filter.assignee = account
            let (sql, arguments) = Self.queueQuery(db.dialect, filter: filter, scope: scope, limit: limit, offset: 0)
            let calls = try db.fetchAll(records: QueueRow.self, sql: sql, arguments: arguments)
            let atSites = scope == nil ? "" : " AND c.response_id IN (SELECT r.id FROM response r WHERE 1 = 1\(scope.condition("r.site_id")))"
            let counts = try db.fetchOne(sql: """
                SELECT count(*), coalesce(sum(CASE WHEN c.due_at < ? THEN 1 ELSE 0 END), 0)
                FROM callback c\(db.dialect.indexedBy("callback_open_by_assignee")) WHERE c.done_at IS NULL AND c.assignee = ?\(atSites)
                """, arguments: [now.epochSeconds, account])
            // From the fixes they own to those gaps' follow-ups: every open follow-up there is would cost the store's size.
            let owned = """
                FROM fix fx CROSS JOIN followup f JOIN root_cause rc ON rc.id = f.cause_id
                JOIN customer cu ON cu.id = f.customer_id JOIN response r ON r.id = f.response_id JOIN site s ON s.id = r.site_id
                WHERE f.cause_id = fx.cause_id AND f.done_at IS NULL AND fx.owner = ?\(scope.condition("r.site_id"))
                """
            let followups = try db.fetchAll(records: FollowupRow.self, sql: """
                SELECT f.id, f.cause_id, rc.name AS gap, fx.owner AS fix_owner, fx.note AS fix_note, f.response_id, cu.name AS customer, cu.phone,
                       s.name AS site, s.time_zone AS site_zone, f.created_at, f.attempts, f.outcome, f.done_at, f.done_by
                \(owned) ORDER BY f.created_at, f.id LIMIT ?
                """, arguments: [account, limit])
            let toMake = try db.fetchOne(Int.self, sql: "SELECT count(*) \(owned)", arguments: [account]) ?? 0
            return MyWork(account: account, calls: calls, openCalls: counts?[0] ?? 0, overdueCalls: counts?[1] ?? 0, fixes: fixes,
                          followups: followups, followupsToMake: toMake)
        }
    }
}
