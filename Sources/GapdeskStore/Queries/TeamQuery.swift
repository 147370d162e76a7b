import Foundation
import GapdeskDomain

/// One person's share of the work over a window: their calls, fixes and follow-ups.
public struct TeamLine: Sendable, Hashable {
    public var account: String
    /// Calls assigned to them falling due on the window's days (today's whole); those they closed in it, and of those by the first due time.
    public var assigned = 0, made = 0, madeOnTime = 0
    /// Their open calls past due now.
    public var overdueNow = 0
    /// Fixes they own; of those, started and done in the window; verified (done and quiet) and recurred now.
    public var fixesOwned = 0, fixesStarted = 0, fixesDone = 0, fixesVerified = 0, fixesRecurred = 0
    /// Customers they told in the window that their gap is fixed.
    public var told = 0

    public init(account: String) { self.account = account }
}

/// The team over a window, a line a person, overdue first.
public struct TeamReport: Sendable, Equatable {
    public var days: ClosedRange<Int64>
    public var windowDays: Int
    public var lines: [TeamLine]
}

extension Store {
    /// Per person, over the last `windowDays` whole UTC days, today included:
    /// calls from the daily summary (`team_day`), fixes from the fixes (one a
    /// gap), follow-ups told from their index. Everyone with a role or a share of the work has a line.
    public func team(now: Date, windowDays: Int = 30) throws(StoreError) -> TeamReport {
        try read { db in
            let scope = try scope(db)
            let settings = try Self.teamSettings(db)
            let today = UTCDay.of(epochSeconds: now.epochSeconds), days = UTCDay.ending(today, count: windowDays)
            let (start, todayStart, seconds) = (days.lowerBound * UTCDay.seconds, today * UTCDay.seconds, now.epochSeconds)
            var lines: [String: TeamLine] = [:]
            func update(_ account: String, _ change: (inout TeamLine) -> Void) {
                var line = lines[account] ?? TeamLine(account: account)
                change(&line)
                lines[account] = line
            }
            for account in try db.fetchAll(String.self, sql: "SELECT account FROM app_user") { update(account) { _ in } }
            // The window's days by their key, and the days before it with calls still open by `team_day_open`.
            try db.forEachRow(sql: """
                SELECT account, coalesce(sum(CASE WHEN day >= ? THEN assigned ELSE 0 END), 0), coalesce(sum(CASE WHEN day >= ? THEN made ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN day >= ? THEN on_time ELSE 0 END), 0), coalesce(sum(CASE WHEN day < ? THEN open_due ELSE 0 END), 0)
                FROM (SELECT * FROM team_day WHERE day >= ? AND day <= ?
                      UNION ALL SELECT * FROM team_day\(db.dialect.indexedBy("team_day_open")) WHERE open_due != 0 AND day < ?) AS d
                WHERE 1 = 1\(scope.condition("site_id")) GROUP BY account
                """, arguments: [days.lowerBound, days.lowerBound, days.lowerBound, today, days.lowerBound, today, days.lowerBound]) { row in
                update(row[0]) { $0.assigned = row[1]; $0.made = row[2]; $0.madeOnTime = row[3]; $0.overdueNow = row[4] }
            }
            // Today's open calls due before now, in one query: the people with calls due today (today's summary row), each
            // counted on their own index (`callback_open_by_assignee` holds what is counted, so no call is read); and
            // calls closed after now left out (a set-back clock).
            let atSites = scope == nil ? "" : " AND c.response_id IN (SELECT r.id FROM response r WHERE 1 = 1\(scope.condition("r.site_id")))"
            try db.forEachRow(sql: """
                SELECT c.assignee, count(*)
                FROM (SELECT DISTINCT account FROM team_day\(db.dialect.indexedBy("team_day_open")) WHERE open_due != 0 AND day = ?) AS a
                JOIN callback c\(db.dialect.indexedBy("callback_open_by_assignee")) ON c.assignee = a.account
                WHERE c.done_at IS NULL AND c.due_at >= ? AND c.due_at < ?\(atSites) GROUP BY c.assignee
                """, arguments: [today, todayStart, seconds]) { row in update(row[0]) { $0.overdueNow += row[1] } }
            try db.forEachRow(sql: """
                SELECT c.done_by, count(*), coalesce(sum(CASE WHEN c.done_at <= c.first_due_at THEN 1 ELSE 0 END), 0)
                FROM callback c\(db.dialect.indexedBy("callback_done_by_time"))
                WHERE c.done_at IS NOT NULL AND c.done_at > ? AND c.done_at < ? AND c.done_by IS NOT NULL\(atSites) GROUP BY c.done_by
                """, arguments: [seconds, (today + 1) * UTCDay.seconds]) { row in update(row[0]) { $0.made -= row[1]; $0.madeOnTime -= row[2] } }
            // Fixes: one a gap, so read whole. Verified: done, quiet since, for the quiet days.
            let quiet = Int64(settings.fixQuietDays) * UTCDay.seconds
            try db.forEachRow(sql: """
                SELECT owner, count(*), coalesce(sum(CASE WHEN started_at >= ? AND started_at <= ? THEN 1 ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN status = 'done' AND done_at >= ? AND done_at <= ? THEN 1 ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN status = 'done' AND recurrences = 0 AND done_at + ? <= ? THEN 1 ELSE 0 END), 0),
                       coalesce(sum(CASE WHEN recurrences > 0 THEN 1 ELSE 0 END), 0)
                FROM fix WHERE owner IS NOT NULL GROUP BY owner
                """, arguments: [start, seconds, start, seconds, quiet, seconds]) { row in
                update(row[0]) { $0.fixesOwned = row[1]; $0.fixesStarted = row[2]; $0.fixesDone = row[3]; $0.fixesVerified = row[4]; $0.fixesRecurred = row[5] }
            }
            let followupSites = scope == nil ? "" : " AND f.response_id IN (SELECT r.id FROM response r WHERE 1 = 1\(scope.condition("r.site_id")))"
            try db.forEachRow(sql: """
                SELECT f.done_by, count(*) FROM followup f\(db.dialect.indexedBy("followup_made"))
                WHERE f.done_at IS NOT NULL AND f.done_at >= ? AND f.done_at <= ? AND f.outcome = 'told'\(followupSites) GROUP BY f.done_by
                """, arguments: [start, seconds]) { row in update(row[0]) { $0.told = row[1] } }
            let ordered = lines.values.sorted { ($1.overdueNow, $0.account) < ($0.overdueNow, $1.account) }
            return TeamReport(days: days, windowDays: windowDays, lines: ordered)
        }
    }
}
