import Foundation
import GapdeskDomain

/// One response behind a gap's score, with what the breakdown shows of it.
public struct BreakdownLine: Sendable, Hashable {
    public var contribution: ReturnOnSatisfaction.Contribution
    public var receivedAt: Date
    public var customer: String
    public var customerId: Int64
    public var rating: Int
    public var scale: RatingScale
    public var site: String
    public var siteZone: TimeZone
    public var staff: String?

    public static func == (a: BreakdownLine, b: BreakdownLine) -> Bool {
        a.contribution == b.contribution && a.receivedAt == b.receivedAt && a.customer == b.customer
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(contribution.responseId) }
}

/// What a supervisor reads first about a gap's score (see `GapBreakdown`).
public struct BreakdownSummary: Sendable, Hashable {
    /// Distinct customers behind the window's responses.
    public var customers: Int
    /// The share of the responses' contributions from the last 30 days.
    public var recentShare: Double
    /// The share from customers worth more than the median (value weight above 1).
    public var highValueShare: Double
}

/// The "why this rank" of one gap.
public struct GapBreakdown: Sendable, Hashable {
    public var row: GapRow
    public var effort: Double
    public var medianValue: Double?
    public var parameters: ReturnOnSatisfaction.Parameters
    /// A page of the contributions, newest first (none when no page was asked for).
    public var lines: [BreakdownLine]
    /// Which page (from 0), and how many there are of `ContributionPage.size`.
    public var page: Int
    public var pages: Int
    /// The contributions not on the page: how many, and their sum.
    public var otherCount: Int
    public var otherSum: Double
    /// Responses in the window by site and by staff member, most first.
    public var bySite: [(String, Int)]
    public var byStaff: [(String, Int)]
    /// Responses that arrived after the fix was done, newest first.
    public var recurredBy: [LowRatedRow]
    /// Who is behind the score, and where it comes from, over every contribution.
    public var summary: BreakdownSummary

    /// The guarantees waived in the window, in points (see `ReturnOnSatisfaction`).
    public var guaranteePoints: Double { ReturnOnSatisfaction.guaranteePoints(waived: row.waived, parameters: parameters) }
    /// Every response's contribution, those a limit left out included.
    public var contributionSum: Double { lines.reduce(otherSum) { $0 + $1.contribution.amount } }
    /// What the effort divides: every contribution and the guarantees.
    public var sum: Double { contributionSum + guaranteePoints }
    public var count: Int { lines.count + otherCount }

    public static func == (a: GapBreakdown, b: GapBreakdown) -> Bool { a.row == b.row && a.lines == b.lines && a.otherCount == b.otherCount }
    public func hash(into hasher: inout Hasher) { hasher.combine(row) }
}

/// Ranks the gaps from the daily summary (`GapSummary`), with the rules in
/// `ReturnOnSatisfaction`; a breakdown reads one gap's responses themselves.
struct GapRanking {
    let db: any SQLSession
    let now: Date
    let settings: TeamSettings
    let parameters: ReturnOnSatisfaction.Parameters
    let basis: GapSummary.Basis
    /// The viewer's sites: a breakdown lists their responses only (the
    /// ranking itself is the team's, from the summary).
    let scope: SiteScope?

    init(db: any SQLSession, now: Date, windowDays: Int?, scope: SiteScope? = nil) throws {
        self.db = db
        self.scope = scope
        self.now = now
        settings = try Store.teamSettings(db)
        var parameters = ReturnOnSatisfaction.Parameters(settings)
        if let windowDays { parameters.windowDays = max(1, windowDays) }
        self.parameters = parameters
        basis = try GapSummary.basis(db, settings: settings)
    }

    /// The daily summary over the days a tally needs, as the sqlite3 shell
    /// would run it too (the benchmark's yardstick). In key order: the scores
    /// are sums of doubles, the same to the last digit only when added in the
    /// same order (PostgreSQL returns rows in the order they were written).
    static let daysSQL = """
        SELECT day, cause_id, responses, unaged, unaged_valued, waived, customers_last, value_last FROM gap_day WHERE day BETWEEN ? AND ? ORDER BY day, cause_id
        """

    /// Each cause's figures, from a few rows per cause and day.
    func tallies() throws -> [Int64: GapTally] {
        let days = GapTally.daysNeeded(now: now, parameters: parameters)
        var tallies: [Int64: GapTally] = [:]
        try db.forEachRow(sql: Self.daysSQL, arguments: [days.lowerBound, days.upperBound]) { row in
            tallies[row[1], default: GapTally(now: now, parameters: parameters)]
                .add(GapDay(day: row[0], responses: row[2], unaged: row[3], unagedValued: row[4], waived: row[5], customersLast: row[6], valueLast: row[7]))
        }
        return tallies
    }

    /// Every gap, ranked.
    func rows() throws -> [GapRow] {
        let tallies = try tallies()
        let causes = try db.fetchAll(records: CauseAndFix.self, sql: """
            SELECT rc.id, rc.name, rc.kind, rc.team, f.status, f.owner, f.effort, f.revision, f.done_at, f.recurrences
            FROM root_cause rc LEFT JOIN fix f ON f.cause_id = rc.id
            """)
        var rows = causes.map { row($0, tally: tallies[$0.id] ?? GapTally(now: now, parameters: parameters)) }
        rows.sort { ReturnOnSatisfaction.ranksBefore(($0.score, $0.countInWindow, $0.name), ($1.score, $1.countInWindow, $1.name)) }
        for index in rows.indices { rows[index].rank = index + 1 }
        return rows
    }

    /// The ranked gaps whose name or team holds the filter's text, ranked among themselves.
    static func matching(_ ranked: [GapRow], _ filter: ListFilter) -> [GapRow] {
        guard let text = filter.text, !text.isEmpty else { return ranked }
        var rows = ranked.filter { $0.name.localizedCaseInsensitiveContains(text) || ($0.team ?? "").localizedCaseInsensitiveContains(text) }
        for index in rows.indices { rows[index].rank = index + 1 }
        return rows
    }

    /// A root cause and its fix, if it has one.
    struct CauseAndFix: Decodable {
        var id: Int64, name: String, kind: GapKind?, team: String?
        var status: FixStatus?, owner: String?, effort: Double?, revision: Int?, doneAt: Int64?, recurrences: Int?
    }

    func row(_ cause: CauseAndFix, tally: GapTally) -> GapRow {
        let verdict = FixVerdict.judge(status: cause.status, doneAt: cause.doneAt.map(Date.init(epochSeconds:)),
                                       taggedSinceDone: cause.recurrences ?? 0, now: now, quietPeriodDays: settings.fixQuietDays)
        return GapRow(causeId: cause.id, name: cause.name, kind: cause.kind, team: cause.team,
                      score: ReturnOnSatisfaction.score(weightedSum: tally.weightedSum, waived: tally.waived, effort: cause.effort, parameters: parameters),
                      weightedSum: tally.weightedSum, countInWindow: tally.countInWindow,
                      count30d: tally.count30d, countPrevious30d: tally.countPrevious30d, count7d: tally.count7d,
                      warning: tally.warning, usualWeek: tally.usualWeek, warningChance: tally.warningProbability, customers30d: tally.customers30d,
                      customersInWindow: tally.customersInWindow,
                      recentShare: tally.weightedSum > 0 ? tally.recentWeightedSum / tally.weightedSum : 0,
                      highValueShare: tally.weightedSum > 0 ? tally.valuedWeightedSum / tally.weightedSum : 0, weekly: tally.weekly, waived: tally.waived,
                      moneyAtRisk: tally.moneyAtRisk, owner: cause.owner, fixStatus: cause.status,
                      verdict: verdict, effort: cause.effort, fixRevision: cause.revision ?? 0, rank: 0)
    }

    /// A response behind a gap's score, with what weighs it.
    struct BreakdownRow: Decodable {
        var id: Int64, receivedAt: Date, rating: Int, scale: RatingScale, shortfall: Double, customerId: Int64, customer: String
        var value: Double?, site: String, siteZone: TimeZone, staff: String?, tagCount: Int
    }

    /// The breakdowns of the given gaps (all when nil), in rank order, at
    /// most `count`, each with page `page` of its contributions (none when nil).
    func breakdowns(causeIds: Set<Int64>?, count: Int = .max, page: Int?, pageSize: Int = ContributionPage.size) throws -> [GapBreakdown] {
        try rows()
            .filter { causeIds?.contains($0.causeId) ?? true }
            .prefix(count)
            .map { try breakdown($0, page: page, pageSize: pageSize) }
    }

    /// What is behind a gap's score: the facts from its days (as the ranking
    /// reads them, a few rows a day at any store size) and a page of its
    /// contributions, newest first. The days say which hold the page's
    /// responses, so a page reads those days only.
    func breakdown(_ ranked: GapRow, page: Int?, pageSize: Int) throws -> GapBreakdown {
        let window = ReturnOnSatisfaction.window(now: now, days: parameters.windowDays)
        var places: (sites: [String: Int], staff: [String: Int]) = ([:], [:])
        try db.forEachRow(sql: """
            SELECT s.name, st.name, sum(p.responses) FROM gap_place_day p JOIN site s ON s.id = p.site_id LEFT JOIN staff st ON st.id = p.staff_id
            WHERE p.cause_id = ? AND p.day >= ? AND p.day <= ?\(scope.condition("p.site_id")) GROUP BY s.name, st.name
            """, arguments: [ranked.causeId, window.lowerBound, window.upperBound]) { row in
            let (site, staff, responses): (String, String?, Int) = (row[0], row[1], row[2])
            places.sites[site, default: 0] += responses
            if let staff { places.staff[staff, default: 0] += responses }
        }
        func ordered(_ counts: [String: Int]) -> [(String, Int)] {
            counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        }
        let lines = try page.map { try contributions(ranked, window: window, page: $0, size: pageSize) } ?? []
        var recurredBy: [LowRatedRow] = []
        if case .recurred = ranked.verdict, let doneAt = try db.fetchOne(Int64.self, sql: "SELECT done_at FROM fix WHERE cause_id = ?", arguments: [ranked.causeId]) {
            // Those that broke it came after it was done.
            let (sql, arguments) = Store.lowRatedQuery(db.dialect, filter: ListFilter(), scope: scope, limit: 50, offset: 0, causeId: ranked.causeId,
                                                       since: doneAt + 1)
            recurredBy = try db.fetchAll(records: LowRatedRow.self, sql: sql, arguments: arguments)
                .filter { $0.receivedAt.epochSeconds > doneAt }
        }
        let shown = lines.reduce(0) { $0 + $1.contribution.amount }
        return GapBreakdown(row: ranked, effort: ReturnOnSatisfaction.usedEffort(ranked.effort, parameters: parameters),
                            medianValue: basis.median, parameters: parameters, lines: lines, page: page ?? 0,
                            pages: (ranked.countInWindow + pageSize - 1) / pageSize,
                            otherCount: max(0, ranked.countInWindow - lines.count), otherSum: ranked.weightedSum - shown,
                            bySite: ordered(places.sites), byStaff: ordered(places.staff), recurredBy: recurredBy,
                            summary: BreakdownSummary(customers: ranked.customersInWindow, recentShare: ranked.recentShare,
                                                      highValueShare: ranked.highValueShare))
    }

    /// Page `page` of a gap's contributions in the window, newest first: the
    /// days that hold it, from the gap's days, then those days' responses.
    func contributions(_ ranked: GapRow, window: ClosedRange<Int64>, page: Int, size: Int) throws -> [BreakdownLine] {
        let skip = page * size
        let (passed, days) = try GapDays.newest(db, causeId: ranked.causeId, skip: skip, count: size, within: window)
        guard let newest = days.first, let oldest = days.last else { return [] }
        let rows = try db.fetchAll(records: BreakdownRow.self, sql: """
            SELECT r.id, r.received_at, r.rating, r.scale, r.shortfall, cu.id AS customer_id, cu.name AS customer, cu.value,
                   s.name AS site, s.time_zone AS site_zone, st.name AS staff,
                   (SELECT count(*) FROM response_cause y WHERE y.response_id = r.id) AS tag_count
            FROM response_cause x\(db.dialect.indexedBy("response_cause_by_cause")) JOIN response r ON r.id = x.response_id
            JOIN customer cu ON cu.id = r.customer_id JOIN site s ON s.id = r.site_id LEFT JOIN staff st ON st.id = r.staff_id
            WHERE x.cause_id = ? AND x.received_at >= ? AND x.received_at < ? AND r.critical = 1\(scope.condition("r.site_id"))
            ORDER BY x.received_at DESC, x.response_id DESC LIMIT ?
            """, arguments: [ranked.causeId, UTCDay.start(oldest).epochSeconds, UTCDay.start(newest + 1).epochSeconds, skip - passed + size])
        return rows.dropFirst(skip - passed).compactMap { row -> BreakdownLine? in
            let input = ReturnOnSatisfaction.Input(responseId: row.id, receivedAt: row.receivedAt, shortfall: row.shortfall,
                                                   customerValue: row.value, tagCount: row.tagCount)
            guard let contribution = ReturnOnSatisfaction.contribution(of: input, now: now, medianValue: basis.median, parameters: parameters) else {
                return nil
            }
            return BreakdownLine(contribution: contribution, receivedAt: row.receivedAt, customer: row.customer, customerId: row.customerId,
                                 rating: row.rating, scale: row.scale, site: row.site, siteZone: row.siteZone, staff: row.staff)
        }
    }
}

/// Contributions are read a page at a time, on screen and in JSON.
public enum ContributionPage {
    public static let size = 100
}

extension Store {
    /// Staff and sites whose customers give top scores far more often than
    /// their peers' while leaving few comments (see `PressureSignals`).
    public func pressureSignals(now: Date, windowDays: Int? = nil) throws(StoreError) -> (staff: [PressureSignals.Signal], sites: [PressureSignals.Signal]) {
        try read { db in
            let days = try windowDays ?? Self.teamSettings(db).rankingWindowDays
            let (staff, sites) = try PressureSummary.tallies(db, now: now.epochSeconds, days: days, scope: scope(db))
            return (PressureSignals.signals(staff), PressureSignals.signals(sites))
        }
    }
}
