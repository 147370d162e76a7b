import Foundation
import GapdeskDomain

/// How much of the business the feedback covers over a window (see `Coverage`).
public struct CoverageReport: Sendable, Equatable {
    /// The window's whole UTC days, today included, and the same number before them.
    public var days: ClosedRange<Int64>
    public var previousDays: ClosedRange<Int64>
    public var windowDays: Int
    public var grouping: Coverage.Grouping
    /// The site asked for, by its name; nil for every site (a login's own).
    public var site: String?
    /// Each group with contacts in the window, most contacts first.
    public var lines: [Coverage.Line]
    public var total: Coverage.Line
    /// Staff and sites who may be choosing whom to ask, over the same window.
    public var askingStaff: [SelectiveAsking.Signal]
    public var askingSites: [SelectiveAsking.Signal]

    public var blindSpots: [Coverage.Line] { lines.filter(\.isBlindSpot) }
}

extension Store {
    /// Contacts and those rated over the last `windowDays` whole UTC days, today
    /// included, by site, staff member or kind, each against the window before;
    /// read from the daily summary, a row per day and group at any store size.
    /// `asking`: who may be choosing whom to ask, too (the report's; the pane shows the lines only).
    public func coverage(now: Date, windowDays: Int = 30, by grouping: Coverage.Grouping = .site, site: String? = nil,
                         asking: Bool = true) throws(StoreError) -> CoverageReport {
        try read { db in
            let scope = try scope(db)
            var siteId: Int64?, siteName: String?
            if let site {
                guard let found = try Self.site(db, named: site, where: scope.condition("id")) else {
                    throw StoreError.failed("There is no site called \"\(site)\". Sites are: \(try Self.siteChoices(db, where: scope.condition("id"))).")
                }
                (siteId, siteName) = (found.id, found.name)
            }
            let days = UTCDay.ending(UTCDay.of(epochSeconds: now.epochSeconds), count: windowDays)
            let previous = (days.lowerBound - Int64(windowDays))...(days.lowerBound - 1)
            let tallies = try Self.coverageTallies(db, grouping, days: days, previous: previous, siteId: siteId, scope: scope)
            let lines = Coverage.lines(tallies).filter { $0.share.trials > 0 }
                .sorted { ($0.share.trials, $1.name) > ($1.share.trials, $0.name) }
            let total = Coverage.total(tallies)
            let change = Proportion.difference(total.now, total.previous).map { Coverage.Change(value: $0.value, interval: $0.interval) }
            let asked = asking ? try Self.askingTallies(db, days: days, siteId: siteId, scope: scope) : (staff: [], sites: [])
            return CoverageReport(days: days, previousDays: previous, windowDays: windowDays, grouping: grouping, site: siteName, lines: lines,
                                  total: Coverage.Line(name: "all", share: total.now, previous: total.previous, change: change),
                                  askingStaff: SelectiveAsking.signals(asked.staff), askingSites: SelectiveAsking.signals(asked.sites))
        }
    }

    /// Staff and sites who may be choosing whom to ask, over the last `windowDays` (default: the ranking's window, as the pressure signals).
    public func selectiveAsking(now: Date, windowDays: Int? = nil) throws(StoreError) -> (staff: [SelectiveAsking.Signal], sites: [SelectiveAsking.Signal]) {
        try read { db in
            let days = UTCDay.ending(UTCDay.of(epochSeconds: now.epochSeconds), count: try windowDays ?? Self.teamSettings(db).rankingWindowDays)
            let tallies = try Self.askingTallies(db, days: days, siteId: nil, scope: try scope(db))
            return (SelectiveAsking.signals(tallies.staff), SelectiveAsking.signals(tallies.sites))
        }
    }

    /// Contacts rated of those in the last 30 days, for the header: nil when there were none.
    public func contactsRated30d(now: Date) throws(StoreError) -> Proportion? {
        try read { db in try Self.contactsRated30d(db, now: now, scope: try scope(db)) }
    }

    static func contactsRated30d(_ db: any SQLSession, now: Date, scope: SiteScope?) throws -> Proportion? {
        let days = UTCDay.ending(UTCDay.of(epochSeconds: now.epochSeconds), count: 30)
        let row = try db.fetchOne(sql: "SELECT coalesce(sum(contacts), 0), coalesce(sum(rated), 0) FROM contact_day WHERE day >= ? AND day <= ?"
                                  + scope.condition("site_id"), arguments: [days.lowerBound, days.upperBound])
        let contacts: Int = row?[0] ?? 0, rated: Int = row?[1] ?? 0
        return contacts == 0 ? nil : Proportion(successes: rated, trials: contacts)
    }

    /// Each group's contacts and rated, in the window and the one before.
    private static func coverageTallies(_ db: any SQLSession, _ grouping: Coverage.Grouping, days: ClosedRange<Int64>, previous: ClosedRange<Int64>,
                                        siteId: Int64?, scope: SiteScope?) throws -> [Coverage.Tally] {
        // A staff member's id is theirs alone; "no staff named" is one a site, told apart by the site's id, negated.
        let kinds = ContactKind.allCases.enumerated().map { "WHEN '\($0.element.rawValue)' THEN \($0.offset)" }.joined(separator: " ")
        let (join, key, id, name): (String, String, String, String) = switch grouping {
        case .site: ("JOIN site s ON s.id = d.site_id", "d.site_id", "d.site_id", "s.name")
        case .staff: ("JOIN site s ON s.id = d.site_id LEFT JOIN staff st ON st.id = d.staff_id", "d.site_id, d.staff_id",
                      "CASE WHEN d.staff_id = 0 THEN -d.site_id ELSE d.staff_id END", "coalesce(st.name, 'no staff named') || ' (' || s.name || ')'")
        case .kind: ("", "d.kind", "CASE d.kind \(kinds) ELSE -1 END", "d.kind")
        }
        let sql = """
            SELECT \(id) AS id, \(name) AS name, sum(CASE WHEN d.day >= ? THEN d.contacts ELSE 0 END) AS contacts,
                sum(CASE WHEN d.day >= ? THEN d.rated ELSE 0 END) AS rated,
                sum(CASE WHEN d.day < ? THEN d.contacts ELSE 0 END) AS previous_contacts,
                sum(CASE WHEN d.day < ? THEN d.rated ELSE 0 END) AS previous_rated
            FROM contact_day d \(join) WHERE d.day >= ? AND d.day <= ?\(siteId == nil ? "" : " AND d.site_id = ?")\(scope.condition("d.site_id"))
            GROUP BY \(key), \(name)
            """
        let arguments = SQLArguments([days.lowerBound, days.lowerBound, days.lowerBound, days.lowerBound, previous.lowerBound, days.upperBound]
                                     + (siteId.map { [$0] } ?? []))
        return try db.fetchAll(sql: sql, arguments: arguments).map {
            Coverage.Tally(id: $0[0], name: $0[1], contacts: $0[2], rated: $0[3], previousContacts: $0[4], previousRated: $0[5])
        }
    }

    /// Each staff member's and site's contacts and rated, with the responses and top scores they got, over the window.
    private static func askingTallies(_ db: any SQLSession, days: ClosedRange<Int64>, siteId: Int64?,
                                      scope: SiteScope?) throws -> (staff: [SelectiveAsking.Tally], sites: [SelectiveAsking.Tally]) {
        let site = siteId == nil ? "" : " AND site_id = ?"
        let arguments = SQLArguments([days.lowerBound, days.upperBound] + (siteId.map { [$0] } ?? []))
        func tallies(_ key: String, _ name: String, _ join: String) throws -> [SelectiveAsking.Tally] {
            try db.fetchAll(sql: """
                SELECT \(name), sum(c.contacts), sum(c.rated), sum(c.responses), sum(c.top) FROM (
                    SELECT site_id, staff_id, contacts, rated, 0 AS responses, 0 AS top FROM contact_day
                    WHERE day >= ? AND day <= ?\(site)\(scope.condition("site_id"))
                    UNION ALL
                    SELECT site_id, staff_id, 0, 0, responses, top FROM response_day WHERE day >= ? AND day <= ?\(site)\(scope.condition("site_id"))
                ) AS c \(join) GROUP BY \(key), \(name)
                """, arguments: arguments + arguments).map {
                SelectiveAsking.Tally(name: $0[0], contacts: $0[1], rated: $0[2], responses: $0[3], topScores: $0[4])
            }
        }
        return (try tallies("c.staff_id", "st.name || ' (' || s.name || ')'", "JOIN staff st ON st.id = c.staff_id JOIN site s ON s.id = st.site_id"),
                try tallies("c.site_id", "s.name", "JOIN site s ON s.id = c.site_id"))
    }
}
