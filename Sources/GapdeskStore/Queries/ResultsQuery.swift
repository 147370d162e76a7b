import Foundation
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
    /// days the figures come from the daily summary, a row per day and site;
    /// other return days count the window's responses one by one.
    public func results(now: Date, windowDays: Int? = nil, returnDays: Int? = nil, site: String? = nil) throws(StoreError) -> ResultsReport {
        try read { db in
            let settings = try Self.teamSettings(db)
            let scope = try scope(db)
            let window = windowDays ?? settings.resultsWindowDays, returnDays = returnDays ?? settings.returnDays
            var siteId: Int64?
            var siteName: String?
            if let site {
                guard let found = try Self.site(db, named: site, where: scope.condition("id")) else {
                    throw StoreError.failed("There is no site called \"\(site)\". Sites are: \(try Self.siteChoices(db, where: scope.condition("id"))).")
                }
                siteId = found.id
                siteName = found.name
            }
            let days = Results.contactDays(now: now, windowDays: window, returnDays: returnDays)
            var counts = ResultCounts()
            if returnDays == settings.returnDays {
                var tally = ResultTally()
                try db.forEachRow(sql: "SELECT tally FROM result_day WHERE day >= ? AND day <= ?" + (siteId == nil ? "" : " AND site_id = ?")
                                  + scope.condition("site_id"),
                                  arguments: SQLArguments([days.lowerBound, days.upperBound] + (siteId.map { [$0] } ?? []))) { row in
                    tally.add(ResultTally(encoded: [UInt8](row[0] as Data)))
                }
                for entry in tally.entries {
                    counts.add(group: entry.group, speed: entry.speed, responses: entry.responses, returned: entry.returned)
                }
            } else {
                // Other return days than the summary's: the window's responses one by one.
                try db.forEachRow(sql: """
                    SELECT grp, speed, contact_at, next_contact_at, site_id FROM result_response\(db.dialect.indexedBy("result_response_by_date"))
                    WHERE contact_at >= ? AND contact_at < ?
                    """, arguments: [days.lowerBound * UTCDay.seconds, (days.upperBound + 1) * UTCDay.seconds]) { row in
                    guard siteId == nil || row[4] == siteId, scope.contains(row[4]), let group = ResultGroup(rawValue: row[0]), let speed = CallSpeed(rawValue: row[1]) else {
                        return
                    }
                    let returned = Results.returned(contactAt: row[2], next: row[3], returnDays: returnDays)
                    counts.add(group: group, speed: speed, responses: 1, returned: returned ? 1 : 0)
                }
            }
            return ResultsReport(from: Date(epochSeconds: days.lowerBound * UTCDay.seconds),
                                 to: Date(epochSeconds: (days.upperBound + 1) * UTCDay.seconds - 1), windowDays: window,
                                 returnDays: returnDays, site: siteName, counts: counts, medianValue: try GapSummary.storedMedian(db))
        }
    }
}
