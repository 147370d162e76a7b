import Foundation
import GapdeskDomain

/// What came in and what was done over a window: the review's figures that
/// no list holds.
public struct WeekFigures: Sendable, Equatable {
    public var days: ClosedRange<Int64>
    /// Responses received, and the critical among them.
    public var responses: Int
    public var critical: Int
    /// Calls closed in the window, by what they came to (`CallOutcome` raw values).
    public var outcomes: [String: Int]
    /// Customers still to tell that their gap is fixed.
    public var followupsToMake: Int
}

extension Store {
    /// Over the last `windowDays` whole UTC days, today included: responses
    /// from their daily summary, critical ones and closed calls from their
    /// indexes (a window's worth of rows).
    public func weekFigures(now: Date, windowDays: Int = 7) throws(StoreError) -> WeekFigures {
        try read { db in
            let scope = try scope(db)
            let days = UTCDay.ending(UTCDay.of(epochSeconds: now.epochSeconds), count: windowDays)
            let (start, end) = (days.lowerBound * UTCDay.seconds, now.epochSeconds)
            let responses = try db.fetchOne(Int.self, sql: "SELECT coalesce(sum(responses), 0) FROM response_day WHERE day >= ? AND day <= ?"
                                            + scope.condition("site_id"), arguments: [days.lowerBound, days.upperBound]) ?? 0
            let critical = try db.fetchOne(Int.self, sql: """
                SELECT count(*) FROM response r\(db.dialect.indexedBy("response_critical_by_time")) WHERE r.critical = 1 AND r.received_at >= ? AND r.received_at <= ?\(scope.condition("r.site_id"))
                """, arguments: [start, end]) ?? 0
            let atSites = scope == nil ? "" : " AND c.response_id IN (SELECT r.id FROM response r WHERE 1 = 1\(scope.condition("r.site_id")))"
            var outcomes: [String: Int] = [:]
            try db.forEachRow(sql: """
                SELECT c.outcome, count(*) FROM callback c\(db.dialect.indexedBy("callback_done_by_time"))
                WHERE c.done_at IS NOT NULL AND c.done_at >= ? AND c.done_at <= ?\(atSites) GROUP BY c.outcome
                """, arguments: [start, end]) { row in outcomes[(row[0] as String?) ?? "closed", default: 0] += row[1] }
            let followupSites = scope == nil ? "" : " AND f.response_id IN (SELECT r.id FROM response r WHERE 1 = 1\(scope.condition("r.site_id")))"
            let toMake = try db.fetchOne(Int.self, sql: "SELECT count(*) FROM followup f WHERE f.done_at IS NULL\(followupSites)") ?? 0
            return WeekFigures(days: days, responses: responses, critical: critical, outcomes: outcomes, followupsToMake: toMake)
        }
    }
}
