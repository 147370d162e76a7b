import Foundation
import GRDB
import GapdeskDomain

/// The returns behind "does calling back pay?", for one window of contact dates.
public struct ResultsReport: Sendable, Equatable {
    /// The contact dates counted: their return windows have all passed.
    public var from: Date
    public var to: Date
    public var windowDays: Int
    public var returnDays: Int
    /// The site the figures are limited to, or nil for every site.
    public var site: String?
    public var counts: ResultCounts
    /// The customers' median value (as the ranking weighs it), for the value kept.
    public var medianValue: Double?
}

extension Store {
    /// Returns by what happened at `now` (see `Results`): the window and the
    /// return days default to the team's settings. With the settings' return
    /// days the figures come from the daily summary; other return days count
    /// the window's responses one by one.
    public func results(now: Date, windowDays: Int? = nil, returnDays: Int? = nil, site: String? = nil) throws(StoreError) -> ResultsReport {
        try read { db in
            let settings = try Self.teamSettings(db)
            let window = windowDays ?? settings.resultsWindowDays, days = returnDays ?? settings.returnDays
            var siteId: Int64?
            var siteName: String?
            if let site {
                guard let row = try Row.fetchOne(db, sql: "SELECT id, name FROM site WHERE name = ?", arguments: [site]) else {
                    throw StoreError.failed("There is no site called \"\(site)\". Sites are: "
                                            + (try String.fetchAll(db, sql: "SELECT name FROM site ORDER BY name")).joined(separator: ", ") + ".")
                }
                siteId = row[0]
                siteName = row[1]
            }
            let range = Results.contactDates(now: now, windowDays: window, returnDays: days)
            var counts = ResultCounts()
            let siteClause = siteId == nil ? "" : " AND site_id = \(siteId!)"
            // Responses counted one by one between two instants (inclusive).
            func countRows(_ from: Int64, _ to: Int64) throws {
                guard from <= to else { return }
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT grp, speed, contact_at, next_contact_at FROM result_response INDEXED BY result_response_by_date
                    WHERE contact_at >= ? AND contact_at <= ?\(siteClause)
                    """, arguments: [from, to])
                while let row = try rows.next() {
                    guard let group = ResultGroup(rawValue: row[0]), let speed = CallSpeed(rawValue: row[1]) else { continue }
                    let returned = Results.returned(contactAt: row[2], next: row[3], returnDays: days)
                    counts.add(group: group, speed: speed, responses: 1, returned: returned ? 1 : 0)
                }
            }
            let (firstDay, lastDay) = (UTCDay.of(epochSeconds: range.lowerBound), UTCDay.of(epochSeconds: range.upperBound))
            if days != settings.returnDays || lastDay - firstDay < 2 {
                try countRows(range.lowerBound, range.upperBound)
            } else {
                // The two edge days from the rows, the whole days between from the summary.
                try countRows(range.lowerBound, (firstDay + 1) * UTCDay.seconds - 1)
                try countRows(lastDay * UTCDay.seconds, range.upperBound)
                let sums = try Row.fetchCursor(db, sql: """
                    SELECT grp, speed, sum(responses), sum(returned) FROM result_day
                    WHERE day > ? AND day < ?\(siteClause) GROUP BY grp, speed
                    """, arguments: [firstDay, lastDay])
                while let row = try sums.next() {
                    guard let group = ResultGroup(rawValue: row[0]), let speed = CallSpeed(rawValue: row[1]) else { continue }
                    counts.add(group: group, speed: speed, responses: row[2], returned: row[3])
                }
            }
            return ResultsReport(from: Date(epochSeconds: range.lowerBound), to: Date(epochSeconds: range.upperBound), windowDays: window,
                                 returnDays: days, site: siteName, counts: counts, medianValue: try GapSummary.storedMedian(db))
        }
    }
}
